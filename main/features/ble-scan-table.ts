import type { BleDeviceView } from '../../preload/contract'
import { uuidText } from '../radio/ble/errors'
import type { Advertisement } from '../radio/ble/interface'

export const RSSI_HISTORY = 40
/** Devices not heard for this long leave the list. */
export const FORGET_AFTER_MS = 120_000

interface Entry {
  view: BleDeviceView
  /** RSSI heard since the last flush (the next history sample). */
  pendingRssi: number | undefined
  changed: boolean
}

/**
 * What the scanner heard, one row per address. Advertisements come in at air speed; `flush()` hands out only the
 * rows that changed since the previous flush, one RSSI sample each, so the UI gets a bounded stream.
 */
export class BleScanTable {
  private rows = new Map<string, Entry>()
  private removed: string[] = []

  constructor(private readonly deviceIdFor: (address: string) => string) {}

  add(adv: Advertisement): void {
    const existing = this.rows.get(adv.address)
    const view: BleDeviceView = {
      address: adv.address,
      addressType: adv.addressType,
      // A name once heard (scan response) stays when later advertisements come without it.
      ...(adv.name ?? existing?.view.name ? { name: adv.name ?? existing?.view.name } : {}),
      rssi: adv.rssi,
      rssiHistory: existing?.view.rssiHistory ?? [],
      firstSeenAt: existing?.view.firstSeenAt ?? adv.receivedAt,
      lastSeenAt: adv.receivedAt,
      advertisements: (existing?.view.advertisements ?? 0) + 1,
      connectable: adv.connectable,
      serviceUuids: adv.serviceUuids.map(uuidText),
      ...(adv.manufacturerData[0]
        ? { manufacturer: { companyId: adv.manufacturerData[0].companyId, dataHex: Buffer.from(adv.manufacturerData[0].data).toString('hex') } }
        : {}),
      ...(adv.breeze
        ? {
            breeze: {
              version: adv.breeze.version,
              productId: adv.breeze.productId,
              featureMask: adv.breeze.featureMask,
              bluetoothVersion: adv.breeze.bluetoothVersion,
              ota: adv.breeze.ota,
              security: adv.breeze.security,
              secretType: adv.breeze.secretType,
              signedAdv: adv.breeze.signedAdv,
              mac: adv.breeze.mac,
            },
          }
        : {}),
      deviceId: this.deviceIdFor(adv.address),
    }
    this.rows.set(adv.address, { view, pendingRssi: adv.rssi, changed: true })
  }

  /** Rows changed since the last flush (each with one new RSSI sample) and addresses forgotten meanwhile. */
  flush(now: number): { devices: BleDeviceView[]; removed: string[] } {
    const devices: BleDeviceView[] = []
    for (const [address, entry] of this.rows) {
      if (now - entry.view.lastSeenAt > FORGET_AFTER_MS) {
        this.rows.delete(address)
        this.removed.push(address)
        continue
      }
      if (!entry.changed) continue
      if (entry.pendingRssi !== undefined) entry.view.rssiHistory = [...entry.view.rssiHistory, entry.pendingRssi].slice(-RSSI_HISTORY)
      entry.pendingRssi = undefined
      entry.changed = false
      devices.push(entry.view)
    }
    const removed = this.removed
    this.removed = []
    return { devices, removed }
  }

  get(address: string): BleDeviceView | undefined {
    return this.rows.get(address.toLowerCase())?.view
  }

  all(): BleDeviceView[] {
    return [...this.rows.values()].map((e) => e.view)
  }

  clear(): void {
    this.removed.push(...this.rows.keys())
    this.rows.clear()
  }
}
