import { useTranslation } from 'react-i18next'
import type { Session } from '../../../../preload/contract'
import { formatDateTime, formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { OutcomeBadge } from '../common/OutcomeBadge'
import { useNow } from '../common/use-now'
import { Timeline } from '../timeline/Timeline'
import { CauseView } from './CauseView'
import './SessionView.css'

/** A session's facts, its step timeline and, when it failed, the diagnosis. */
export function SessionView({ session }: { session: Session }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const running = session.outcome === 'running'
  const now = useNow(running, 1000)
  const elapsed = (session.endedAt ?? now) - session.startedAt
  return (
    <div className="session-view stack">
      <div className="session-facts">
        <div className="row">
          <span className="muted">{t('session.outcome')}</span>
          <span role="status" aria-label={t('session.outcome')} data-testid="session-outcome">
            <OutcomeBadge outcome={session.outcome} />
          </span>
        </div>
        <dl className="facts">
          <dt>{t('session.method')}</dt>
          <dd>
            {t(`method.${session.method}.name`)} <span className="mono muted">{session.method}</span>
            {session.encoding && <span className="mono muted"> · {session.encoding}</span>}
          </dd>
          <dt>{t('session.device')}</dt>
          <dd>
            {session.deviceLabel ?? session.deviceId ?? '–'}
            {session.deviceModel && <span className="muted"> · {session.deviceModel}</span>}
          </dd>
          <dt>{t('session.network')}</dt>
          <dd>
            {session.target.ssid}
            {session.target.bssid && <span className="mono muted"> · {session.target.bssid}</span>}
          </dd>
          <dt>{t('session.started')}</dt>
          <dd>{formatDateTime(session.startedAt, language)}</dd>
          <dt>{t('session.duration')}</dt>
          <dd>{formatDuration(elapsed, language)}</dd>
          <dt>{t('session.id')}</dt>
          <dd className="mono">{session.id}</dd>
        </dl>
      </div>
      {session.cause && <CauseView cause={session.cause} />}
      <Timeline steps={session.steps} startedAt={session.startedAt} endedAt={session.endedAt} />
    </div>
  )
}
