// The station's BLE scanner behind the Scanner page, on the lab: calls go through the contract dispatcher (inputs
// and outputs validated), the stream is bounded (one push per interval, however many advertisements), rows carry
// the Breeze fields, and device pickers get scanned addresses.
import { afterEach, describe, expect, it } from 'vitest'
import { BleScanUpdate, DeviceInfo } from '../../preload/contract'
import { PUSH_INTERVAL_MS } from '../../main/features/ble'
import { createLogger } from '../../main/runtime/log'
import type { Station } from '../../main/station'
import { dispatchCall } from '../../main/transport/dispatch'
import { labStation } from '../support/station'

let station: Station | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

const log = createLogger('test')
async function call(s: Station, name: string, input: unknown) {
  const reply = await dispatchCall(s.handlers, name, input, log)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
  return reply.output as Record<string, unknown>
}

describe('BLE scanner on the lab', () => {
  it('pushes changed rows at a bounded rate, with Breeze product ids and an RSSI trend', async () => {
    station = await labStation()
    const updates: BleScanUpdate[] = []
    station.bus.on('ble.updated', (u) => updates.push(BleScanUpdate.parse(u)))
    const before = station.lab!.air.counters.ble
    const started = await call(station, 'ble.startScan', { durationMs: 60_000 })
    expect(started).toMatchObject({ scanning: true, radio: { status: 'ready', driver: 'lab' } })
    const windowMs = 3_000
    await new Promise((r) => setTimeout(r, windowMs))
    const advertisements = station.lab!.air.counters.ble - before
    // Tens of advertisements a second on the air, two pushes a second to the UI.
    expect(advertisements).toBeGreaterThan(windowMs / 40)
    expect(updates.length).toBeLessThanOrEqual(windowMs / PUSH_INTERVAL_MS + 2)
    expect(updates.length).toBeGreaterThanOrEqual(windowMs / PUSH_INTERVAL_MS - 2)

    const listed = (await call(station, 'ble.devices', {})) as { status: { scanning: boolean }; devices: BleScanUpdate['devices'] }
    expect(listed.status.scanning).toBe(true)
    const bulb = listed.devices.find((d) => d.address === '02:00:1c:00:00:01')!
    expect(bulb).toMatchObject({ deviceId: 'bulb-1', name: 'AZ', connectable: true, serviceUuids: ['feb3'], breeze: { productId: 4215301, secretType: 'per-product', version: 5, mac: '02:00:1c:00:00:01' } })
    expect(listed.devices.find((d) => d.address === '02:00:1c:00:00:02')).toMatchObject({ deviceId: 'plug-1', breeze: { secretType: 'per-device' } })
    expect(bulb.manufacturer).toMatchObject({ companyId: 0x01a8 })
    // One RSSI sample per push in which it was heard.
    expect(bulb.rssiHistory.length).toBeGreaterThanOrEqual(3)
    expect(bulb.rssiHistory.length).toBeLessThanOrEqual(updates.length)
    expect(bulb.advertisements).toBeGreaterThan(bulb.rssiHistory.length)

    const stopped = await call(station, 'ble.stopScan', {})
    expect(stopped).toMatchObject({ scanning: false })
    const count = updates.length
    await new Promise((r) => setTimeout(r, 4 * PUSH_INTERVAL_MS))
    expect(updates.length).toBe(count)
  }, 30_000)

  it('device pickers get lab Breeze devices with their address and RSSI once heard', async () => {
    station = await labStation()
    await call(station, 'ble.startScan', { durationMs: 5_000 })
    await new Promise((r) => setTimeout(r, 1_500))
    const list = DeviceInfo.array().parse(await dispatchCall(station.handlers, 'devices.list', { method: 'ble-config' }, log).then((r) => (r.ok ? r.output : [])))
    expect(list.map((d) => [d.id, d.address, d.source])).toEqual([
      ['bulb-1', '02:00:1c:00:00:01', 'lab'],
      ['plug-1', '02:00:1c:00:00:02', 'lab'],
    ])
    expect(list.every((d) => typeof d.rssi === 'number')).toBe(true)
    // Other methods' lists are not touched.
    const webcam = DeviceInfo.array().parse(await dispatchCall(station.handlers, 'devices.list', { method: 'webcam-config' }, log).then((r) => (r.ok ? r.output : [])))
    expect(webcam.every((d) => d.address === undefined)).toBe(true)
  }, 30_000)

  it('refuses a scan duration outside the contract', async () => {
    station = await labStation()
    await expect(call(station, 'ble.startScan', { durationMs: 10 })).rejects.toMatchObject({ code: 'invalid-input' })
    await expect(call(station, 'ble.startScan', { durationMs: 5_000, extra: 1 })).rejects.toMatchObject({ code: 'invalid-input' })
  })
})
