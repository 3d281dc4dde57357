import { afterEach, describe, expect, it } from 'vitest'
import type { Encoding, Session } from '../../preload/contract'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation } from '../support/station'

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
