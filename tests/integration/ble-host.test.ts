// The real BLE host child process (noble) on this machine. Where there is no Bluetooth controller (this machine:
// no /sys/class/bluetooth/hci*) noble dies with EAFNOSUPPORT inside the host; the hardware radio must report that
// cleanly, with a remedy, and the station must keep working and explain why ble-config cannot run.
import fs from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { HardwareBleRadio } from '../../main/radio/hardware/hardware-ble'
import { Station } from '../../main/station'
import { tempDir } from '../support/station'

const controllers = fs.existsSync('/sys/class/bluetooth') ? fs.readdirSync('/sys/class/bluetooth').filter((n) => n.startsWith('hci')) : []
const noController = process.platform === 'linux' && controllers.length === 0

describe('the noble host on this machine', () => {
  it.runIf(noController)('reports "no controller" with what to do, and the host is gone without taking us with it', async () => {
    const radio = new HardwareBleRadio()
    expect(radio.state().status).toBe('checking')
    const state = await radio.refresh()
    expect(state).toMatchObject({ radio: 'ble', status: 'unavailable', driver: '@abandonware/noble' })
    expect(state.reason).toMatch(/^No Bluetooth controller \(EAFNOSUPPORT\)\.$/)
    expect(state.remedy).toMatch(/hciconfig should list hci0/)
    expect(state.details).toEqual({ present: false, powered: false, permitted: false })
    // Scanning and connecting say the same instead of hanging or throwing synchronously.
    await expect(radio.connect('11:22:33:44:55:66', { timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('No Bluetooth controller') })
    await expect(radio.scan({ durationMs: 500 })[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'unavailable' })
    // A refresh starts a new host and gets the same clean answer.
    await new Promise((r) => setTimeout(r, 200))
    expect((await radio.refresh()).reason).toMatch(/No Bluetooth controller/)
    radio.close()
  }, 30_000)

  it.runIf(!noController)('reports a state with a remedy when it is not ready (a machine with a controller)', async () => {
    const radio = new HardwareBleRadio()
    const state = await radio.refresh()
    if (state.status !== 'ready') expect(state.remedy).toBeTruthy()
    radio.close()
  }, 30_000)
})

describe('a hardware-profile station without Bluetooth', () => {
  let station: Station | undefined
  afterAll(async () => station?.close())

  it.runIf(noController)('offers ble-config as unavailable with the reason, and the scanner refuses with the remedy', async () => {
    station = await Station.create({ profile: 'hardware', dataDir: tempDir(), shell: 'cli', lanHost: '127.0.0.1', lanPort: 0 })
    await station.refreshRadios()
    const method = station.info().methods.find((m) => m.id === 'ble-config')!
    expect(method.available).toBe(false)
    expect(method.reason).toMatch(/Bluetooth LE unavailable: No Bluetooth controller/)
    await expect(Promise.resolve().then(() => station!.handlers['ble.startScan']!({}))).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/No Bluetooth controller.*hci0/),
    })
    const devices = await station.handlers['ble.devices']!({})
    expect(devices.status).toMatchObject({ scanning: false, radio: { status: 'unavailable' } })
    await expect(station.runner.start({ method: 'ble-config', target: { ssid: 'LabNet', password: 'provbench-lab' } })).rejects.toMatchObject({ code: 'unavailable' })
  }, 60_000)
})
