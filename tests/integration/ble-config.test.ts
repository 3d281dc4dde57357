// ble-config against the lab: Breeze devices on the lab air, the workstation's lab BLE radio, real WPA2 joins and
// real CoAP announcements on loopback. The knob-by-knob causes live in diagnosis-lab-knobs.test.ts; this file covers
// the flow itself, retries, the stale-config quirk across sessions, concurrent links, and secrets.
import { afterEach, describe, expect, it } from 'vitest'
import type { Session } from '../../preload/contract'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation } from '../support/station'

const STEPS = ['scan', 'connect', 'discover', 'subscribe', 'authenticate', 'send-wifi-config', 'device-ack', 'device-joined', 'announce-received', 'confirmed']
const BULB = { id: 'bulb-1', address: '02:00:1c:00:00:01' }
const PLUG = { id: 'plug-1', address: '02:00:1c:00:00:02' }

let station: Station | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

async function provision(s: Station, deviceId: string | undefined, target: { ssid: string; password: string } = LAB_WIFI, confirmTimeoutMs = 20_000): Promise<Session> {
  const started = await s.runner.start({ method: 'ble-config', target, ...(deviceId ? { deviceId } : {}), options: { confirmTimeoutMs } })
  return s.runner.wait(started.id)
}

const describeSession = (session: Session) =>
  `${session.outcome} ${session.cause?.id ?? ''} ${session.steps.map((st) => `${st.name}#${st.attempt}:${st.outcome}`).join(' ')}`

