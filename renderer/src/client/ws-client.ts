import {
  MAX_MESSAGE_BYTES,
  ServerMessage,
  type ClientMessage,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type ContractApi,
  type StreamEvent,
  type StreamName,
} from '../../../preload/contract'
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff'
import type { ConnectionListener, ConnectionState } from './connection-state'
import { ContractCallError } from './contract-error'

/** The part of the browser WebSocket this client uses; the `ws` package's WebSocket fits it too (tests use that). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  addEventListener(type: 'open' | 'close' | 'error', listener: (event: { code?: number }) => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

export type SocketFactory = (url: string) => SocketLike

export interface WsClientOptions {
  createSocket?: SocketFactory
  backoff?: BackoffPolicy
  /** A call that has no answer after this long is rejected with code `timeout`. */
  callTimeoutMs?: number
  random?: () => number
  now?: () => number
}

const SOCKET_OPEN = 1
/** Close codes a station may use to say the token was refused; the client then stops retrying. */
const UNAUTHENTICATED_CLOSE_CODES = new Set([1008, 4401, 4403])

interface PendingCall {
  id: number
  frame: string
  resolve(output: unknown): void
  reject(error: ContractCallError): void
  timer: ReturnType<typeof setTimeout>
}

type Listener = (payload: unknown) => void

/**
 * The contract over the headless station's WebSocket. Calls made while disconnected wait for the connection;
 * calls already sent when the connection drops are rejected (main may or may not have run them, so they are
 * never re-sent); subscriptions are renewed after every reconnect.
 */
export class WsContractClient implements ContractApi {
  private socket: SocketLike | undefined
  private nextId = 1
  private readonly inFlight = new Map<number, PendingCall>()
  private readonly waiting = new Map<number, PendingCall>()
  private readonly listeners = new Map<string, Set<Listener>>()
  private readonly connectionListeners = new Set<ConnectionListener>()
  private state: ConnectionState = { status: 'connecting', attempt: 0 }
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private stopped = false
  private readonly createSocket: SocketFactory
  private readonly backoff: BackoffPolicy
  private readonly callTimeoutMs: number
  private readonly random: () => number
  private readonly now: () => number

