import type { RadioState } from '../../../preload/contract'
import { AdvertisementQueue } from '../ble/advertisement-queue'
import { advertisementFromNoble, uuidFromNoble } from '../ble/advertisement'
import { BleError, normalizeUuid } from '../ble/errors'
import type {
  Advertisement,
  BleRadio,
  CharacteristicProperty,
  CharacteristicRef,
  ConnectOptions,
  DisconnectReason,
  GattConnection,
  GattService,
  OperationOptions,
  ScanOptions,
} from '../ble/interface'
import { BleHostClient, type HostProcess, spawnBleHost } from '../host/ble-host'
import { HostServiceSchema } from '../host/ble-host-messages'
import { bytesToHex, hexToBytes, type HostAdvertisement } from '../host/ble-host-protocol'
import { ProbedRadio } from './probed-radio'

/** The host is a fresh Node process loading noble: give a slow, busy machine time. */
const STATE_TIMEOUT_MS = 15_000
const DEFAULT_GATT_TIMEOUT_MS = 10_000

const NOBLE_PROPERTIES: Record<string, CharacteristicProperty> = {
  read: 'read',
  write: 'write',
  writeWithoutResponse: 'write-without-response',
  notify: 'notify',
  indicate: 'indicate',
}

/**
 * Bluetooth LE through @abandonware/noble, which runs only in the BLE host child process: a missing controller or a
 * crashing driver becomes a radio state with a remedy, and a dropped link an event, never a crash of the station.
 */
export class HardwareBleRadio extends ProbedRadio implements BleRadio {
  private host: BleHostClient | undefined
  private hostState: RadioState = { radio: 'ble', status: 'checking', driver: '@abandonware/noble' }
  private stateWaiters = new Set<(state: RadioState) => void>()
  private scanners = new Set<(adv: HostAdvertisement) => void>()
  private connections = new Map<number, HostGattConnection>()

  constructor(private readonly spawnHost: () => HostProcess = spawnBleHost) {
    super('ble')
  }

  override state(): RadioState {
    return this.hostState
  }

  /** Starts the host if it is not running and resolves with the first adapter state it reports. */
  override async refresh(): Promise<RadioState> {
    if (this.host?.alive && this.hostState.status !== 'checking') return this.hostState
    this.ensureHost()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stateWaiters.delete(done)
        this.setState({ radio: 'ble', status: 'unavailable', driver: '@abandonware/noble', reason: `The Bluetooth host did not report within ${STATE_TIMEOUT_MS} ms.`, remedy: 'Check the adapter and its driver, then Refresh radios.' })
        resolve(this.hostState)
      }, STATE_TIMEOUT_MS)
      const done = (state: RadioState) => {
        clearTimeout(timer)
        resolve(state)
      }
      this.stateWaiters.add(done)
    })
  }

  /** Stops the host process (the station closing). */
  close(): void {
    this.host?.stop()
  }

  private setState(state: RadioState): void {
    this.hostState = state
    for (const waiter of [...this.stateWaiters]) waiter(state)
    this.stateWaiters.clear()
  }

  private ensureHost(): BleHostClient {
    if (this.host?.alive) return this.host
    this.hostState = { radio: 'ble', status: 'checking', driver: '@abandonware/noble' }
    const host: BleHostClient = new BleHostClient(this.spawnHost(), {
      state: (state) => this.setState(state),
      advertisement: (adv) => {
        for (const scanner of [...this.scanners]) scanner(adv)
      },
      data: (link, service, characteristic, value) => this.connections.get(link)?.pushed(service, characteristic, hexToBytes(value)),
      disconnected: (link, reason) => {
        this.connections.get(link)?.closed(reason === 'local' ? 'local' : 'remote-terminated')
        this.connections.delete(link)
      },
      exited: (state) => {
        for (const conn of this.connections.values()) conn.closed('radio-lost')
        this.connections.clear()
        if (this.host === host) this.setState(state)
      },
    })
    this.host = host
    return host
  }

  private requireReady(): BleHostClient {
    const state = this.hostState
    if (state.status !== 'ready' || !this.host?.alive) throw new BleError('unavailable', `Bluetooth LE unavailable: ${state.reason ?? state.status}`)
    return this.host
  }

  scan(opts: ScanOptions = {}): AsyncIterable<Advertisement> {
    return { [Symbol.asyncIterator]: () => this.iterate(opts) }
  }

  private iterate(opts: ScanOptions): AsyncIterator<Advertisement> {
    const queue = new AdvertisementQueue()
    let timer: NodeJS.Timeout | undefined
    const consumer = (adv: HostAdvertisement) => {
      queue.push(
        advertisementFromNoble({
          ...adv,
          manufacturerData: adv.manufacturerData ? hexToBytes(adv.manufacturerData) : undefined,
          serviceData: adv.serviceData?.map((d) => ({ uuid: d.uuid, data: hexToBytes(d.data) })),
          receivedAt: Date.now(),
        }),
      )
    }
    const finish = () => {
      if (!queue.end()) return
      if (timer) clearTimeout(timer)
      opts.signal?.removeEventListener('abort', finish)
      this.scanners.delete(consumer)
      if (this.scanners.size === 0 && this.host?.alive) this.host.request({ op: 'scan-stop' }).catch(() => undefined)
    }
    let host: BleHostClient | undefined
    try {
      host = this.requireReady()
    } catch (error) {
      return { next: () => Promise.reject(error) }
    }
    const first = this.scanners.size === 0
    this.scanners.add(consumer)
    if (first) host.request({ op: 'scan-start', allowDuplicates: true }).catch(() => finish())
    if (opts.durationMs !== undefined) timer = setTimeout(finish, opts.durationMs)
    if (opts.signal?.aborted) finish()
    else opts.signal?.addEventListener('abort', finish, { once: true })
    return queue.iterator(finish)
  }

  async connect(address: string, opts: ConnectOptions): Promise<GattConnection> {
    const host = this.requireReady()
    if (opts.signal?.aborted) throw new BleError('aborted', 'aborted')
    const result = (await host.request({ op: 'connect', address, timeoutMs: opts.timeoutMs })) as { link: number; mtu?: number }
    const connection = new HostGattConnection(host, result.link, address.toLowerCase(), result.mtu ?? 23)
    this.connections.set(result.link, connection)
    return connection
  }
}