describe('ble-config on the lab', () => {
  it('provisions a per-product Breeze device: every step in order, the device online, its session record filled in', async () => {
    station = await labStation()
    const session = await provision(station, BULB.id)
    expect(session.outcome, describeSession(session)).toBe('succeeded')
    expect(session.steps.map((st) => st.name)).toEqual(STEPS)
    expect(session.steps.every((st) => st.outcome === 'succeeded')).toBe(true)
    const detail = Object.fromEntries(session.steps.map((st) => [st.name, st.detail ?? {}]))
    expect(detail.scan).toMatchObject({ address: BULB.address, productId: 4215301, secretType: 'per-product', version: 5 })
    expect(detail.discover).toMatchObject({ characteristics: 'fed4 fed5 fed6 fed7 fed8' })
    expect(detail.authenticate).toMatchObject({ keyFrom: 'product-secret', productKey: 'a1LabBulb001', deviceName: 'labbulb001' })
    expect(detail['send-wifi-config']).toMatchObject({ firmware: 'aos', appToken: false })
    expect(detail['device-ack']).toEqual({ result: 'success' })
    expect(detail['announce-received']).toMatchObject({ productKey: 'a1LabBulb001', deviceName: 'labbulb001' })
    expect(detail.confirmed).toMatchObject({ code: 200, tokenFrom: 'device' })
    expect(session).toMatchObject({ deviceId: BULB.id, deviceModel: 'a1LabBulb001' })
    const view = station.lab!.device(BULB.id)!.view()
    expect(view.state).toBe('online')
    expect(view.joinedSsid).toBe('LabNet')
  }, 30_000)

  it('provisions a per-device-secret product: AUTH_KEY reveals the device name and the device secret keys the session', async () => {
    station = await labStation()
    const session = await provision(station, PLUG.address)
    expect(session.outcome, describeSession(session)).toBe('succeeded')
    const auth = session.steps.find((st) => st.name === 'authenticate')!.detail
    expect(auth).toMatchObject({ keyFrom: 'device-secret', secretType: 'per-device', deviceName: 'labplug001' })
  }, 30_000)

  it('2.0.7 firmware gets an app token and reports it back: the confirmation checks that exact token', async () => {
    station = await labStation()
    station.lab!.setKnob('device', BULB.id, 'firmware', 'bz-2.0.7')
    const session = await provision(station, BULB.id)
    expect(session.outcome, describeSession(session)).toBe('succeeded')
    expect(session.steps.find((st) => st.name === 'send-wifi-config')!.detail).toMatchObject({ firmware: 'bz207', appToken: true })
    expect(session.steps.find((st) => st.name === 'confirmed')!.detail).toMatchObject({ tokenFrom: 'app' })
  }, 30_000)

  it('with no device named, picks the strongest Breeze advertiser', async () => {
    station = await labStation()
    const session = await provision(station, undefined)
    expect(session.outcome, describeSession(session)).toBe('succeeded')
    // The bulb is nearer the workstation than the plug in the default scenario.
    expect(session.steps[0].detail).toMatchObject({ address: BULB.address, breezeDevicesSeen: 2 })
  }, 30_000)

  it('shows a dropped config write as a retried step, then succeeds after reconnecting and authenticating again', async () => {
    station = await labStation()
    station.lab!.setKnob('device', BULB.id, 'dropConfigWrites', 2)
    const session = await provision(station, BULB.id)
    expect(session.outcome, describeSession(session)).toBe('succeeded')
    const sends = session.steps.filter((st) => st.name === 'send-wifi-config')
    expect(sends.map((st) => [st.attempt, st.outcome])).toEqual([
      [1, 'retried'],
      [2, 'retried'],
      [3, 'succeeded'],
    ])
    expect(sends[0].detail).toMatchObject({ error: 'ble-disconnected-mid-write' })
    expect(sends[1].detail).toMatchObject({ reconnected: true, keyFrom: 'product-secret', error: 'ble-disconnected-mid-write' })
    expect(sends[2].detail).toMatchObject({ reconnected: true, frames: 2 })
  }, 40_000)

  it('stale-config quirk: a shorter retry in the same boot fails and the diagnosis says to power-cycle; after a power cycle it works', async () => {
    station = await labStation()
    station.lab!.setKnob('device', BULB.id, 'staleConfigQuirk', true)
    const first = await provision(station, BULB.id, { ssid: 'LabNet', password: `${LAB_WIFI.password}-typo` }, 20_000)
    expect(first.cause?.id, describeSession(first)).toBe('wifi.wrong-password')

    const retry = await provision(station, BULB.id, LAB_WIFI, 20_000)
    expect(retry.outcome).toBe('failed')
    expect(retry.cause?.id, describeSession(retry)).toBe('ble.stale-config')
    expect(retry.cause?.failedStep).toBe('device-joined')
    expect(retry.cause?.evidence.map((e) => e.text).join('\n')).toMatch(/ble-stale-config-suspected.*then=lab-join-failed.*reason=wrong-password.*shorterPassword=true/)

    // Off, then on: the firmware's static buffers are cleared and the right password gets through whole.
    station.lab!.setKnob('device', BULB.id, 'poweredOn', false)
    station.lab!.setKnob('device', BULB.id, 'poweredOn', true)
    const afterPowerCycle = await provision(station, BULB.id, LAB_WIFI, 20_000)
    expect(afterPowerCycle.outcome, describeSession(afterPowerCycle)).toBe('succeeded')
  }, 60_000)

  it('without the quirk the same shorter retry succeeds (the firmware clears its buffers per connection)', async () => {
    station = await labStation()
    const first = await provision(station, BULB.id, { ssid: 'LabNet', password: `${LAB_WIFI.password}-typo` }, 20_000)
    expect(first.cause?.id).toBe('wifi.wrong-password')
    const retry = await provision(station, BULB.id, LAB_WIFI, 20_000)
    expect(retry.outcome, describeSession(retry)).toBe('succeeded')
  }, 60_000)

  it('runs two sessions at once over two connections (what batch lanes need)', async () => {
    station = await labStation()
    const [a, b] = await Promise.all([provision(station, BULB.id), provision(station, PLUG.id)])
    expect(a.outcome, describeSession(a)).toBe('succeeded')
    expect(b.outcome, describeSession(b)).toBe('succeeded')
    expect(a.steps.find((st) => st.name === 'connect')!.startedAt).toBeLessThan(b.steps.find((st) => st.name === 'confirmed')!.startedAt)
  }, 40_000)

  it('an address nobody advertises ends in ble.device-not-found after the scan, not in an input error', async () => {
    station = await labStation()
    const session = await provision(station, '02:00:1c:00:00:99')
    expect(session.cause?.id, describeSession(session)).toBe('ble.device-not-found')
    expect(session.cause?.failedStep).toBe('scan')
  }, 30_000)

  it('never puts the Wi-Fi password or a secret in a step, a cause or the session record', async () => {
    station = await labStation()
    const password = 'provbench-lab'
    const ok = await provision(station, PLUG.id)
    station.lab!.setKnob('device', BULB.id, 'wrongSecret', true)
    const failed = await provision(station, BULB.id)
    expect(failed.cause?.id).toBe('ble.auth-failed')
    const text = JSON.stringify([ok, failed, station.store.list({})])
    for (const secret of [password, 'labbulb-product-secret-01', 'labplug-product-secret-01', 'labplug001-device-secret-7f3a']) expect(text).not.toContain(secret)
  }, 40_000)
})
