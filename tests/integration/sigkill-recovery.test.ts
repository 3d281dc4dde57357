import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionStore } from '../../main/sessions/store'
import { LAB_WIFI, tempDir } from '../support/station'
import { TestWsClient, wsUrl } from '../support/ws-client'

const root = path.resolve(__dirname, '../..')
let child: ChildProcess | undefined
afterEach(() => child?.kill('SIGKILL'))

function serve(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(root, 'bin/provbench.mjs'), 'serve', '--port', '0', '--data-dir', dataDir], { cwd: root })
    let out = ''
    const timer = setTimeout(() => reject(new Error(`station did not start: ${out}`)), 30_000)
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve({ child: proc, url: match[1] })
      }
    })
    proc.on('exit', (code) => reject(new Error(`station exited ${code}: ${out}`)))
  })
}

describe('a station killed with SIGKILL mid-session', () => {
  it('shows the session as interrupted with every finished step after restart', async () => {
    const dataDir = tempDir()
    const first = await serve(dataDir)
    child = first.child
    const client = await TestWsClient.connect(wsUrl(first.url))
    client.subscribe('sessions.updated')
    // With the camera looking away the session waits at device-scanned: a session caught mid-flight.
    await client.call('lab.setKnob', { scope: 'device', id: 'cam-1', knob: 'inView', value: false })
    const started = await client.call('sessions.start', { method: 'webcam-config', target: LAB_WIFI, options: { confirmTimeoutMs: 120_000 } })
    const id = (started.output as { id: string }).id
    await client.waitForEvent((e) => {
      const p = e.payload as { session: { id: string }; step?: { name: string; outcome: string } }
      return p.session.id === id && p.step?.name === 'device-scanned' && p.step.outcome === 'running'
    })
    client.close()
    child.kill('SIGKILL')
    await new Promise((resolve) => child!.once('exit', resolve))

    // The next station on the same folder recovers it.
    const second = await serve(dataDir)
    child = second.child
    const again = await TestWsClient.connect(wsUrl(second.url))
    const session = (await again.call('sessions.get', { id })).output as { outcome: string; endedAt?: number; steps: { name: string; outcome: string }[] }
    again.close()
    expect(session.outcome).toBe('interrupted')
    expect(session.endedAt).toBeDefined()
    expect(session.steps.map((s) => `${s.name}:${s.outcome}`)).toEqual(['qr-generated:succeeded', 'qr-shown:succeeded', 'device-scanned:interrupted'])

    child.kill('SIGTERM')
    await new Promise((resolve) => child!.once('exit', resolve))
    const store = SessionStore.open(dataDir)
    expect(store.list()[0]).toMatchObject({ id, outcome: 'interrupted' })
    store.close()
  }, 90_000)
})
