import type { RadioState } from '../../../preload/contract'
import type { Position } from '../../lab/air'
import { AdvertisementQueue } from '../ble/advertisement-queue'
import { advertisementFromRaw, type HeardAdvertisement } from '../ble/advertisement'
import { BleError } from '../ble/errors'
import type { Advertisement, BleRadio, ConnectOptions, GattConnection, ScanOptions } from '../ble/interface'
import type { BleAirEnv } from '../ble/lab/ble-air'
import { LabCentralLink } from '../ble/lab/central-link'
import { LabGattConnection } from '../ble/lab/gatt-connection'
import { LabScanner } from '../ble/lab/scanner'
import { ready } from '../state'

/** A static random address (two top bits set) for the workstation's lab controller. */
export const LAB_WORKSTATION_BLE_ADDRESS = 'd4:ab:0b:1e:00:01'

/**
 * The workstation's Bluetooth LE radio in the lab: it scans the lab air for advertisements and connects to lab
 * peripherals; every ATT operation crosses the air as LL data PDUs on the connection's hopping channels.
 */
export class LabBleRadio implements BleRadio {
  readonly id = 'workstation-ble'
  private readonly scanner: LabScanner
  private readonly consumers = new Set<{ heard(h: HeardAdvertisement): void; active: boolean }>()
  private connectionCount = 0
  private readonly open = new Set<LabCentralLink>()

  constructor(
    private readonly env: BleAirEnv,
    private readonly position: Position,
    readonly address = LAB_WORKSTATION_BLE_ADDRESS,
  ) {
    this.scanner = new LabScanner(env, this.id, () => this.position, address, (heard) => {
      for (const consumer of [...this.consumers]) consumer.heard(heard)
    })
  }

  state(): RadioState {
    return ready('ble', 'lab', { present: true, powered: true, permitted: true, address: this.address, connections: this.open.size })
  }

  scan(opts: ScanOptions = {}): AsyncIterable<Advertisement> {
    return { [Symbol.asyncIterator]: () => this.iterate(opts) }
  }

  private iterate(opts: ScanOptions): AsyncIterator<Advertisement> {
    const queue = new AdvertisementQueue()
    const consumer = {
      active: opts.active ?? true,
      heard: (h: HeardAdvertisement) => queue.push(advertisementFromRaw(h)),
    }
    const finish = () => {
      if (!queue.end()) return
      cancelDuration()
      opts.signal?.removeEventListener('abort', finish)
      this.consumers.delete(consumer)
      this.updateScanner()
    }
    this.consumers.add(consumer)
    this.updateScanner()
    const cancelDuration = opts.durationMs !== undefined ? this.env.clock.timer(opts.durationMs, finish) : () => {}
    if (opts.signal?.aborted) finish()
    else opts.signal?.addEventListener('abort', finish, { once: true })
    return queue.iterator(finish)
  }

  private updateScanner(): void {
    if (this.consumers.size === 0) return this.scanner.stop()
    this.scanner.setActive([...this.consumers].some((c) => c.active))
    this.scanner.start()
  }

  connect(address: string, opts: ConnectOptions): Promise<GattConnection> {
    const target = address.toLowerCase()
    return new Promise((resolve, reject) => {
      if (opts.signal?.aborted) return reject(new BleError('aborted', 'aborted'))
      let connection: LabGattConnection | undefined
      let settled = false
      const link: LabCentralLink = new LabCentralLink(this.env, `${this.id}/conn-${++this.connectionCount}`, () => this.position, this.address, target, {
        established: () => {
          if (settled) return link.disconnect()
          settled = true
          cleanup()
          connection = new LabGattConnection(target, link, this.env.clock)
          resolve(connection)
        },
        l2cap: (frame) => connection?.receive(frame),
        closed: (reason) => {
          this.open.delete(link)
          connection?.closed(reason)
        },
      })
      const fail = (error: BleError) => {
        if (settled) return
        settled = true
        cleanup()
        this.open.delete(link)
        link.disconnect()
        reject(error)
      }
      const onAbort = () => fail(new BleError('aborted', 'aborted'))
      const cancelTimeout = this.env.clock.timer(opts.timeoutMs, () =>
        fail(new BleError('connect-timeout', `no connection to ${target} within ${opts.timeoutMs} ms`)),
      )
      const cleanup = () => {
        cancelTimeout()
        opts.signal?.removeEventListener('abort', onAbort)
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      this.open.add(link)
      link.start()
    })
  }
}
