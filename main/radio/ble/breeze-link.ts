// A Breeze session over any GattConnection (lab or noble): the pure client state machine (codec/breeze/client.ts)
// gets what arrives on IC/NC, and its writes are made in order on WC/WWNRC. Callers see named phases (subscribe,
// authenticate, send the Wi-Fi config, wait for the reply) with timeouts, and a dropped link as an error.
import { toHex } from '../../codec/ble/bytes'
import type { SecretType } from '../../codec/breeze/advertisement'
import { type BreezeClient, type BreezeClientOptions, type ClientEvent, type ClientStep, createBreezeClient } from '../../codec/breeze/client'
import { BREEZE_SERVICE_UUID } from '../../codec/breeze/constants'
import { buildExtQuery, ExtTlv, type WifiConfigInput, type WifiConfigProfile, type WifiConfigReply } from '../../codec/breeze/extcmd'
import type { Clock } from '../../runtime/clock'
import { BleError } from './errors'
import type { DisconnectReason, GattConnection, OperationOptions } from './interface'

export type BreezeFailure =
  | 'auth-rand-firmware-bug'
  | 'auth-rejected'
  | 'no-device-secret'
  | 'auth-timeout'
  | 'protocol'
  | 'config-rejected'
  | 'reply-timeout'

/** A Breeze-level failure (the link itself may still be up). */
export class BreezeError extends Error {
  constructor(
    readonly failure: BreezeFailure,
    message: string,
  ) {
    super(message)
    this.name = 'BreezeError'
  }
}

export interface BreezeLinkOptions {
  productSecret: string
  secretType: SecretType
  deviceSecret?: (deviceName: string) => string | undefined
}

const ref = (characteristic: number) => ({ service: BREEZE_SERVICE_UUID, characteristic })

export class BreezeLink {
  private readonly client: BreezeClient
  private readonly events: ClientEvent[] = []
  private readonly waiters = new Set<() => void>()
  private buffered: { value: Uint8Array; via: 'indication' | 'notification' }[] | undefined = []
  private writes: Promise<void> = Promise.resolve()
  private writeError: Error | undefined
  private lost: DisconnectReason | undefined
  private readonly stopWatching: () => void
  /** Set by AUTH_KEY (per-device products) or the EXT query after authentication. */
  deviceName: string | undefined
  productKey: string | undefined

  constructor(
    private readonly conn: GattConnection,
    options: BreezeLinkOptions,
    private readonly clock: Clock,
  ) {
    const clientOptions: BreezeClientOptions = {
      productSecret: options.productSecret,
      secretType: options.secretType,
      attMtu: conn.mtu,
      ...(options.deviceSecret ? { deviceSecret: options.deviceSecret } : {}),
    }
    this.client = createBreezeClient(clientOptions)
    this.stopWatching = conn.onDisconnect((reason) => {
      this.lost = reason
      this.apply(this.client.disconnected())
      this.wake()
    })
  }

  get state(): string {
    return this.client.state
  }

  get linkUp(): boolean {
    return this.lost === undefined && this.conn.connected
  }

  /** The device random of this session, once AUTH_RAND arrived (not secret; it is on the air in clear). */
  get randomHex(): string | undefined {
    return this.client.random ? toHex(this.client.random) : undefined
  }

  /** Enables IC indications and NC notifications; the device sends AUTH_RAND once both are on (held until authenticate). */
  async subscribe(opts: OperationOptions = {}): Promise<void> {
    for (const action of this.client.start().actions) {
      if (action.kind !== 'subscribe') continue
      const via = action.mode === 'indicate' ? 'indication' : 'notification'
      await this.conn.subscribe(ref(action.characteristic), action.mode, (value) => this.incoming(value, via), opts)
    }
  }

  private incoming(value: Uint8Array, via: 'indication' | 'notification'): void {
    if (this.buffered) this.buffered.push({ value, via })
    else this.apply(this.client.receive(value, via))
  }

  private apply(step: ClientStep): void {
    this.events.push(...step.events)
    for (const action of step.actions) {
      if (action.kind === 'write') {
        this.writes = this.writes.then(async () => {
          if (this.writeError) return
          try {
            await this.conn.write(ref(action.characteristic), action.value, { withResponse: action.withResponse })
          } catch (error) {
            this.writeError = error as Error
            this.wake()
          }
        })
      } else if (action.kind === 'disconnect') {
        void this.conn.disconnect()
      }
    }
    for (const event of step.events) if (event.type === 'device-name') this.deviceName = event.deviceName
    this.wake()
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter()
  }

