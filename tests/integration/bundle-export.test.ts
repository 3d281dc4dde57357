import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BundleFrameRow, BundleView, Session } from '../../preload/contract'
import { openBundle } from '../../main/bundle/open-bundle'
import { readTar } from '../../main/bundle/tar'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation, tempDir } from '../support/station'
import { call, contains, exportThroughContract, leakOnAir } from './bundle-support'

const run = promisify(execFile)
const root = path.resolve(__dirname, '../..')

// A failed lab session with secrets planted where a careless device or method could put them: a Wi-Fi password
// typed by the user (not known to the lab) in a step detail and on the air, the product secret and the router
// password on the air and in the device label. The bundle must carry the session, its frames and environment,
// and none of the secrets, whichever process builds it (the station, or the CLI later from the data folder).

const TYPED_PASSWORD = 'Typed-by-user-7f3a9c'
const PRODUCT_SECRET = 'labcam-product-secret-01'
let station: Station
let dataDir: string
let session: Session

beforeAll(async () => {
  dataDir = tempDir()
  station = await labStation({ dataDir })
  // A station that has been up a moment has frames from before the session (the bundle's pre-roll).
  await new Promise((resolve) => setTimeout(resolve, 1_500))
  let planted = false
  const off = station.bus.on('sessions.updated', (event) => {
    if (event.kind !== 'step' || planted) return
    planted = true
    const id = event.session.id
    station.store.recordStep(id, { name: 'careless-step', attempt: 1, startedAt: Date.now(), endedAt: Date.now(), outcome: 'succeeded', detail: { note: `password is ${TYPED_PASSWORD}` } })
    station.store.updateTarget(id, { deviceLabel: `camera ${PRODUCT_SECRET}` })
    leakOnAir(station, TYPED_PASSWORD)
    leakOnAir(station, PRODUCT_SECRET)
    leakOnAir(station, LAB_WIFI.password)
  })
  const started = await station.runner.start({ method: 'webcam-config', target: { ssid: LAB_WIFI.ssid, password: TYPED_PASSWORD }, options: { confirmTimeoutMs: 8_000 } })
  await station.runner.wait(started.id)
  off()
  session = station.store.get(started.id)!
}, 60_000)

afterAll(async () => {
  await station?.close()
})

const SECRETS = () => [TYPED_PASSWORD, PRODUCT_SECRET, LAB_WIFI.password]

function expectNoSecret(bytes: Uint8Array, where: string): void {
  for (const secret of SECRETS()) expect(contains(bytes, secret), `${where} contains a planted secret (${secret.length} chars)`).toBe(false)
}

