import { afterEach, describe, expect, it } from 'vitest'
import type { Encoding, Session } from '../../preload/contract'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation, tempDir } from '../support/station'

let station: Station | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

async function provision(s: Station, encoding: Encoding, target: { ssid: string; password: string; bssid?: string } = LAB_WIFI, confirmTimeoutMs = 20_000): Promise<Session> {
  const started = await s.runner.start({ method: 'smart-config', target, deviceId: 'socket-1', options: { confirmTimeoutMs, encoding } })
  return s.runner.wait(started.id)
}

const stepNames = (session: Session) => session.steps.filter((s) => s.name !== 'air-decodable').map((step) => `${step.name}:${step.outcome}`)

describe('smart-config on the lab', () => {
  it.each(['bcast', 'mcast', 'p2p'] as const)('%s: the device locks, decodes, joins LabNet and announces; the session confirms it', async (encoding) => {
    station = await labStation()
    const session = await provision(station, encoding)
    const summary = `${session.outcome} ${session.cause?.id ?? ''} ${JSON.stringify(session.cause?.evidence ?? [])}`
    expect(session.outcome, summary).toBe('succeeded')
    expect(stepNames(session)).toEqual([
      'preflight:succeeded',
      'sending:succeeded',
      'device-locked:succeeded',
      'device-decoded:succeeded',
      'device-joined:succeeded',
      'announce-received:succeeded',
      'confirmed:succeeded',
    ])
    expect(JSON.stringify(session)).not.toContain(LAB_WIFI.password)
    expect(station.lab!.device('socket-1')!.view()).toMatchObject({ state: 'online', joinedSsid: 'LabNet' })
  }, 40_000)
})

describe('smart-config on the lab: stopping, and a Chinese SSID', () => {
  it('stops sending on confirmation, and on cancel (no more frames of ours on the air)', async () => {
    station = await labStation()
    const done = await provision(station, 'bcast')
    expect(done.steps.find((s) => s.name === 'announce-received')?.detail).toMatchObject({ stoppedBy: 'confirmed' })

    station.lab!.setKnob('device', 'socket-1', 'hearsBeacons', false)
    const ours = () => station!.handlers['awss.live']!({}) as { senders: { sender: string; frames: number; firstSeenMs: number }[] }
    const framesOfOurs = () => ours().senders.filter((s) => s.sender === '02:00:00:00:0a:01').reduce((n, s) => n + s.frames, 0)
    const before = framesOfOurs()
    const started = await station.runner.start({ method: 'smart-config', target: LAB_WIFI, deviceId: 'socket-1', options: { encoding: 'bcast', confirmTimeoutMs: 30_000 } })
    await new Promise((r) => setTimeout(r, 3_000))
    expect(framesOfOurs()).toBeGreaterThan(before)
    station.runner.cancel(started.id)
    const cancelled = await station.runner.wait(started.id)
    expect(cancelled.outcome).toBe('cancelled')
    const atCancel = framesOfOurs()
    await new Promise((r) => setTimeout(r, 500))
    expect(framesOfOurs()).toBe(atCancel)
  }, 60_000)

  it.each(['bcast', 'mcast', 'p2p'] as const)('%s to a router whose SSID is Chinese (UTF-8): the device decodes and joins it', async (encoding) => {
    const fs = await import('node:fs')
    const path = await import('node:path')
    const { defaultScenarioFile } = await import('../../main/station')
    const scenario = JSON.parse(fs.readFileSync(defaultScenarioFile(), 'utf8'))
    scenario.routers[0].ssid = '实验室网络'
    const file = path.join(tempDir(), 'scenario.json')
    fs.writeFileSync(file, JSON.stringify(scenario))
    station = await labStation({ scenarioFile: file })
    const session = await provision(station, encoding, { ssid: '实验室网络', password: LAB_WIFI.password })
    expect(session.outcome, JSON.stringify(session.cause ?? {})).toBe('succeeded')
    const preflight = session.steps.find((s) => s.name === 'preflight')!.detail!
    // bcast packs non-ASCII 6-bit; p2p has room for only the SSID's tail and the device completes it by suffix.
    expect(preflight.ssidMode).toBe({ bcast: 'packed', mcast: 'raw', p2p: 'suffix' }[encoding])
    expect(station.lab!.device('socket-1')!.view().joinedSsid).toBe('实验室网络')
  }, 40_000)
})

describe('smart-config on the lab: causes the method names itself', () => {
  it('does not fit: p2p cannot carry this SSID and password; the preflight step fails, nothing is sent', async () => {
    station = await labStation()
    const session = await provision(station, 'p2p', { ssid: 'LabNet', password: 'a-long-wpa2-passphrase-of-forty-chars!!' })
    expect(session.outcome).toBe('failed')
    expect(session.cause).toMatchObject({ id: 'smartconfig.does-not-fit', failedStep: 'preflight' })
    expect(session.steps.map((s) => s.name)).toEqual(['preflight'])
  })

  it('wrong password: the device decodes it, and the router refuses the WPA2 handshake', async () => {
    station = await labStation()
    const session = await provision(station, 'bcast', { ssid: 'LabNet', password: 'not-the-lab-password' })
    expect(session.cause).toMatchObject({ id: 'wifi.wrong-password', failedStep: 'device-joined' })
    expect(JSON.stringify(session)).not.toContain('not-the-lab-password')
  }, 30_000)

  it('decodable on the air but no device in pairing mode: decoded but never announced', async () => {
    station = await labStation()
    await station.lab!.removeDevice('socket-1')
    const started = await station.runner.start({ method: 'smart-config', target: LAB_WIFI, options: { encoding: 'bcast', productKey: 'a1LabSock001', confirmTimeoutMs: 4_000 } })
    const session = await station.runner.wait(started.id)
    expect(session.cause?.id).toBe('smartconfig.decoded-not-announced')
    expect(session.steps.find((s) => s.name === 'air-decodable')?.outcome).toBe('succeeded')
  }, 30_000)
})
