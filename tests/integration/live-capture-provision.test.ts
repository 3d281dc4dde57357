import { spawn, spawnSync } from 'node:child_process'
import dgram from 'node:dgram'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PROJECT_ROOT, tsharkAvailable } from '../bench/lib/tshark.js'

// `provbench provision --profile hardware --capture F`: the session runs with a live capture (here on loopback,
// the only interface this machine has to offer) written to a pcapng file that tshark reads.
const isRoot = process.getuid?.() === 0
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-provision-capture-'))
  dirs.push(dir)
  return dir
}
const provbench = path.join(PROJECT_ROOT, 'bin/provbench.mjs')
const baseArgs = (dir: string) => ['provision', '--profile', 'hardware', '--method', 'webcam-config', '--ssid', 'LabNet', '--bssid', '020000000001', '--password-file', '/dev/null', '--data-dir', dir]

describe.skipIf((!isRoot || !tsharkAvailable()) && process.env.CI !== 'true')('provision --capture with the hardware profile', () => {
  it('records a live capture for the whole session; tshark reads what was sent during it', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'session.pcapng')
    const port = 46_000 + (process.pid % 1000)
    const child = spawn(process.execPath, [provbench, ...baseArgs(dir), '--timeout', '6', '--capture', file, '--capture-interface', 'lo', '--capture-filter', `udp port ${port}`], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const socket = dgram.createSocket('udp4')
    let sent = 0
    // Datagrams all along; the ones sent once the capture is open must be in the file.
    const pinger = setInterval(() => socket.send(`datagram-${sent++}`, port, '127.0.0.1'), 100)
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    clearInterval(pinger)
    socket.close()
    // The session itself fails (no real camera answers on this machine); the capture is what is tested.
    expect(code, output).toBe(1)
    expect(output).toContain(`capture: lo (not in monitor mode: only this machine’s own traffic, filter "udp port ${port}") → ${file}`)
    const written = Number(/capture: (\d+) frames written/.exec(output)?.[1])
    expect(written).toBeGreaterThan(10)
    const read = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'udp.dstport', '-e', 'data.data'], { encoding: 'utf8' })
    expect(read.status).toBe(0)
    const lines = read.stdout.trim().split('\n')
    expect(lines).toHaveLength(written)
    for (const line of lines) {
      const [dst, data] = line.split('\t')
      expect(dst).toBe(String(port))
      expect(Buffer.from(data, 'hex').toString()).toMatch(/^datagram-\d+$/)
    }
  }, 90_000)

  it('a capture that cannot start stops everything before a session is created, and says why', () => {
    const dir = tempDir()
    const run = spawnSync(process.execPath, [provbench, ...baseArgs(dir), '--capture', path.join(dir, 'x.pcapng'), '--capture-interface', 'pbnosuch0'], { encoding: 'utf8', timeout: 60_000 })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('provbench: cannot capture on pbnosuch0: There is no interface named pbnosuch0. Choose an existing interface in Settings (ip link lists them).')
    expect(run.stdout).not.toContain('webcam-config →')
    expect(fs.existsSync(path.join(dir, 'x.pcapng'))).toBe(false)
    const sessions = spawnSync(process.execPath, [provbench, 'sessions', '--data-dir', dir, '--json'], { encoding: 'utf8' })
    expect(JSON.parse(sessions.stdout)).toEqual([])
  }, 90_000)
})
