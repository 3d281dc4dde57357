import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useClient, useConnection } from '../client/hooks'
import './ConnectionBanner.css'

/** Says when the station cannot be reached; silent while connected. */
export function ConnectionBanner() {
  const { t } = useTranslation()
  const client = useClient()
  const state = useConnection()
  const now = useSecondTicker(state.status === 'reconnecting')
  if (state.status === 'open') return null
  const seconds = state.retryAt ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0
  const message =
    state.status === 'connecting'
      ? t('connection.connecting')
      : state.status === 'reconnecting'
        ? t('connection.reconnecting', { seconds, attempt: state.attempt })
        : state.status === 'unauthenticated'
          ? t('connection.unauthenticated')
          : t('connection.closed')
  return (
    <div className={`connection-banner connection-${state.status}`} role="status" aria-live="polite">
      <span>{message}</span>
      {state.status === 'reconnecting' && (
        <button type="button" onClick={() => client.retryNow()}>
          {t('connection.retryNow')}
        </button>
      )}
    </div>
  )
}

function useSecondTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [active])
  return now
}
