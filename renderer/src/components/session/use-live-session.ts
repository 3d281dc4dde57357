import { useRef } from 'react'
import type { Session, SessionEvent } from '../../../../preload/contract'
import { useCommand, useStream } from '../../client/hooks'
import type { ContractCallError } from '../../client/contract-error'
import { applySessionEvent } from './session-merge'

export interface LiveSession {
  session: Session | undefined
  error: ContractCallError | undefined
  loading: boolean
}

/** One session from sessions.get, kept current by sessions.updated; re-read at its end so the cause is complete. */
export function useLiveSession(id: string | undefined): LiveSession {
  // Subscribed before sessions.get is sent (effects run in order), so no event falls between the read and the stream.
  const onEvent = useRef<(event: SessionEvent) => void>(() => {})
  useStream('sessions.updated', (event) => onEvent.current(event), Boolean(id))
  const { data, error, loading, setData, reload } = useCommand('sessions.get', { id: id ?? '' }, { enabled: Boolean(id) })
  onEvent.current = (event) => {
    if (event.session.id !== id) return
    setData((session) => (session ? applySessionEvent(session, event) : session))
    if (event.kind === 'ended') reload()
  }
  return { session: data && data.id === id ? data : undefined, error, loading }
}