describe('a support bundle from the station', () => {
  it('plants really happened: the store holds the typed password and the product secret', () => {
    expect(session.outcome).toBe('failed')
    expect(JSON.stringify(session)).toContain(TYPED_PASSWORD)
    expect(session.deviceLabel).toContain(PRODUCT_SECRET)
  })

  it('holds no planted secret anywhere in its bytes, and says how many it replaced', async () => {
    const { bytes, fileName } = await exportThroughContract(station, session.id)
    expect(fileName).toBe(`provbench-webcam-config-${session.id}.tar`)
    expectNoSecret(bytes, 'the bundle')
    const opened = openBundle(bytes)
    expect(opened.ok).toBe(true)
    if (!opened.ok) return
    // Redacted, not dropped: the leaking frames are still there with their secrets starred out.
    const leaks = opened.bundle.frames.packets.filter((p) => contains(p.data, 'LEAK:'))
    expect(leaks).toHaveLength(3)
    for (const leak of leaks) expect(Buffer.from(leak.data).toString('latin1')).toMatch(/LEAK:\*{8,}:END/)
    expect(opened.bundle.session.steps.find((s) => s.name === 'careless-step')?.detail?.note).toBe('password is ***')
    expect(opened.bundle.session.deviceLabel).toBe('camera ***')
  })

  it('carries the timeline and cause as stored, the environment, and the frames around the session', async () => {
    const { bytes } = await exportThroughContract(station, session.id)
    const opened = openBundle(bytes)
    if (!opened.ok) throw new Error(opened.reason)
    const { manifest, session: inBundle, environment, frames } = opened.bundle
    expect(inBundle.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(session.steps.map((s) => `${s.name}:${s.outcome}`))
    expect(inBundle.cause?.id).toBe('wifi.wrong-password')
    expect(inBundle.cause?.evidence.map((e) => e.kind)).toEqual(expect.arrayContaining(['failed-step', 'observation', 'frames-seen', 'frames-not-seen']))
    expect(environment.when).toBe('session-start')
    expect(environment.app.profile).toBe('lab')
    expect(environment.radios.map((r) => r.radio).sort()).toEqual(['ble', 'capture', 'lan', 'wifi'])
    expect(environment.lab?.routers.map((r) => r.ssid)).toContain('LabNet')
    expect(environment.os.node).toBe(process.version)
    expect(manifest.frames.source).toBe('lab-air')
    expect(manifest.frames.count).toBe(frames.packets.length)
    expect(manifest.frames.fromMs).toBeLessThan(session.startedAt)
    expect(manifest.redaction.replaced).toBeGreaterThanOrEqual(5)
    // Every frame lies in the window, and the window covers the session.
    for (const p of frames.packets) {
      const ms = Number(p.timestampNs / 1_000_000n)
      expect(ms).toBeGreaterThanOrEqual(manifest.frames.fromMs - 1)
      expect(ms).toBeLessThanOrEqual(manifest.frames.toMs + 1)
    }
    // It is a plain tar: README, manifest, session, environment, frames.
    const tar = readTar(bytes)
    expect(tar.ok && tar.entries.map((e) => e.name)).toEqual(['README.txt', 'manifest.json', 'session.json', 'environment.json', 'frames.pcapng'])
  })

  it('opens again for offline triage: timeline and frames as they were, through the contract', async () => {
    const { bytes, fileName } = await exportThroughContract(station, session.id)
    const chunk = 400_000
    let uploadId: string | undefined
    for (let index = 0; index * chunk < bytes.length; index++) {
      const sent = await call<{ uploadId: string; received: number }>(station, 'bundle.upload', {
        ...(uploadId ? { uploadId } : {}),
        fileName,
        index,
        base64: Buffer.from(bytes.subarray(index * chunk, (index + 1) * chunk)).toString('base64'),
      })
      uploadId = sent.uploadId
      expect(sent.received).toBe(index + 1)
    }
    const view = await call<BundleView>(station, 'bundle.open', { uploadId })
    expect(view.session.id).toBe(session.id)
    expect(view.session.cause?.id).toBe('wifi.wrong-password')
    expect(view.manifest.frames.count).toBeGreaterThan(50)
    const page = await call<{ total: number; rows: BundleFrameRow[] }>(station, 'bundle.frames', { bundleId: view.bundleId, offset: 0, limit: 2000 })
    expect(page.total).toBe(view.manifest.frames.count)
    expect(page.rows[0].offsetMs).toBeLessThan(0) // the pre-roll before the session started
    const kinds = new Set(page.rows.map((r) => r.kind))
    expect([...kinds]).toEqual(expect.arrayContaining(['Beacon', 'Authentication', 'Association Request', 'Deauthentication']))
    expect(page.rows.filter((r) => r.info.includes('EAPOL')).length).toBe(6)
    await call(station, 'bundle.close', { bundleId: view.bundleId })
    await expect(call(station, 'bundle.frames', { bundleId: view.bundleId, offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'not-found' })
  })

  it('opens a bundle file by its path on the station, and refuses what is not a bundle with a reason', async () => {
    const { bytes } = await exportThroughContract(station, session.id)
    const file = path.join(dataDir, 'copy.tar')
    fs.writeFileSync(file, bytes)
    const view = await call<BundleView>(station, 'bundle.open', { path: file })
    expect(view.fileName).toBe('copy.tar')
    fs.writeFileSync(file, 'not a bundle at all')
    await expect(call(station, 'bundle.open', { path: file })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('Not a Provbench support bundle') })
    await expect(call(station, 'bundle.open', { path: path.join(dataDir, 'missing.tar') })).rejects.toMatchObject({ code: 'not-found' })
    await expect(call(station, 'bundle.export', { sessionId: 'no-such-session' })).rejects.toMatchObject({ code: 'not-found' })
  })
})

describe('a support bundle from the CLI, after the station is gone', () => {
  it('`provbench bundle SESSION_ID --out FILE` writes the same parts, still without any planted secret', async () => {
    await station.close()
    const out = path.join(dataDir, 'cli-bundle.tar')
    const { stdout } = await run(process.execPath, ['bin/provbench.mjs', 'bundle', session.id, '--out', out, '--data-dir', dataDir, '--json'], { cwd: root })
    const printed = JSON.parse(stdout) as { file: string; size: number; manifest: { frames: { count: number; source: string } } }
    expect(printed.file).toBe(out)
    const bytes = new Uint8Array(fs.readFileSync(out))
    expect(bytes.length).toBe(printed.size)
    expectNoSecret(bytes, 'the CLI bundle')
    const opened = openBundle(bytes)
    if (!opened.ok) throw new Error(opened.reason)
    expect(opened.bundle.session.cause?.id).toBe('wifi.wrong-password')
    expect(opened.bundle.frames.packets.length).toBe(printed.manifest.frames.count)
    expect(printed.manifest.frames.source).toBe('lab-air')
    const { stdout: text } = await run(process.execPath, ['bin/provbench.mjs', 'bundle', session.id, '--out', out, '--data-dir', dataDir], { cwd: root })
    expect(text).toContain('frames:')
    await expect(run(process.execPath, ['bin/provbench.mjs', 'bundle', 'nope', '--data-dir', dataDir], { cwd: root })).rejects.toMatchObject({ code: 2 })
  }, 60_000)
})
