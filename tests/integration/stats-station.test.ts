import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AbReport, SessionSummary, StatsFacets, TimingReport } from '../../preload/contract'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation, tempDir } from '../support/station'
import { insertSessions, syntheticSessions } from '../unit/stats/synthetic-sessions'
import { call } from './bundle-support'

const run = promisify(execFile)
const root = path.resolve(__dirname, '../..')

// The Timing view's data path on a real station: real lab sessions (one success, one failure diagnosed by the lab)
// next to stored history, aggregated in main through the contract, and the same aggregates from the CLI.

let station: Station
let dataDir: string
beforeAll(async () => {
  dataDir = tempDir()
  station = await labStation({ dataDir })
  insertSessions(station.store.db, syntheticSessions({ count: 2_000, seed: 3, from: Date.UTC(2026, 8, 1), spanMs: 20 * 86_400_000 }))
  for (const password of [LAB_WIFI.password, 'definitely-wrong']) {
    const started = await station.runner.start({ method: 'webcam-config', target: { ssid: LAB_WIFI.ssid, password }, deviceId: 'cam-1', options: { confirmTimeoutMs: 8_000 } })
    await station.runner.wait(started.id)
  }
}, 60_000)
afterAll(async () => station?.close())

describe('stats through the contract', () => {
  it('include the lab sessions just run, with their device model and cause', async () => {
    const facets = await call<StatsFacets>(station, 'stats.facets', {})
    expect(facets.deviceModels).toContain('a1LabCam0001')
    const lab = await call<TimingReport>(station, 'stats.timing', { deviceModel: 'a1LabCam0001' })
    expect(lab.sessions).toBe(1)
    const all = await call<TimingReport>(station, 'stats.timing', { from: Date.UTC(2026, 10, 1) })
    expect(all.sessions).toBe(2)
    expect(all.success).toEqual([expect.objectContaining({ method: 'webcam-config', succeeded: 1, failed: 1, rate: 0.5 })])
    expect(all.failures).toEqual([expect.objectContaining({ method: 'webcam-config', causeId: 'wifi.wrong-password', count: 1, title: 'Wrong Wi-Fi password' })])
    const steps = all.steps[0].steps.map((s) => s.name)
    expect(steps).toEqual(['qr-generated', 'qr-shown', 'device-scanned', 'device-joined', 'announce-received', 'confirmed'])
    const failed = await call<SessionSummary[]>(station, 'stats.failures', { filter: { from: Date.UTC(2026, 10, 1) }, causeId: 'wifi.wrong-password' })
    expect(failed).toHaveLength(1)
    expect(failed[0].cause?.evidence.map((e) => e.kind), JSON.stringify(failed[0].cause?.evidence)).toContain('frames-not-seen')
  })

  it('filter by lab or hardware, Wi-Fi target and method, and compare two methods on one model', async () => {
    const hardware = await call<TimingReport>(station, 'stats.timing', { profile: 'hardware' })
    const lab = await call<TimingReport>(station, 'stats.timing', { profile: 'lab' })
    const everything = await call<TimingReport>(station, 'stats.timing', {})
    expect(hardware.sessions + lab.sessions).toBe(everything.sessions)
    const office = await call<TimingReport>(station, 'stats.timing', { ssid: 'Office-2.4G', methods: ['ble-config'] })
    expect(office.success.map((s) => s.method)).toEqual(['ble-config'])
    const ab = await call<AbReport>(station, 'stats.compare', { deviceModel: 'Combo Bulb B3', methodA: 'smart-config', methodB: 'ble-config' })
    expect(ab.a.total + ab.b.total).toBeGreaterThan(100)
    await expect(call(station, 'stats.timing', { methods: ['no-such-method'] })).rejects.toMatchObject({ code: 'invalid-input' })
  })

  it('`provbench stats --json` prints the same aggregates as the contract', async () => {
    const args = ['bin/provbench.mjs', 'stats', '--data-dir', dataDir, '--json', '--method', 'smart-config', '--method', 'ble-config', '--profile', 'lab', '--from', '2026-09-05']
    const { stdout } = await run(process.execPath, args, { cwd: root })
    const viaContract = await call<TimingReport>(station, 'stats.timing', { methods: ['smart-config', 'ble-config'], profile: 'lab', from: Date.UTC(2026, 8, 5) })
    expect(JSON.parse(stdout)).toEqual(viaContract)
    const text = (await run(process.execPath, ['bin/provbench.mjs', 'stats', '--data-dir', dataDir, '--method', 'webcam-config'], { cwd: root })).stdout
    expect(text).toMatch(/webcam-config\s+\d+\s+\d+\.\d%/)
    expect(text).toContain('Failures by cause')
    await expect(run(process.execPath, ['bin/provbench.mjs', 'stats', '--data-dir', dataDir, '--from', 'yesterday-ish'], { cwd: root })).rejects.toMatchObject({ code: 2 })
  }, 60_000)
})
