import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FramesStatus } from '../../preload/contract'
import { Station } from '../../main/station'
import { beacon, enrolleeProbe, wpsProbe, P2P_WORKED_EXAMPLE } from '../unit/frames/packets'

// The lab air as a capture source inside a real lab station: frames reach the store through the same contract
// handlers the UI uses, counters are throttled, and provisioning frames are claimed.
const stations: Station[] = []
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()))
})

async function labStation(): Promise<Station> {
  const station = await Station.create({ profile: 'lab', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pb-frames-lab-')), shell: 'headless' })
  stations.push(station)
  return station
}

type Call = (name: string, input?: unknown) => Promise<any>
const caller = (station: Station): Call => async (name, input = {}) => (station.handlers as Record<string, (i: unknown) => unknown>)[name](input)

describe('frames from the lab air', () => {
  it('stores what crosses the air as radiotap frames and claims the zero-config and p2p frames', async () => {
    const station = await labStation()
    const call = caller(station)
    const started: FramesStatus = await call('frames.startLab')
    expect(started.source).toMatchObject({ kind: 'lab', label: 'lab air', state: 'running', monitorMode: true })
    const air = station.lab!.air
    air.transmit({ medium: 'wifi', from: 'test-enrollee', channel: 6, freqMHz: 2437, bytes: enrolleeProbe() })
    air.transmit({ medium: 'wifi', from: 'test-phone', channel: 6, freqMHz: 2437, bytes: wpsProbe(P2P_WORKED_EXAMPLE) })
    air.transmit({ medium: 'wifi', from: 'test-ap', channel: 6, freqMHz: 2437, bytes: beacon('02:00:00:00:00:77', 'ClaimFree', 6) })
    const claimed = await call('frames.page', { offset: 0, limit: 50, filter: { provisioning: true } })
    expect(claimed.rows.map((r: { claims: string[] }) => r.claims)).toEqual([['zero-config'], ['smart-config-p2p']])
    const zero = claimed.rows[0]
    expect(zero).toMatchObject({ kind: 'wifi', typeName: 'Probe Request', freqMHz: 2437, channel: 6, vendorIes: ['d8:96:e0:aa'] })
    expect(zero.signalDbm).toBeLessThan(0)
    const detail = await call('frames.detail', { index: zero.index })
    expect(detail.linktype).toBe(127)
    expect(detail.tree.map((n: { label: string }) => n.label)).toEqual(expect.arrayContaining(['Radiotap header', '802.11 header', 'Information elements (4)', 'Provisioning (AWSS)']))
    const mine = await call('frames.page', { offset: 0, limit: 5, filter: { expr: 'ssid=ClaimFree' } })
    expect(mine.total).toBe(1)
    const status: FramesStatus = await call('frames.status')
    expect(status.provisioning).toBe(2)
    expect(await call('frames.claims')).toEqual(expect.arrayContaining([{ id: 'zero-config', method: 'zero-config', label: 'Zero-config vendor IE (D8:96:E0)' }]))
  })

  it('pushes counters at most ten times a second however fast frames come, and the last push (after stop) is current', async () => {
    const station = await labStation()
    const call = caller(station)
    const pushes: { at: number; status: FramesStatus }[] = []
    station.bus.on('frames.counters', (status) => pushes.push({ at: Date.now(), status }))
    await call('frames.startLab')
    const frame = beacon('02:00:00:00:00:55', 'Flood', 1)
    const started = Date.now()
    // ~1.5 s of a flood, in bursts, with the event loop turning between them.
    while (Date.now() - started < 1500) {
      for (let k = 0; k < 500; k++) station.lab!.air.transmit({ medium: 'wifi', from: 'flood', channel: 1, freqMHz: 2412, bytes: frame })
      await new Promise((resolve) => setImmediate(resolve))
    }
    await call('frames.stop')
    for (let waited = 0; pushes.at(-1)?.status.source?.state !== 'ended' && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    const window = pushes.filter((p) => p.at >= started)
    expect(window.length).toBeGreaterThan(2)
    for (let k = 1; k < window.length; k++) expect(window[k].at - window[k - 1].at).toBeGreaterThanOrEqual(95)
    const last = pushes.at(-1)!.status
    const now: FramesStatus = await call('frames.status')
    expect(last.stored).toBe(now.stored)
    expect(now.stored).toBeGreaterThan(1_000)
    // Far fewer pushes than frames: at most one per 100 ms of the flood (plus the last one).
    expect(window.length).toBeLessThanOrEqual(Math.ceil((window.at(-1)!.at - started) / 100) + 2)
  })

  it('settings.frameStoreLimit bounds the store: the oldest frames go and the drop count says how many', async () => {
    const station = await labStation()
    const call = caller(station)
    await call('settings.set', { frameStoreLimit: 1000 })
    await call('frames.startLab')
    const frame = beacon('02:00:00:00:00:56', 'Bound', 1)
    for (let k = 0; k < 2500; k++) station.lab!.air.transmit({ medium: 'wifi', from: 'bound', channel: 1, freqMHz: 2412, bytes: frame })
    const status: FramesStatus = await call('frames.status')
    expect(status.limit).toBe(1000)
    expect(status.stored).toBe(1000)
    expect(status.dropped).toBe(status.received - 1000)
    const page = await call('frames.page', { offset: 0, limit: 1 })
    await expect(call('frames.detail', { index: page.rows[0].index - 1 })).rejects.toMatchObject({ code: 'not-found' })
    await call('settings.set', { frameStoreLimit: 1500 })
    expect((await call('frames.status')).limit).toBe(1500)
  })

  it('stop ends the capture: later frames are not stored; a bad filter is the caller’s error, with the field', async () => {
    const station = await labStation()
    const call = caller(station)
    await call('frames.startLab')
    const stopped: FramesStatus = await call('frames.stop')
    expect(stopped.source).toMatchObject({ state: 'ended', endReason: 'stopped' })
    const before = stopped.received
    station.lab!.air.transmit({ medium: 'wifi', from: 'late', channel: 1, freqMHz: 2412, bytes: beacon('02:00:00:00:00:57', 'Late', 1) })
    expect((await call('frames.status')).received).toBe(before)
    await expect(call('frames.page', { offset: 0, limit: 10, filter: { expr: 'ssid' } })).rejects.toMatchObject({ code: 'invalid-input', issues: [{ path: 'filter.expr' }] })
  })
})
