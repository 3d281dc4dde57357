import { afterEach, describe, expect, it } from 'vitest'
import type { Session } from '../../preload/contract'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation } from '../support/station'

let station: Station | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

async function provision(s: Station, target: { ssid: string; password: string; bssid?: string }, confirmTimeoutMs = 15_000): Promise<Session> {
  const started = await s.runner.start({ method: 'webcam-config', target, options: { confirmTimeoutMs } })
  return s.runner.wait(started.id)
}

const stepNames = (session: Session) => session.steps.map((step) => `${step.name}:${step.outcome}`)

describe('webcam-config on the lab', () => {
  it('succeeds on LabNet: the camera scans the rendered QR, joins over WPA2 and its bind token is confirmed', async () => {
    station = await labStation()
    const session = await provision(station, LAB_WIFI)
    expect(session.outcome).toBe('succeeded')
    expect(stepNames(session)).toEqual([
      'qr-generated:succeeded',
      'qr-shown:succeeded',
      'device-scanned:succeeded',
      'device-joined:succeeded',
      'announce-received:succeeded',
      'confirmed:succeeded',
    ])
    // The BSSID was not given: it was found by scanning the lab air and stored on the session.
    expect(session.target.bssid).toBe('02:00:1a:00:00:01')
    expect(session.deviceLabel).toBe('labcam001')
    // Nothing stored about the session carries the password.
    expect(JSON.stringify(session)).not.toContain(LAB_WIFI.password)
    const camera = station.lab!.device('cam-1')!.view()
    expect(camera.state).toBe('online')
    expect(camera.joinedSsid).toBe('LabNet')
  })

  it('fails with the wrong-password cause when the password is wrong (the WPA2 handshake fails)', async () => {
    station = await labStation()
    const session = await provision(station, { ...LAB_WIFI, password: 'not-the-password' })
    expect(session.outcome).toBe('failed')
    expect(session.cause?.id).toBe('wifi.wrong-password')
    expect(session.cause?.failedStep).toBe('device-joined')
    expect(session.cause?.advice).toMatch(/password/i)
    expect(JSON.stringify(session)).not.toContain('not-the-password')
  })

  it('fails with the band cause on the 5 GHz-only router', async () => {
    station = await labStation()
    const session = await provision(station, { ...LAB_WIFI, ssid: 'LabNet-5G' })
    expect(session.outcome).toBe('failed')
    expect(session.cause?.id).toBe('wifi.band-unsupported')
  })

  it('succeeds on the 5 GHz router when the camera knob says its radio supports 5 GHz', async () => {
    station = await labStation()
    station.lab!.setKnob('device', 'cam-1', 'supports5GHz', true)
    const session = await provision(station, { ...LAB_WIFI, ssid: 'LabNet-5G' })
    expect(session.outcome).toBe('succeeded')
  })

  it('times out with "never scanned" when no camera sees the screen, after the timeout the user set', async () => {
    station = await labStation()
    station.lab!.setKnob('device', 'cam-1', 'inView', false)
    const t0 = Date.now()
    const session = await provision(station, LAB_WIFI, 2_000)
    expect(session.outcome).toBe('failed')
    expect(session.cause?.id).toBe('device.qr-not-scanned')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_900)
  })

  it('refuses a BSSID of 11 hex digits (the seed example) before anything is shown', async () => {
    station = await labStation()
    await expect(station.runner.start({ method: 'webcam-config', target: { ...LAB_WIFI, bssid: 'EC26CAB68CC' } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringContaining('has 11'),
    })
    expect(station.store.list()).toHaveLength(0)
  })

  it('uses a BSSID given by the user as-is', async () => {
    station = await labStation()
    const session = await provision(station, { ...LAB_WIFI, bssid: '02-00-1A-00-00-01' })
    expect(session.outcome).toBe('succeeded')
    expect(session.steps[0].detail?.bssid).toBe('02001A000001')
  })
})