  /** The first event from `from` on that `pick` accepts; rejects on a lost link, a failed write, timeout or abort. */
  private waitFor<T>(from: number, pick: (event: ClientEvent) => T | undefined, timeoutMs: number, signal: AbortSignal | undefined, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let cancelTimer = () => {}
      const finish = (fn: () => void) => {
        this.waiters.delete(check)
        cancelTimer()
        signal?.removeEventListener('abort', onAbort)
        fn()
      }
      const check = () => {
        for (let i = from; i < this.events.length; i++) {
          const picked = pick(this.events[i])
          if (picked !== undefined) return finish(() => resolve(picked))
        }
        if (this.writeError) return finish(() => reject(this.writeError))
        if (this.lost) return finish(() => reject(new BleError('disconnected', `link lost (${this.lost}) while the client was ${this.client.state}`)))
      }
      const onAbort = () => finish(() => reject(signal!.reason ?? new BleError('aborted', 'aborted')))
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      cancelTimer = this.clock.timer(timeoutMs, () => finish(() => reject(onTimeout())))
      this.waiters.add(check)
      check()
    })
  }

  /**
   * Runs the handshake: AUTH_RAND (held since subscribe) [-> AUTH_KEY] -> AUTH_REQ -> AUTH_RSP -> AUTH_CFM.
   * Resolves once AUTH_CFM is written; BreezeError for a refused or impossible handshake.
   */
  async authenticate(timeoutMs: number, signal?: AbortSignal): Promise<{ keyFrom: string }> {
    const from = this.events.length
    const held = this.buffered ?? []
    this.buffered = undefined
    for (const { value, via } of held) this.apply(this.client.receive(value, via))
    const outcome = await this.waitFor(
      from,
      (e) => (e.type === 'authenticated' || e.type === 'failed' ? e : undefined),
      timeoutMs,
      signal,
      () => new BreezeError('auth-timeout', `no authentication within ${timeoutMs} ms (client ${this.client.state})`),
    ).catch((error: unknown) => {
      // The client explains a lost link by the state it was in (after AUTH_REQ it means a secret mismatch).
      const failed = this.events.slice(from).find((e) => e.type === 'failed')
      if (failed) return failed
      throw error
    })
    if (outcome.type === 'failed') {
      const failure: BreezeFailure =
        outcome.failure === 'auth-rand-firmware-bug'
          ? 'auth-rand-firmware-bug'
          : outcome.failure === 'no-device-secret'
            ? 'no-device-secret'
            : outcome.failure === 'auth-rejected' || (outcome.failure === 'disconnected' && /AUTH_REQ/.test(outcome.reason))
              ? 'auth-rejected'
              : outcome.failure === 'disconnected'
                ? 'auth-timeout'
                : 'protocol'
      throw new BreezeError(failure, outcome.reason)
    }
    await this.writes
    if (this.writeError) throw this.writeError
    return { keyFrom: outcome.type === 'authenticated' ? outcome.keyFrom : 'product-secret' }
  }

  /** EXT query of product key and device name (TLV 0x02, 0x03); undefined values when the device refuses. */
  async queryIdentity(timeoutMs: number, signal?: AbortSignal): Promise<{ productKey?: string; deviceName?: string }> {
    const query = buildExtQuery([ExtTlv.productKey, ExtTlv.deviceName])
    if (!query.ok) return {}
    const from = this.events.length
    this.apply(this.client.sendExtCommand(query.value))
    const reply = await this.waitFor(
      from,
      (e) => (e.type === 'ext-reply' || e.type === 'ext-refused' || e.type === 'transport-error' ? e : undefined),
      timeoutMs,
      signal,
      () => new BreezeError('reply-timeout', `no answer to the identity query within ${timeoutMs} ms`),
    )
    if (reply.type !== 'ext-reply') return {}
    const text = (type: number) => {
      const v = reply.tlvs.find((t) => t.type === type)?.value
      return v && v.length > 0 ? new TextDecoder().decode(v) : undefined
    }
    this.productKey = text(ExtTlv.productKey) ?? this.productKey
    this.deviceName = text(ExtTlv.deviceName) ?? this.deviceName
    return { productKey: this.productKey, deviceName: this.deviceName }
  }

  /**
   * Writes the Wi-Fi config (EXT_DOWN, TLV 0x06) frame by frame; resolves when the last frame was written.
   * `reply()` then waits for the device's answer. Encoding problems (too long, NUL bytes) reject at once.
   */
  async sendWifiConfig(config: WifiConfigInput, profile: WifiConfigProfile, signal?: AbortSignal): Promise<{ frames: number; reply: (timeoutMs: number) => Promise<WifiConfigReply> }> {
    if (!this.linkUp) throw new BleError('disconnected', `link lost (${this.lost ?? 'down'}) before the Wi-Fi config`)
    const from = this.events.length
    const step = this.client.sendWifiConfig(config, { profile })
    const refused = step.events.find((e) => e.type === 'wifi-config-rejected' || e.type === 'transport-error')
    if (refused) throw new BreezeError('protocol', refused.reason)
    const frames = step.actions.filter((a) => a.kind === 'write').length
    this.apply(step)
    const written = this.writes
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(signal!.reason ?? new BleError('aborted', 'aborted'))
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
      written.then(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      })
    })
    if (this.writeError) throw this.writeError
    return {
      frames,
      reply: async (timeoutMs) => {
        const answer = await this.waitFor(
          from,
          (e) => (e.type === 'wifi-config-accepted' || e.type === 'wifi-config-rejected' ? e : undefined),
          timeoutMs,
          signal,
          () => new BreezeError('reply-timeout', `no answer to the Wi-Fi config within ${timeoutMs} ms`),
        )
        if (answer.type === 'wifi-config-rejected') throw new BreezeError('config-rejected', answer.reason)
        return answer.reply
      },
    }
  }

  async close(): Promise<void> {
    this.stopWatching()
    if (this.conn.connected) await this.conn.disconnect()
  }
}

