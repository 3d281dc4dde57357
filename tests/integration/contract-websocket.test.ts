import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_MESSAGE_BYTES } from '../../preload/contract'
import { type HeadlessStation, startHeadless } from '../../main/server'
import { LAB_WIFI, tempDir } from '../support/station'
import { TestWsClient, wsUrl } from '../support/ws-client'

let headless: HeadlessStation
let client: TestWsClient

beforeAll(async () => {
  headless = await startHeadless({ profile: 'lab', dataDir: tempDir(), shell: 'headless', host: '127.0.0.1', port: 0 })
  client = await TestWsClient.connect(wsUrl(headless.url))
})
afterAll(async () => {
  client?.close()
  await headless?.close()
})

describe('the contract over WebSocket', () => {
  it('serves the app over HTTP on loopback and prints a URL carrying the token', async () => {
    expect(headless.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
    const health = await fetch(new URL('/healthz', headless.url))
    expect(await health.json()).toEqual({ ok: true, profile: 'lab' })
  })

  it('answers a valid command', async () => {
    const reply = await client.call('station.info', {})
    expect(reply.ok).toBe(true)
    const info = reply.output as { profile: string; methods: { id: string; available: boolean }[] }
    expect(info.profile).toBe('lab')
    expect(info.methods.find((m) => m.id === 'webcam-config')?.available).toBe(true)
  })

  it('rejects a connection without the token, and keeps serving others', async () => {
    const intruder = await TestWsClient.connect(wsUrl(headless.url, 'wrong-token'))
    await new Promise((r) => setTimeout(r, 200))
    expect(intruder.orphanReplies[0]).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect(intruder.closeCode).toBe(4401)
    expect((await client.call('station.info', {})).ok).toBe(true)
  })

  it('answers malformed, unknown, invalid and oversized messages with errors and keeps running', async () => {
    expect(await client.sendRaw('{not json')).toMatchObject({ ok: false, error: { code: 'bad-message' } })
    expect(await client.sendRaw(JSON.stringify({ t: 'call', id: 'x', name: 1 }))).toMatchObject({ ok: false, error: { code: 'bad-message' } })
    expect(await client.call('station.selfDestruct', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } })
    expect(await client.call('__proto__.constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } })
    const invalid = await client.call('sessions.start', { method: 'webcam-config', target: { ssid: '', password: 'x' } })
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect((invalid.error as { issues: { path: string }[] }).issues[0].path).toBe('target.ssid')
    const huge = 'x'.repeat(MAX_MESSAGE_BYTES + 10)
    expect(await client.sendRaw(JSON.stringify({ t: 'call', id: 99, name: 'station.info', input: { huge } }))).toMatchObject({
      ok: false,
      error: { code: 'too-large' },
    })
    expect((await client.call('station.info', {})).ok).toBe(true)
  })

  it('serves the QR of a waiting session as a PNG whose payload is masked', async () => {
    await client.call('lab.setKnob', { scope: 'device', id: 'cam-1', knob: 'inView', value: false })
    const started = await client.call('sessions.start', { method: 'webcam-config', target: LAB_WIFI, options: { confirmTimeoutMs: 3_000 } })
    const id = (started.output as { id: string }).id
    client.subscribe('sessions.updated')
    await client.waitForEvent((e) => {
      const p = e.payload as { session: { id: string }; step?: { name: string; outcome: string } }
      return p.session.id === id && p.step?.name === 'qr-shown' && p.step.outcome === 'succeeded'
    })
    const view = (await client.call('sessions.qr', { id })).output as { pngDataUrl: string; maskedPayload: string }
    expect(view.pngDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(JSON.parse(view.maskedPayload)).toMatchObject({ v: 'Ali_1', s: 'LabNet', b: '02001A000001' })
    expect(view.maskedPayload).not.toContain(LAB_WIFI.password)
    expect((await client.call('sessions.cancel', { id })).ok).toBe(true)
    await client.waitForEvent((e) => (e.payload as { kind: string; session: { id: string; outcome: string } }).kind === 'ended' && (e.payload as { session: { id: string } }).session.id === id)
    expect((await client.call('sessions.qr', { id })).output).toBeNull()
    await client.call('lab.setKnob', { scope: 'device', id: 'cam-1', knob: 'inView', value: true })
  })

  it('refuses to listen beyond loopback without the explicit flag', async () => {
    await expect(startHeadless({ profile: 'lab', dataDir: tempDir(), shell: 'headless', host: '0.0.0.0', port: 0 })).rejects.toThrow(/--allow-remote/)
  })

  it('runs a session started over the contract and streams its steps to subscribers', async () => {
    client.subscribe('sessions.updated')
    const started = await client.call('sessions.start', { method: 'webcam-config', target: LAB_WIFI, options: { confirmTimeoutMs: 15_000 } })
    expect(started.ok).toBe(true)
    const id = (started.output as { id: string }).id
    type StepEvent = { kind: string; session: { id: string }; step?: { name: string; outcome: string } }
    await client.waitForEvent((e) => {
      const p = e.payload as StepEvent
      return p.session.id === id && p.step?.name === 'qr-shown' && p.step.outcome === 'succeeded'
    })
    const ended = await client.waitForEvent((e) => e.name === 'sessions.updated' && (e.payload as { kind: string; session: { id: string } }).kind === 'ended' && (e.payload as { session: { id: string } }).session.id === id)
    expect((ended.payload as { session: { outcome: string } }).session.outcome).toBe('succeeded')
    const steps = client.events.filter((e) => (e.payload as { kind: string; session: { id: string } }).kind === 'step' && (e.payload as { session: { id: string } }).session.id === id)
    expect(steps.length).toBeGreaterThanOrEqual(12)
    // Nothing pushed to the renderer carries the password.
    expect(JSON.stringify(client.events)).not.toContain(LAB_WIFI.password)
  })
})
