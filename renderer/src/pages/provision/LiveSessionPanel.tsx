import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { useClient } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { SessionView } from '../../components/session/SessionView'
import type { LiveSession } from '../../components/session/use-live-session'
import { hrefFor } from '../../app/hash-route'
import { QrPanel } from './QrPanel'

/** The session just started from this page, followed live. */
export function LiveSessionPanel({ sessionId, live }: { sessionId: string; live: LiveSession }) {
  const { t } = useTranslation()
  const client = useClient()
  const { session, error } = live
  const [cancelError, setCancelError] = useState<ContractCallError | undefined>(undefined)
  const [cancelling, setCancelling] = useState(false)

  const cancel = async () => {
    setCancelling(true)
    setCancelError(undefined)
    try {
      await client.call('sessions.cancel', { id: sessionId })
    } catch (failure) {
      setCancelError(asContractCallError(failure))
    } finally {
      setCancelling(false)
    }
  }

  return (
    <section className="panel stack live-session" aria-label={t('provision.liveSession')}>
      <div className="row">
        <h2>{t('provision.liveSession')}</h2>
        <span className="spacer" />
        {session?.outcome === 'running' && (
          <button type="button" className="danger" onClick={cancel} disabled={cancelling}>
            {t('provision.cancel')}
          </button>
        )}
        <a href={hrefFor('sessions', sessionId)}>{t('provision.openInSessions')}</a>
      </div>
      <ErrorNotice error={error} />
      <ErrorNotice error={cancelError} action={t('provision.cancelFailed')} />
      {/* The QR encodes the password: it stays on screen only while the camera may still need it. */}
      {session?.method === 'webcam-config' && session.outcome === 'running' && <QrPanel sessionId={sessionId} />}
      {session ? <SessionView session={session} /> : !error && <div className="muted">{t('common.loading')}</div>}
    </section>
  )
}
