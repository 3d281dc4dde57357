import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { StatsFilter } from '../../../../preload/contract'
import { useClient, useCommand } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { SessionView } from '../../components/session/SessionView'
import { formatDateTimeShort, formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { downloadBundle } from './bundle-transfer'
import type { CausePick } from './FailuresByCause'

/** The sessions behind one count of "failures by cause"; picking one shows its cause, evidence and timeline. */
export function FailedSessions({ pick, filter }: { pick: CausePick; filter: StatsFilter }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const list = useCommand('stats.failures', { filter, method: pick.method, causeId: pick.causeId, limit: 100 })
  const [selected, setSelected] = useState<string | undefined>(undefined)
  const sessions = list.data ?? []
  const shown = selected && sessions.some((s) => s.id === selected) ? selected : sessions[0]?.id
  return (
    <section className="panel timing-failed" aria-label={t('timing.failures.sessionsLabel')}>
      <h2>{t('timing.failures.sessionsTitle', { method: t(`method.${pick.method}.name`), cause: pick.causeId })}</h2>
      <ErrorNotice error={list.error} />
      <div className="timing-failed-columns">
        <ul className="timing-failed-list">
          {sessions.map((s) => (
            <li key={s.id}>
              <button type="button" className={s.id === shown ? 'timing-picked' : ''} aria-pressed={s.id === shown} onClick={() => setSelected(s.id)}>
                <span className="mono">{formatDateTimeShort(s.startedAt, language)}</span> {s.deviceLabel ?? s.deviceModel ?? '–'} ·{' '}
                {s.endedAt ? formatDuration(s.endedAt - s.startedAt, language) : ''}
              </button>
            </li>
          ))}
        </ul>
        {shown && <SessionDetail id={shown} />}
      </div>
    </section>
  )
}

/** One stored session as the Sessions page shows it (cause, evidence, timeline), and its support bundle. */
export function SessionDetail({ id }: { id: string }) {
  const { t } = useTranslation()
  const client = useClient()
  const session = useCommand('sessions.get', { id })
  const [exporting, setExporting] = useState(false)
  const [exported, setExported] = useState<string | undefined>(undefined)
  const [exportError, setExportError] = useState<ContractCallError | undefined>(undefined)
  const exportBundle = async () => {
    setExporting(true)
    setExported(undefined)
    setExportError(undefined)
    try {
      const done = await downloadBundle(client, id)
      setExported(t('timing.bundle.exported', { file: done.fileName, kib: (done.size / 1024).toFixed(1) }))
    } catch (error) {
      setExportError(asContractCallError(error))
    } finally {
      setExporting(false)
    }
  }
  return (
    <div className="stack timing-session-detail" data-testid="timing-session-detail">
      <div className="row">
        <button type="button" onClick={exportBundle} disabled={exporting}>
          {exporting ? t('timing.bundle.exporting') : t('timing.bundle.export')}
        </button>
        {exported && (
          <span role="status" className="muted">
            {exported}
          </span>
        )}
      </div>
      <ErrorNotice error={exportError ?? session.error} />
      {session.data && <SessionView session={session.data} />}
    </div>
  )
}
