// The Scanner page's pure model: folding pushed updates, filter and sort, Breeze flags, the RSSI sparkline.
import { describe, expect, it } from 'vitest'
import type { BleDeviceView } from '../../../preload/contract'
import { breezeFlagKeys, foldUpdate, rowsFrom, sparklinePoints, visibleRows } from '../../../renderer/src/pages/scanner/scanner-rows'

const device = (address: string, over: Partial<BleDeviceView> = {}): BleDeviceView => ({
  address,
  addressType: 'public',
  rssi: -60,
  rssiHistory: [-60],
  firstSeenAt: 1_000,
  lastSeenAt: 2_000,
  advertisements: 3,
  connectable: true,
  serviceUuids: [],
  deviceId: address,
  ...over,
})
const breeze = (productId: number, secretType: 'per-device' | 'per-product' = 'per-product') => ({
  version: 5,
  productId,
  featureMask: 0x08,
  bluetoothVersion: 0,
  ota: false,
  security: true,
  secretType,
  signedAdv: false,
  mac: '02:00:1c:00:00:01',
})

describe('scanner rows', () => {
  it('folds updates: changed rows replace, new rows add, removed rows go; an empty update keeps the same map', () => {
    const a = device('02:00:1c:00:00:01')
    const rows = rowsFrom([a, device('02:00:1c:00:00:02')])
    const next = foldUpdate(rows, { devices: [{ ...a, rssi: -40 }, device('aa:bb:cc:dd:ee:ff')], removed: ['02:00:1c:00:00:02'] })
    expect([...next.keys()]).toEqual(['02:00:1c:00:00:01', 'aa:bb:cc:dd:ee:ff'])
    expect(next.get(a.address)!.rssi).toBe(-40)
    expect(rows.get(a.address)!.rssi).toBe(-60)
    expect(foldUpdate(next, { devices: [], removed: [] })).toBe(next)
  })

  it('filters by name, address with or without colons, product id and device id; Breeze only; sorts with a stable tie-break', () => {
    const rows = rowsFrom([
      device('02:00:1c:00:00:01', { name: 'AZ', rssi: -70, breeze: breeze(4215301), deviceId: 'bulb-1', lastSeenAt: 5 }),
      device('02:00:1c:00:00:02', { name: 'AZ', rssi: -50, breeze: breeze(4215302, 'per-device'), deviceId: 'plug-1', lastSeenAt: 9 }),
      device('11:22:33:44:55:66', { name: 'Headphones', rssi: -50, lastSeenAt: 7 }),
      device('77:88:99:aa:bb:cc', { rssi: -90, lastSeenAt: 1 }),
    ])
    const all = { text: '', breezeOnly: false, sort: 'rssi' as const }
    expect(visibleRows(rows, all).map((d) => d.address)).toEqual(['02:00:1c:00:00:02', '11:22:33:44:55:66', '02:00:1c:00:00:01', '77:88:99:aa:bb:cc'])
    expect(visibleRows(rows, { ...all, breezeOnly: true }).map((d) => d.deviceId)).toEqual(['plug-1', 'bulb-1'])
    expect(visibleRows(rows, { ...all, text: '4215301' }).map((d) => d.deviceId)).toEqual(['bulb-1'])
    expect(visibleRows(rows, { ...all, text: '0200-1c00-0002' }).map((d) => d.deviceId)).toEqual(['plug-1'])
    expect(visibleRows(rows, { ...all, text: 'head' }).map((d) => d.name)).toEqual(['Headphones'])
    expect(visibleRows(rows, { ...all, text: 'PLUG' }).map((d) => d.deviceId)).toEqual(['plug-1'])
    expect(visibleRows(rows, { ...all, sort: 'name' }).map((d) => d.name ?? '-')).toEqual(['AZ', 'AZ', 'Headphones', '-'])
    expect(visibleRows(rows, { ...all, sort: 'product' }).map((d) => d.breeze?.productId ?? 0)).toEqual([4215301, 4215302, 0, 0])
    expect(visibleRows(rows, { ...all, sort: 'lastSeen' }).map((d) => d.lastSeenAt)).toEqual([9, 7, 5, 1])
  })

  it('names the Breeze feature mask bits', () => {
    expect(breezeFlagKeys(breeze(1))).toEqual(['perProduct', 'security'])
    expect(breezeFlagKeys({ ...breeze(1, 'per-device'), ota: true, signedAdv: true, security: false })).toEqual(['perDevice', 'ota', 'signedAdv'])
  })

  it('draws the RSSI trend: left to right, stronger higher, clamped to the scale', () => {
    expect(sparklinePoints([], 96, 22)).toBe('')
    expect(sparklinePoints([-65], 96, 22)).toBe('48.0,11.0')
    const points = sparklinePoints([-100, -30, -120, -10], 90, 22).split(' ').map((p) => p.split(',').map(Number))
    expect(points.map(([x]) => x)).toEqual([0, 30, 60, 90])
    expect(points.map(([, y]) => y)).toEqual([21, 1, 21, 1])
  })
})
