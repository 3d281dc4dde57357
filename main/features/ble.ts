import type { BleScanStatus, DeviceInfo } from '../../preload/contract'
import type { FeatureInstaller } from '../features'
import { isBreezeLabDevice } from '../lab/devices/breeze-device'
import type { Advertisement, BleRadio } from '../radio/ble/interface'
import type { Station } from '../station'
import { CommandError } from '../transport/handlers'
import { BleScanTable } from './ble-scan-table'

/** The UI never gets one message per advertisement: changed rows are pushed at most this often. */
export const PUSH_INTERVAL_MS = 500
const DEFAULT_SCAN_MS = 5 * 60_000
/** How long `--device <address or name>` may scan to find a device nobody has looked for yet. */
const RESOLVE_SCAN_MS = 3_000

const looksLikeAddress = (s: string) => /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(s.trim())
const normalizeAddress = (s: string) => s.trim().toLowerCase().replace(/-/g, ':')

/** BLE for the station: the scanner behind the Scanner page, and scanned devices for device pickers and the CLI. */
export const installBle: FeatureInstaller = (station) => {
  const scanner = new BleScanner(station)
  station.handlers['ble.startScan'] = ({ durationMs }) => scanner.start(durationMs ?? DEFAULT_SCAN_MS)
  station.handlers['ble.stopScan'] = () => scanner.stop()
  station.handlers['ble.devices'] = () => ({ status: scanner.status(), devices: scanner.table.all() })
  station.deviceSources.push((list, method) => scanner.completeDevices(list, method))
  station.deviceResolvers.push((id) => scanner.resolve(id))
  return () => {
    scanner.stop()
  }
}

export class BleScanner {
  readonly table: BleScanTable
  private run: AbortController | undefined
  private startedAt: number | undefined
  private until: number | undefined
  private cancelPush: () => void = () => {}
  private cancelStop: () => void = () => {}

  constructor(private readonly station: Station) {
    this.table = new BleScanTable((address) => this.labIds().get(address) ?? address)
  }

  private get radio(): BleRadio {
    return this.station.radios.ble
  }

  /** Lab Breeze devices by BLE address. */
  private labIds(): Map<string, string> {
    const out = new Map<string, string>()
    for (const device of this.station.lab?.allDevices() ?? []) if (isBreezeLabDevice(device)) out.set(device.bleAddress, device.spec.id)
    return out
  }

  status(): BleScanStatus {
    return {
      scanning: !!this.run,
      ...(this.startedAt !== undefined ? { startedAt: this.startedAt } : {}),
      ...(this.until !== undefined ? { until: this.until } : {}),
      radio: this.radio.state(),
    }
  }

  start(durationMs: number): BleScanStatus {
    const state = this.radio.state()
    if (state.status !== 'ready') throw new CommandError('unavailable', `Bluetooth LE is ${state.status}: ${state.reason ?? ''} ${state.remedy ?? ''}`.trim())
    const clock = this.station.clock
    this.until = clock.now() + durationMs
    this.cancelStop()
    this.cancelStop = clock.timer(durationMs, () => this.stop())
    if (this.run) return this.status()
    const run = new AbortController()
    this.run = run
    this.startedAt = clock.now()
    void this.consume(run.signal)
    const push = () => {
      this.push()
      this.cancelPush = clock.timer(PUSH_INTERVAL_MS, push)
    }
    this.cancelPush = clock.timer(PUSH_INTERVAL_MS, push)
    this.push()
    return this.status()
  }

  private async consume(signal: AbortSignal): Promise<void> {
    try {
      for await (const adv of this.radio.scan({ signal })) this.table.add(adv)
    } catch (error) {
      this.station.log.warn('BLE scan ended', { error: (error as Error).message })
    }
    if (this.run?.signal === signal) this.stop()
  }

  stop(): BleScanStatus {
    this.run?.abort()
    this.run = undefined
    this.until = undefined
    this.cancelPush()
    this.cancelStop()
    this.push()
    return this.status()
  }

  private push(): void {
    const { devices, removed } = this.table.flush(this.station.clock.now())
    this.station.bus.emit('ble.updated', { status: this.status(), devices, removed })
  }

  /** Device pickers: lab Breeze devices get their address (and RSSI when heard); scanned Breeze devices are added. */
  completeDevices(list: DeviceInfo[], method?: string): DeviceInfo[] {
    if (method && method !== 'ble-config') return list
    const lab = new Map<string, string>([...this.labIds()].map(([address, id]) => [id, address]))
    const out = list.map((d) => {
      const address = lab.get(d.id)
      if (!address) return d
      const heard = this.table.get(address)
      return { ...d, address, ...(heard ? { rssi: heard.rssi } : {}) }
    })
    const known = new Set(out.map((d) => d.address).filter(Boolean))
    for (const row of this.table.all()) {
      if (!row.breeze || known.has(row.address)) continue
      out.push({
        id: row.address,
        label: row.name ? `${row.name} (${row.address})` : row.address,
        model: `Breeze product ${row.breeze.productId}`,
        methods: ['ble-config'],
        source: 'scan',
        address: row.address,
        rssi: row.rssi,
      })
    }
    return out
  }

  /**
   * `--device` given as an address or an advertised name that no list holds yet: scan briefly for it. An address
   * nobody answers for is still taken (the session's scan step then reports the device as not found).
   */
  async resolve(id: string): Promise<DeviceInfo | undefined> {
    const address = looksLikeAddress(id) ? normalizeAddress(id) : undefined
    const matches = (adv: { address: string; name?: string }) => (address ? adv.address === address : adv.name === id)
    const heard = this.table.all().find(matches) ?? (this.radio.state().status === 'ready' ? await this.scanFor(matches) : undefined)
    if (heard) {
      return {
        id: heard.address,
        label: heard.name ?? heard.address,
        methods: heard.breeze ? ['ble-config'] : [],
        source: 'scan',
        address: heard.address,
        rssi: heard.rssi,
      }
    }
    return address ? { id: address, label: address, methods: ['ble-config'], source: 'manual', address } : undefined
  }

  private async scanFor(matches: (adv: Advertisement) => boolean) {
    for await (const adv of this.radio.scan({ durationMs: RESOLVE_SCAN_MS })) {
      this.table.add(adv)
      if (matches(adv)) return this.table.get(adv.address)
    }
    return undefined
  }
}
