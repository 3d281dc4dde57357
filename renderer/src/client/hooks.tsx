import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { CommandInput, CommandName, CommandOutput, StreamEvent, StreamName } from '../../../preload/contract'
import type { ConnectionState } from './connection-state'
import { asContractCallError, type ContractCallError } from './contract-error'
import type { StationClient } from './station-client'

const ClientContext = createContext<StationClient | null>(null)

export function ClientProvider({ client, children }: { client: StationClient; children: ReactNode }) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>
}

export function useClient(): StationClient {
  const client = useContext(ClientContext)
  if (!client) throw new Error('useClient outside ClientProvider')
  return client
}

export function useConnection(): ConnectionState {
  const client = useClient()
  return useSyncExternalStore(
    (notify) => client.onConnectionChange(notify),
    () => client.connection(),
  )
}

/** Calls `listener` for every event of `name` while mounted; the latest listener is used without resubscribing. */
export function useStream<N extends StreamName>(name: N, listener: (event: StreamEvent<N>) => void, enabled = true): void {
  const client = useClient()
  const latest = useRef(listener)
  latest.current = listener
  useEffect(() => {
    if (!enabled) return
    return client.subscribe(name, (event) => latest.current(event))
  }, [client, name, enabled])
}

export interface CommandState<T> {
  data: T | undefined
  error: ContractCallError | undefined
  loading: boolean
  reload(): void
  /** Lets a stream handler fold live events into the last answer. */
  setData(update: (previous: T | undefined) => T | undefined): void
}

/**
 * Calls a read command when mounted and whenever its input changes, and again after the station connection comes
 * back (events sent while disconnected were missed, so the last answer may be stale).
 */
export function useCommand<N extends CommandName>(
  name: N,
  input: CommandInput<N>,
  options: { enabled?: boolean } = {},
): CommandState<CommandOutput<N>> {
  const client = useClient()
  const enabled = options.enabled ?? true
  const key = `${name} ${JSON.stringify(input)}`
  const inputRef = useRef(input)
  inputRef.current = input
  const [data, setDataState] = useState<CommandOutput<N> | undefined>(undefined)
  const [error, setError] = useState<ContractCallError | undefined>(undefined)
  const [loading, setLoading] = useState(enabled)
  const [generation, setGeneration] = useState(0)
  const status = useConnection().status

  // Only a re-connection re-reads: the first connection answers the call queued while it was being made.
  const lastStatus = useRef(status)
  const everOpen = useRef(status === 'open')
  useEffect(() => {
    if (status === 'open' && lastStatus.current !== 'open' && everOpen.current) setGeneration((g) => g + 1)
    if (status === 'open') everOpen.current = true
    lastStatus.current = status
  }, [status])

  // An answer for another input (the previous filter, say) is not shown while the new one is on its way.
  const answeredKey = useRef<string | undefined>(undefined)
  useEffect(() => {
    if (!enabled) return
    let current = true
    setLoading(true)
    if (answeredKey.current !== key) {
      answeredKey.current = undefined
      setDataState(undefined)
    }
    client.call(name, inputRef.current).then(
      (output) => {
        if (!current) return
        answeredKey.current = key
        setDataState(() => output)
        setError(undefined)
        setLoading(false)
      },
      (failure: unknown) => {
        if (!current) return
        setError(asContractCallError(failure))
        setLoading(false)
      },
    )
    return () => {
      current = false
    }
    // `key` stands for name + input by value.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, enabled, generation])

  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  const setData = useCallback((update: (previous: CommandOutput<N> | undefined) => CommandOutput<N> | undefined) => {
    setDataState((previous) => update(previous))
  }, [])
  return { data, error, loading, reload, setData }
}
