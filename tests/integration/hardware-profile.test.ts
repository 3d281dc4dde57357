import { afterAll, describe, expect, it } from 'vitest'
import { Station } from '../../main/station'
import { tempDir } from '../support/station'

// This machine has no Bluetooth controller, no nmcli and no Wi-Fi interface: the hardware profile must report each
// radio's state with a reason and a remedy, and keep running.
describe('the hardware profile on a machine without radios', () => {
  let station: Station
  afterAll(async () => station?.close())

  it('reports every missing radio instead of crashing', async () => {
    station = await Station.create({ profile: 'hardware', dataDir: tempDir(), shell: 'cli', lanHost: '127.0.0.1', lanPort: 0 })
    expect(station.radios.ble.state().status).toBe('checking')
    const states = await station.refreshRadios()
    const byRadio = Object.fromEntries(states.map((s) => [s.radio, s]))

    // require('@abandonware/noble') dies with EAFNOSUPPORT here: only the probe child died.
    expect(byRadio.ble).toMatchObject({ status: 'unavailable', driver: '@abandonware/noble' })
    expect(byRadio.ble.reason).toMatch(/Bluetooth/)
    expect(byRadio.ble.remedy).toBeTruthy()
    expect(byRadio.ble.details).toMatchObject({ present: false, powered: false })

    expect(byRadio.wifi).toMatchObject({ status: 'unavailable', driver: 'node-wifi' })
    expect(byRadio.wifi.reason).toMatch(/nmcli|Wi-Fi interface/)

    expect(byRadio.capture).toMatchObject({ status: 'unavailable', driver: 'pcap' })
    expect(byRadio.capture.remedy).toBeTruthy()

    expect(byRadio.lan).toMatchObject({ status: 'ready' })
    // Still serving.
    expect(station.info().profile).toBe('hardware')
    expect(station.lab).toBeUndefined()
  }, 60_000)

  it('says clearly that the lab is not there', async () => {
    const handler = station.handlers['lab.view']!
    await expect(Promise.resolve().then(() => handler({}))).rejects.toMatchObject({ code: 'unavailable' })
  })
})
