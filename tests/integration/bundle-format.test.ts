import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BundleEnvironment, Session } from '../../preload/contract'
import { buildBundle } from '../../main/bundle/build-bundle'
import { openBundle } from '../../main/bundle/open-bundle'
import { Redactor } from '../../main/bundle/redaction'
import { readTar, writeTar } from '../../main/bundle/tar'
import { registerSecret } from '../../main/runtime/log'
import { tempDir } from '../support/station'

const session: Session = {
  id: 'mwx1-abcdef01',
  method: 'webcam-config',
  target: { ssid: 'LabNet', bssid: '02:00:1a:00:00:01' },
  profile: 'lab',
  startedAt: 1_790_000_000_000,
  endedAt: 1_790_000_004_000,
  outcome: 'failed',
  cause: { id: 'wifi.wrong-password', title: 't', explanation: 'e', advice: 'a', evidence: [{ kind: 'observation', text: 'lab-join-failed' }] },
  steps: [{ seq: 0, name: 'qr-generated', attempt: 1, startedAt: 1_790_000_000_000, endedAt: 1_790_000_000_050, outcome: 'succeeded' }],
}
const environment: BundleEnvironment = {
  capturedAt: 1_790_000_000_000,
  when: 'session-start',
  app: { name: 'Provbench', version: '0.1.0', shell: 'cli', profile: 'lab' },
  os: { platform: 'linux', release: '6', arch: 'x64', node: 'v20' },
  radios: [{ radio: 'wifi', status: 'ready', driver: 'lab' }],
  settings: { language: 'auto' },
}
const frames = {
  source: 'lab-air',
  allChannels: true,
  truncated: false,
  fromMs: session.startedAt - 2000,
  toMs: session.endedAt!,
  interfaces: [{ linktype: 127, name: 'lab-air' }],
  packets: [{ interfaceId: 0, timestampNs: 1_790_000_000_001_000_000n, data: new Uint8Array([0, 0, 8, 0, 0, 0, 0, 0, 0x80, 0, 0, 0]) }],
}
const validBundle = () => buildBundle({ session, environment, frames, redactor: new Redactor([], false), now: 1_790_000_010_000 }).bytes

describe('the bundle file is a tar that GNU tar reads', () => {
  it('lists and extracts the same files and bytes', () => {
    const dir = tempDir()
    const file = path.join(dir, 'b.tar')
    fs.writeFileSync(file, validBundle())
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(['README.txt', 'manifest.json', 'session.json', 'environment.json', 'frames.pcapng'])
    execFileSync('tar', ['-xf', file, '-C', dir])
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'session.json'), 'utf8'))).toEqual(session)
    const tar = readTar(validBundle())
    expect(tar.ok).toBe(true)
    if (tar.ok) expect(new Uint8Array(fs.readFileSync(path.join(dir, 'frames.pcapng')))).toEqual(tar.entries.find((e) => e.name === 'frames.pcapng')!.data)
  })

  it('reads what GNU tar writes', () => {
    const dir = tempDir()
    fs.writeFileSync(path.join(dir, 'a.txt'), 'hello')
    fs.writeFileSync(path.join(dir, 'b.bin'), Buffer.alloc(1500, 7))
    execFileSync('tar', ['--format=ustar', '-cf', 'x.tar', 'a.txt', 'b.bin'], { cwd: dir })
    const tar = readTar(new Uint8Array(fs.readFileSync(path.join(dir, 'x.tar'))))
    expect(tar.ok && tar.entries.map((e) => [e.name, e.data.length])).toEqual([
      ['a.txt', 5],
      ['b.bin', 1500],
    ])
  })

  it('round-trips any files', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.stringMatching(/^[a-z0-9._-]{1,40}$/), data: fc.uint8Array({ maxLength: 2000 }) }), { minLength: 1, maxLength: 5 }), (files) => {
        const read = readTar(writeTar(files.map((f) => ({ ...f, mtime: 1_700_000_000 }))))
        expect(read.ok && read.entries.map((e) => ({ name: e.name, data: e.data }))).toEqual(files)
      }),
    )
  })
})

describe('opening hostile bundles', () => {
  it('never throws on random bytes, truncations or mutations; a damaged bundle is a reason', () => {
    const valid = validBundle()
    expect(openBundle(valid).ok).toBe(true)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const result = openBundle(bytes)
        expect(result.ok).toBe(false)
      }),
    )
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length }), (cut) => {
        expect(() => openBundle(valid.subarray(0, cut))).not.toThrow()
      }),
    )
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), (edits) => {
        const mutated = valid.slice()
        for (const [at, value] of edits) mutated[at] = value
        const result = openBundle(mutated)
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(5)
      }),
      { numRuns: 300 },
    )
  })
})