  constructor(
    private readonly url: string,
    options: WsClientOptions = {},
  ) {
    this.createSocket = options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike)
    this.backoff = options.backoff ?? DEFAULT_BACKOFF
    this.callTimeoutMs = options.callTimeoutMs ?? 120_000
    this.random = options.random ?? Math.random
    this.now = options.now ?? Date.now
  }

  connect(): this {
    this.stopped = false
    this.open()
    return this
  }

  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const id = this.nextId++
    const message: ClientMessage = { t: 'call', id, name, input }
    const frame = JSON.stringify(message)
    if (new TextEncoder().encode(frame).length > MAX_MESSAGE_BYTES) {
      return Promise.reject(new ContractCallError('too-large', `The ${name} request is larger than the station accepts.`))
    }
    if (this.stopped) return Promise.reject(new ContractCallError('disconnected', 'The station connection is closed.'))
    return new Promise<CommandOutput<N>>((resolve, reject) => {
      const pending: PendingCall = {
        id,
        frame,
        resolve: resolve as (output: unknown) => void,
        reject,
        timer: setTimeout(() => {
          this.inFlight.delete(id)
          this.waiting.delete(id)
          reject(new ContractCallError('timeout', `The station did not answer ${name} in time.`))
        }, this.callTimeoutMs),
      }
      if (this.isOpen()) this.send(pending)
      else this.waiting.set(id, pending)
    })
  }

  subscribe<N extends StreamName>(name: N, listener: (event: StreamEvent<N>) => void): () => void {
    let set = this.listeners.get(name)
    if (!set) {
      set = new Set()
      this.listeners.set(name, set)
      if (this.isOpen()) this.sendFrame({ t: 'subscribe', name })
    }
    const wrapped: Listener = (payload) => listener(payload as StreamEvent<N>)
    set.add(wrapped)
    return () => {
      const current = this.listeners.get(name)
      if (!current?.delete(wrapped) || current.size > 0) return
      this.listeners.delete(name)
      if (this.isOpen()) this.sendFrame({ t: 'unsubscribe', name })
    }
  }

  connection(): ConnectionState {
    return this.state
  }

  onConnectionChange(listener: ConnectionListener): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  /** Skips the remaining back-off wait (the banner's "Retry now"). */
  retryNow(): void {
    if (this.stopped || this.isOpen() || this.state.status === 'connecting') return
    clearTimeout(this.retryTimer)
    this.open()
  }

  close(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    const socket = this.socket
    this.socket = undefined
    socket?.close(1000, 'client closed')
    this.failAll(this.inFlight, 'The station connection was closed.')
    this.failAll(this.waiting, 'The station connection was closed.')
    this.setState({ status: 'closed', attempt: 0 })
  }

  private isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === SOCKET_OPEN && this.state.status === 'open'
  }

  private open(): void {
    this.setState({ status: this.state.attempt === 0 ? 'connecting' : 'reconnecting', attempt: this.state.attempt })
    let socket: SocketLike
    try {
      socket = this.createSocket(this.url)
    } catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return
      this.setState({ status: 'open', attempt: 0 })
      for (const name of this.listeners.keys()) this.sendFrame({ t: 'subscribe', name })
      const queued = [...this.waiting.values()]
      this.waiting.clear()
      for (const pending of queued) this.send(pending)
    })
    // A failed connection is reported again by 'close', where it is handled; listening here keeps Node's `ws` from
    // treating the error as unhandled.
    socket.addEventListener('error', () => {})
    socket.addEventListener('message', (event) => {
      if (this.socket === socket) this.receive(event.data)
    })
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return
      this.socket = undefined
      this.failAll(
        this.inFlight,
        'The connection to the station dropped before it answered; the command may or may not have run.',
      )
      if (this.stopped) return
      if (this.state.status === 'unauthenticated' || UNAUTHENTICATED_CLOSE_CODES.has(event.code ?? 0)) {
        this.refuse()
        return
      }
      this.scheduleReconnect()
    })
  }

  private scheduleReconnect(): void {
    const attempt = this.state.attempt + 1
    const delay = backoffDelay(this.backoff, attempt, this.random())
    this.setState({ status: 'reconnecting', attempt, retryAt: this.now() + delay })
    clearTimeout(this.retryTimer)
    this.retryTimer = setTimeout(() => this.open(), delay)
  }

  /** The token was refused: retrying cannot help, and queued calls will never be answered. */
  private refuse(): void {
    this.stopped = true
    clearTimeout(this.retryTimer)
    this.failAll(this.inFlight, 'The station refused the access token.', 'unauthenticated')
    this.failAll(this.waiting, 'The station refused the access token.', 'unauthenticated')
    this.setState({ status: 'unauthenticated', attempt: this.state.attempt })
    const socket = this.socket
    this.socket = undefined
    socket?.close(1000)
  }

  private receive(data: unknown): void {
    const text = typeof data === 'string' ? data : data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? decode(data) : ''
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return
    }
    const parsed = ServerMessage.safeParse(json)
    if (!parsed.success) return
    const message = parsed.data
    if (message.t === 'event') {
      for (const listener of [...(this.listeners.get(message.name) ?? [])]) {
        try {
          listener(message.payload)
        } catch (error) {
          // One faulty view must not starve the others of events.
          queueMicrotask(() => {
            throw error
          })
        }
      }
      return
    }
    if (message.id === null) {
      if (!message.ok && message.error.code === 'unauthenticated') this.refuse()
      return
    }
    const pending = this.inFlight.get(message.id)
    if (!pending) return
    this.inFlight.delete(message.id)
    clearTimeout(pending.timer)
    if (message.ok) pending.resolve(message.output)
    else pending.reject(new ContractCallError(message.error.code, message.error.message, message.error.issues ?? []))
  }

  private send(pending: PendingCall): void {
    this.inFlight.set(pending.id, pending)
    this.socket?.send(pending.frame)
  }

  private sendFrame(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message))
  }

  private failAll(calls: Map<number, PendingCall>, message: string, code: 'disconnected' | 'unauthenticated' = 'disconnected') {
    const all = [...calls.values()]
    calls.clear()
    for (const pending of all) {
      clearTimeout(pending.timer)
      pending.reject(new ContractCallError(code, message))
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state
    for (const listener of [...this.connectionListeners]) listener(state)
  }
}

function decode(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new TextDecoder().decode(bytes)
}
