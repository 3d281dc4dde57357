import type { BleBreezeInfo, BleDeviceView, BleScanUpdate } from '../../../../preload/contract'

// The Scanner page's model, kept pure for tests: fold the pushed updates into rows, filter and sort them, and turn
// an RSSI history into sparkline points.

export type ScannerSort = 'rssi' | 'name' | 'address' | 'product' | 'lastSeen'
export const SCANNER_SORTS: readonly ScannerSort[] = ['rssi', 'name', 'address', 'product', 'lastSeen']

export interface ScannerFilter {
  text: string
  breezeOnly: boolean
  sort: ScannerSort
}

export type Rows = ReadonlyMap<string, BleDeviceView>

/** A new map with the update's rows replaced or added and its removed addresses gone (the old map is untouched). */
export function foldUpdate(rows: Rows, update: Pick<BleScanUpdate, 'devices' | 'removed'>): Rows {
  if (update.devices.length === 0 && update.removed.length === 0) return rows
  const next = new Map(rows)
  for (const address of update.removed) next.delete(address)
  for (const device of update.devices) next.set(device.address, device)
  return next
}

export function rowsFrom(devices: readonly BleDeviceView[]): Rows {
  return new Map(devices.map((d) => [d.address, d]))
}

/** Text matches name, address (with or without separators), product id or the provisioning id. */
export function matches(device: BleDeviceView, text: string): boolean {
  const needle = text.trim().toLowerCase()
  if (!needle) return true
  const compact = needle.replace(/[:-]/g, '')
  return (
    (device.name ?? '').toLowerCase().includes(needle) ||
    device.address.includes(needle) ||
    (compact.length > 0 && device.address.replace(/:/g, '').includes(compact)) ||
    device.deviceId.toLowerCase().includes(needle) ||
    (device.breeze !== undefined && String(device.breeze.productId).includes(needle))
  )
}

const byText = (a: string | undefined, b: string | undefined) => (a ?? '\uffff').localeCompare(b ?? '\uffff')

export function visibleRows(rows: Rows, filter: ScannerFilter): BleDeviceView[] {
  const list = [...rows.values()].filter((d) => (!filter.breezeOnly || d.breeze) && matches(d, filter.text))
  const tie = (a: BleDeviceView, b: BleDeviceView) => a.address.localeCompare(b.address)
  const compare: Record<ScannerSort, (a: BleDeviceView, b: BleDeviceView) => number> = {
    rssi: (a, b) => b.rssi - a.rssi || tie(a, b),
    name: (a, b) => byText(a.name, b.name) || tie(a, b),
    address: tie,
    product: (a, b) => (a.breeze?.productId ?? Infinity) - (b.breeze?.productId ?? Infinity) || tie(a, b),
    lastSeen: (a, b) => b.lastSeenAt - a.lastSeenAt || tie(a, b),
  }
  return list.sort(compare[filter.sort])
}

/** i18n keys (under scanner.flag) of what a Breeze advertisement's feature mask says. */
export function breezeFlagKeys(b: BleBreezeInfo): string[] {
  return [b.secretType === 'per-device' ? 'perDevice' : 'perProduct', ...(b.security ? ['security'] : []), ...(b.ota ? ['ota'] : []), ...(b.signedAdv ? ['signedAdv'] : [])]
}

export const RSSI_FLOOR = -100
export const RSSI_CEILING = -30

/** SVG polyline points for an RSSI history: oldest at the left, stronger signal higher. */
export function sparklinePoints(history: readonly number[], width: number, height: number): string {
  if (history.length === 0) return ''
  const step = history.length > 1 ? width / (history.length - 1) : 0
  return history
    .map((rssi, i) => {
      const clamped = Math.min(RSSI_CEILING, Math.max(RSSI_FLOOR, rssi))
      const y = ((RSSI_CEILING - clamped) / (RSSI_CEILING - RSSI_FLOOR)) * (height - 2) + 1
      return `${(history.length > 1 ? i * step : width / 2).toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
}