describe('the redactor', () => {
  it('replaces named secrets in text and bytes, keeping byte lengths', () => {
    const r = new Redactor(['hunter2-secret', 'abc'], false)
    expect(r.text('pw=hunter2-secret;')).toBe('pw=***;')
    const bytes = new TextEncoder().encode('xx hunter2-secret yy hunter2-secret')
    const out = r.bytes(bytes)
    expect(out.length).toBe(bytes.length)
    expect(Buffer.from(out).toString()).toBe(`xx ${'*'.repeat(14)} yy ${'*'.repeat(14)}`)
    // Three-character secrets would redact ordinary words: ignored, as the logger does.
    expect(r.text('abc')).toBe('abc')
    expect(r.count).toBe(3)
  })

  it('finds secrets only the logger knows, in bytes, at their exact place', () => {
    const secret = `reg-${Date.now()}-Zq`
    registerSecret(secret)
    const r = new Redactor([])
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (before, after) => {
        const data = Buffer.concat([before, Buffer.from(secret), after, Buffer.from(secret)])
        const out = r.bytes(new Uint8Array(data))
        expect(out.length).toBe(data.length)
        expect(Buffer.from(out).includes(Buffer.from(secret))).toBe(false)
        // Everything else is untouched.
        expect(Buffer.from(out.subarray(0, before.length))).toEqual(Buffer.from(before))
        expect(Buffer.from(out.subarray(before.length, before.length + secret.length)).toString()).toBe('*'.repeat(secret.length))
      }),
      { numRuns: 100 },
    )
    expect(r.text(`{"note":"${secret}"}`)).toBe('{"note":"***"}')
  })

  it('replaces the longer of two overlapping named secrets whole', () => {
    const r = new Redactor(['pass', 'password-long'], false)
    expect(r.text('password-long and pass')).toBe('*** and ***')
  })
})

describe('the capture ring behind session records', () => {
  const iface = { linktype: 127, name: 'lab-air' }
  const feed = (ring: import('../../main/bundle/capture-ring').CaptureRing, ms: number) =>
    ring.packet({ iface, buffer: new Uint8Array([ms & 0xff, 1, 2, 3]), offset: 0, length: 4, originalLength: 4, seconds: Math.floor(ms / 1000), nanoseconds: (ms % 1000) * 1e6 })

  it('keeps only the rolling pre-roll while no session runs, and everything since a running session began', async () => {
    const { CaptureRing } = await import('../../main/bundle/capture-ring')
    const ring = new CaptureRing({ name: 'lab-air', allChannels: true, rollingMs: 2_000 })
    for (let ms = 0; ms <= 10_000; ms += 100) feed(ring, 1_000_000 + ms)
    expect(ring.size).toBe(21) // 8.0 s .. 10.0 s
    ring.retainSince(1_009_000)
    for (let ms = 10_100; ms <= 20_000; ms += 100) feed(ring, 1_000_000 + ms)
    const window = ring.between(1_009_000, 1_020_000, 10_000)!
    expect(window.packets).toHaveLength(111)
    expect(window.truncated).toBe(false)
    expect(window.packets[0].timestampNs).toBe(1_009_000_000_000n)
    // Asking for more than was kept says so.
    expect(ring.between(1_000_000, 1_020_000, 10_000)!.truncated).toBe(true)
    expect(ring.between(1_009_000, 1_020_000, 50)!).toMatchObject({ truncated: true, packets: { length: 50 } })
    ring.retainSince(undefined)
    feed(ring, 1_020_100)
    expect(ring.size).toBe(21)
  })

  it('drops the oldest frames beyond its frame limit, and marks windows that lost them', async () => {
    const { CaptureRing } = await import('../../main/bundle/capture-ring')
    const ring = new CaptureRing({ name: 'lab-air', allChannels: true, maxFrames: 10 })
    ring.retainSince(0)
    for (let ms = 0; ms < 30; ms++) feed(ring, 5_000 + ms)
    expect(ring.size).toBe(10)
    expect(ring.between(5_000, 6_000, 100)).toMatchObject({ truncated: true, packets: { length: 10 } })
    expect(ring.between(7_000, 8_000, 100)).toBeUndefined()
  })
})
