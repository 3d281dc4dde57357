import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MethodId, SessionOutcome } from '../../../../preload/contract'
import type { PageProps } from '../../app/routes'
import { navigate } from '../../app/hash-route'
import { useCommand, useStream } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { applySummaryEvent, type SessionFilter } from '../../components/session/session-merge'
import { SessionView } from '../../components/session/SessionView'
import { useLiveSession } from '../../components/session/use-live-session'
import { SessionTable } from './SessionTable'
import './SessionsPage.css'

const LIST_LIMIT = 2_000

export function SessionsPage({ params }: PageProps) {
  const { t } = useTranslation()
  const selectedId = params[0]
  const [filter, setFilter] = useState<SessionFilter>({})
  const list = useCommand('sessions.list', { ...filter, limit: LIST_LIMIT })
  useStream('sessions.updated', (event) => list.setData((sessions) => (sessions ? applySummaryEvent(sessions, event, filter) : sessions)))
  const selected = useLiveSession(selectedId)
  const sessions = list.data ?? []

  return (
    <div className="sessions-page">
      <div className="page-title">
        <h1>{t('sessions.title')}</h1>
        <span className="muted">{list.data ? t('sessions.count', { n: sessions.length }) : t('common.loading')}</span>
      </div>
      <div className="sessions-columns">
        <section className="panel stack sessions-list" aria-label={t('sessions.listLabel')}>
          <div className="row sessions-filters">
            <label className="row">
              {t('sessions.filterMethod')}
              <select
                value={filter.method ?? ''}
                onChange={(event) => setFilter((f) => ({ ...f, method: (event.target.value || undefined) as MethodId | undefined }))}
              >
                <option value="">{t('sessions.all')}</option>
                {MethodId.options.map((method) => (
                  <option key={method} value={method}>
                    {t(`method.${method}.name`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="row">
              {t('sessions.filterOutcome')}
              <select
                value={filter.outcome ?? ''}
                onChange={(event) =>
                  setFilter((f) => ({ ...f, outcome: (event.target.value || undefined) as SessionOutcome | undefined }))
                }
              >
                <option value="">{t('sessions.all')}</option>
                {SessionOutcome.options.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {t(`outcome.${outcome}`)}
                  </option>
                ))}
              </select>
            </label>
            <span className="spacer" />
            <button type="button" onClick={list.reload}>
              {t('common.refresh')}
            </button>
          </div>
          <ErrorNotice error={list.error} />
          {list.data && sessions.length === 0 ? (
            <div className="muted">{t('sessions.empty')}</div>
          ) : (
            <SessionTable sessions={sessions} selectedId={selectedId} onSelect={(id) => navigate('sessions', id)} />
          )}
        </section>
        <section className="panel sessions-detail" aria-label={t('sessions.detailLabel')}>
          {!selectedId && <div className="muted">{t('sessions.pickOne')}</div>}
          <ErrorNotice error={selected.error} />
          {selected.session && <SessionView session={selected.session} />}
        </section>
      </div>
    </div>
  )
}
