import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type HeadlessStation, startHeadless } from '../../main/server'
import { Station } from '../../main/station'
import { LAB_WIFI, tempDir } from '../support/station'
import { TestWsClient, wsUrl } from '../support/ws-client'

// The awss.* contract as the renderer uses it, over the headless station's WebSocket: every output is validated by
// main against the contract, and passwords leave main only when the request says reveal.
let headless: HeadlessStation
let client: TestWsClient

beforeAll(async () => {
  headless = await startHeadless({ profile: 'lab', dataDir: tempDir(), shell: 'headless', host: '127.0.0.1', port: 0 })
  client = await TestWsClient.connect(wsUrl(headless.url))
  client.subscribe('sessions.updated')
  client.subscribe('awss.updated')
})
afterAll(async () => {
  client?.close()
  await headless?.close()
})

async function waitFor<T>(check: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() - started > timeoutMs) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('awss.* over the WebSocket (lab)', () => {
  it('capacity: every encoding, mode and limits; errors for what does not fit, never quoting the password', async () => {
    const fits = await client.call('awss.capacity', { ssid: 'LabNet', password: LAB_WIFI.password })
    expect(fits.ok).toBe(true)
    const results = fits.output as { encoding: string; fits: boolean; mode: string; symbols: { total: number; limit: number } }[]
    expect(results.map((r) => [r.encoding, r.fits])).toEqual([['bcast', true], ['mcast', true], ['p2p', true]])
    expect(results[0]).toMatchObject({ mode: 'ascii', symbols: { limit: 127 } })
    const long = await client.call('awss.capacity', { ssid: 'A-very-long-network-name-here', password: 'x'.repeat(40) })
    const p2p = (long.output as { encoding: string; fits: boolean; errors: string[] }[]).find((r) => r.encoding === 'p2p')!
    expect(p2p.fits).toBe(false)
    const nul = await client.call('awss.capacity', { ssid: 'LabNet', password: 'secret\u0000tail' })
    const bcast = (nul.output as { errors: string[] }[])[0]
    expect(bcast.errors.join(' ')).toMatch(/NUL/)
    expect(JSON.stringify(nul.output)).not.toContain('secret')
  })

  it('a smart-config session shows on the live oracle and in the timeline; the password only on reveal', async () => {
    // The Frames view follows the lab air too: its oracle sees the same session.
    expect((await client.call('frames.startLab', {})).ok).toBe(true)
    const started = await client.call('sessions.start', { method: 'smart-config', target: LAB_WIFI, deviceId: 'socket-1', options: { encoding: 'bcast', confirmTimeoutMs: 20_000 } })
    expect(started.ok, JSON.stringify(started)).toBe(true)
    const id = (started.output as { id: string }).id
    await waitFor(() => client.events.find((e) => e.name === 'sessions.updated' && (e.payload as { kind: string; session: { id: string } }).kind === 'ended' && (e.payload as { session: { id: string } }).session.id === id))
    const session = (await client.call('sessions.get', { id })).output as { outcome: string; steps: { name: string; detail?: Record<string, unknown> }[] }
    expect(session.outcome).toBe('succeeded')
    const annotation = session.steps.find((s) => s.name === 'air-decodable')
    expect(annotation?.detail).toMatchObject({ source: 'air oracle', cipher: 'ccmp', offsetBytes: 52, offsetReason: 'ap-list' })
    expect(Number(annotation?.detail?.couldDecodeAfterMs)).toBeGreaterThan(0)

    const live = (await client.call('awss.live', {})).output as { senders: { sender: string; encoding: string; status: string; password?: { length: number; revealed?: string }; productKey?: string }[] }
    const ours = live.senders.find((s) => s.sender === '02:00:00:00:0a:01' && s.encoding === 'bcast')!
    expect(ours).toMatchObject({ status: 'decoded', productKey: 'a1LabSock001', password: { length: LAB_WIFI.password.length } })
    expect(JSON.stringify(live)).not.toContain(LAB_WIFI.password)
    const revealed = (await client.call('awss.live', { reveal: true })).output as typeof live
    expect(revealed.senders.find((s) => s.sender === ours.sender)?.password?.revealed).toBe(LAB_WIFI.password)

    const inView = (await client.call('awss.live', { source: 'frames' })).output as typeof live & { source: string; frames: number }
    expect(inView.source).toBe('frames')
    expect(inView.frames).toBeGreaterThan(0)
    expect(inView.senders.find((s) => s.sender === ours.sender)).toMatchObject({ status: 'decoded', password: { length: LAB_WIFI.password.length } })

    const pushed = client.events.filter((e) => e.name === 'awss.updated')
    expect(new Set(pushed.map((e) => (e.payload as { source: string }).source))).toEqual(new Set(['station', 'frames']))
    expect(pushed.length).toBeGreaterThan(0)
    expect(JSON.stringify(pushed)).not.toContain(LAB_WIFI.password)
    expect(JSON.stringify(session)).not.toContain(LAB_WIFI.password)
  }, 40_000)

  it('analyzeFile says what is wrong with a path that is not a capture', async () => {
    const reply = await client.call('awss.analyzeFile', { path: '/nonexistent/capture.pcapng' })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect((reply.error as { message: string }).message).toMatch(/capture\.pcapng/)
  })
})

describe('smart-config on the hardware profile (no Wi-Fi adapter here)', () => {
  let station: Station
  afterAll(async () => station?.close())

  it('p2p says before starting that it needs a monitor-mode interface that can inject; nothing is sent', async () => {
    station = await Station.create({ profile: 'hardware', dataDir: tempDir(), shell: 'cli', lanHost: '127.0.0.1', lanPort: 0 })
    await station.refreshRadios()
    await expect(station.runner.start({ method: 'smart-config', target: LAB_WIFI, options: { encoding: 'p2p' } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/p2p cannot be sent from here: .*monitor-mode/),
    })
    expect(station.store.list({})).toEqual([])
    // Without a product key there is no productSecret to encrypt with; the lab would know, hardware needs the user.
    expect(station.info().methods.find((m) => m.id === 'smart-config')).toMatchObject({ available: true })
  }, 60_000)
})
