import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LAB_WIFI, tempDir } from '../support/station'

const root = path.resolve(__dirname, '../..')
function provbench(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/provbench.mjs'), ...args], { cwd: root, encoding: 'utf8', input, timeout: 60_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('provbench provision (webcam-config, lab)', () => {
  it('succeeds with --json, exit 0, steps with start/end in ms, and warns that --password is visible', () => {
    const dataDir = tempDir()
    const run = provbench(['provision', '--method', 'webcam-config', '--profile', 'lab', '--ssid', 'LabNet', '--password', LAB_WIFI.password, '--json', '--data-dir', dataDir])
    expect(run.code, run.stdout + run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ method: 'webcam-config', outcome: 'succeeded' })
    expect(result.id).toMatch(/\w+-\w+/)
    expect(result.steps.map((s: { name: string }) => s.name)).toEqual(['qr-generated', 'qr-shown', 'device-scanned', 'device-joined', 'announce-received', 'confirmed'])
    for (const step of result.steps) expect(step.endMs).toBeGreaterThanOrEqual(step.startMs)
    expect(run.stderr).toMatch(/warning: --password is visible/)
    expect(run.stdout + run.stderr).not.toContain(LAB_WIFI.password)

    const listed = provbench(['sessions', '--json', '--data-dir', dataDir])
    expect(JSON.parse(listed.stdout)[0]).toMatchObject({ id: result.id, outcome: 'succeeded' })
  })

  it('fails with a cause and a non-zero exit code for a wrong password read from a file', () => {
    const dataDir = tempDir()
    const file = path.join(dataDir, 'pw.txt')
    fs.writeFileSync(file, 'wrong-password-123\n', { mode: 0o600 })
    const run = provbench(['provision', '--method', 'webcam-config', '--ssid', 'LabNet', '--password-file', file, '--json', '--data-dir', dataDir])
    expect(run.code, run.stdout + run.stderr).toBe(1)
    const result = JSON.parse(run.stdout)
    expect(result.outcome).toBe('failed')
    expect(result.cause.id).toBe('wifi.wrong-password')
    // The printed cause is the stored one: it already includes what the air showed (the handshake frames).
    expect(result.cause.evidence.some((e: { kind: string; text: string }) => e.kind === 'frames-seen' && /EAPOL 2\/4/.test(e.text))).toBe(true)
    const stored = JSON.parse(provbench(['sessions', '--json', '--data-dir', dataDir]).stdout)[0]
    expect(stored.cause).toEqual(result.cause)
    expect(run.stderr).not.toMatch(/warning/)
    expect(run.stdout + run.stderr).not.toContain('wrong-password-123')
  })

  it('takes the password from standard input when piped and prints live steps and the outcome', () => {
    const run = provbench(['provision', '--method', 'webcam-config', '--ssid', 'LabNet', '--data-dir', tempDir()], `${LAB_WIFI.password}\n`)
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toMatch(/✓ qr-generated/)
    expect(run.stdout).toMatch(/✓ confirmed/)
    expect(run.stdout).toMatch(/SUCCEEDED in/)
  })

  it('rejects bad input with one clear line and exit code 2', () => {
    const run = provbench(['provision', '--method', 'webcam-config', '--ssid', 'LabNet', '--bssid', 'EC26CAB68CC', '--password', 'x', '--data-dir', tempDir()])
    expect(run.code, run.stdout + run.stderr).toBe(2)
    expect(run.stderr).toMatch(/BSSID must be 12 hex digits .* has 11/)
  })

  it('writes what the session put on the air to a pcapng that tshark reads', () => {
    const dataDir = tempDir()
    const capture = path.join(dataDir, 'run.pcapng')
    const run = provbench(['provision', '--method', 'webcam-config', '--ssid', 'LabNet', '--capture', capture, '--data-dir', dataDir], LAB_WIFI.password)
    expect(run.code, run.stdout + run.stderr).toBe(0)
    const tshark = spawnSync('tshark', ['-r', capture, '-T', 'fields', '-e', 'wlan.fc.type_subtype', '-e', 'eapol.keydes.replay_counter'], { encoding: 'utf8' })
    if (tshark.error) {
      if (process.env.CI === 'true') throw new Error('tshark is required in CI')
      return
    }
    expect(tshark.status).toBe(0)
    const lines = tshark.stdout.trim().split('\n')
    expect(lines.some((l) => l.startsWith('0x0008'))).toBe(true) // beacons
    expect(lines.some((l) => l.startsWith('0x000b'))).toBe(true) // authentication
    expect(lines.filter((l) => /\t\d+$/.test(l)).length).toBe(4) // the four EAPOL-Key messages
  })
})