/** A GattConnection whose procedures run in the host; values pushed by the peripheral arrive as host events. */
export class HostGattConnection implements GattConnection {
  private listeners = new Map<string, (value: Uint8Array) => void>()
  private disconnectListeners = new Set<(reason: DisconnectReason) => void>()
  private closedReason: DisconnectReason | undefined
  private services: GattService[] | undefined

  constructor(
    private readonly host: BleHostClient,
    private readonly link: number,
    readonly address: string,
    readonly mtu: number,
  ) {}

  get connected(): boolean {
    return this.closedReason === undefined && this.host.alive
  }

  pushed(service: string, characteristic: string, value: Uint8Array): void {
    this.listeners.get(`${normalizeUuid(service)}/${normalizeUuid(characteristic)}`)?.(value)
  }

  closed(reason: DisconnectReason): void {
    if (this.closedReason) return
    this.closedReason = reason
    for (const listener of [...this.disconnectListeners]) listener(reason)
    this.disconnectListeners.clear()
  }

  onDisconnect(listener: (reason: DisconnectReason) => void): () => void {
    this.disconnectListeners.add(listener)
    return () => this.disconnectListeners.delete(listener)
  }

  /** noble exchanges the MTU itself when connecting; this reports what it settled on. */
  async exchangeMtu(): Promise<number> {
    return this.mtu
  }

  private async call(body: Parameters<BleHostClient['request']>[0], opts: OperationOptions = {}): Promise<unknown> {
    if (!this.connected) throw new BleError('disconnected', `link to ${this.address} is down (${this.closedReason ?? 'host gone'})`)
    const timeoutMs = opts.timeoutMs ?? DEFAULT_GATT_TIMEOUT_MS
    let timer: NodeJS.Timeout | undefined
    let onAbort: (() => void) | undefined
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // ATT allows nothing more on a link after a transaction timeout: drop it.
        void this.disconnect()
        reject(new BleError('gatt-timeout', `no answer within ${timeoutMs} ms`))
      }, timeoutMs)
      onAbort = () => reject(new BleError('aborted', 'aborted'))
      opts.signal?.addEventListener('abort', onAbort, { once: true })
    })
    let stopWatching = () => {}
    const lost = new Promise<never>((_, reject) => {
      stopWatching = this.onDisconnect((reason) => reject(new BleError('disconnected', `link to ${this.address} lost (${reason})`)))
    })
    try {
      return await Promise.race([this.host.request(body), guard, lost])
    } finally {
      clearTimeout(timer)
      stopWatching()
      if (onAbort) opts.signal?.removeEventListener('abort', onAbort)
    }
  }

  async discover(opts?: OperationOptions): Promise<GattService[]> {
    if (this.services) return this.services
    const raw = HostServiceSchema.array().parse(await this.call({ op: 'discover', link: this.link }, opts))
    this.services = raw.map((s) => ({
      uuid: uuidFromNoble(s.uuid),
      characteristics: s.characteristics.map((c) => ({
        uuid: uuidFromNoble(c.uuid),
        properties: c.properties.map((p) => NOBLE_PROPERTIES[p]).filter((p): p is CharacteristicProperty => !!p),
      })),
    }))
    return this.services
  }

  async read(ref: CharacteristicRef, opts?: OperationOptions): Promise<Uint8Array> {
    const value = await this.call({ op: 'read', link: this.link, ...names(ref) }, opts)
    return hexToBytes(typeof value === 'string' ? value : '')
  }

  async write(ref: CharacteristicRef, value: Uint8Array, opts: OperationOptions & { withResponse: boolean }): Promise<void> {
    await this.call({ op: 'write', link: this.link, ...names(ref), value: bytesToHex(value), withResponse: opts.withResponse }, opts)
  }

  async subscribe(ref: CharacteristicRef, mode: 'notify' | 'indicate', listener: (value: Uint8Array) => void, opts?: OperationOptions): Promise<void> {
    const services = await this.discover(opts)
    const c = services.find((s) => normalizeUuid(s.uuid) === normalizeUuid(ref.service))?.characteristics.find((x) => normalizeUuid(x.uuid) === normalizeUuid(ref.characteristic))
    if (!c) throw new BleError('not-found', `no characteristic ${normalizeUuid(ref.characteristic)}`)
    if (!c.properties.includes(mode)) throw new BleError('not-found', `characteristic ${normalizeUuid(ref.characteristic)} does not support ${mode}`)
    const n = names(ref)
    this.listeners.set(`${normalizeUuid(n.service)}/${normalizeUuid(n.characteristic)}`, listener)
    // noble picks notify or indicate from the characteristic's properties when it writes the CCCD.
    await this.call({ op: 'subscribe', link: this.link, ...n }, opts)
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return
    await this.host.request({ op: 'disconnect', link: this.link }).catch(() => undefined)
    this.closed('local')
  }
}

const names = (ref: CharacteristicRef) => ({ service: normalizeUuid(ref.service), characteristic: normalizeUuid(ref.characteristic) })
