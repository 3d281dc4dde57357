import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LAB_WIFI, tempDir } from '../support/station'

const root = path.resolve(__dirname, '../..')
function provbench(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/provbench.mjs'), ...args], { cwd: root, encoding: 'utf8', input, timeout: 90_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const LAB_SECRETS = 'a1LabSock001=labsocket-product-secret-01\n'

describe('provbench provision --method smart-config (lab)', () => {
  it.each(['bcast', 'mcast', 'p2p'])('--encoding %s succeeds with the smart-config steps', (encoding) => {
    const run = provbench(['provision', '--method', 'smart-config', '--encoding', encoding, '--ssid', 'LabNet', '--json', '--timeout', '30', '--data-dir', tempDir()], `${LAB_WIFI.password}\n`)
    expect(run.code, run.stderr).toBe(0)
    const result = JSON.parse(run.stdout)
    expect(result).toMatchObject({ method: 'smart-config', encoding, outcome: 'succeeded' })
    expect(result.steps.map((s: { name: string }) => s.name).filter((n: string) => n !== 'air-decodable')).toEqual([
      'preflight',
      'sending',
      'device-locked',
      'device-decoded',
      'device-joined',
      'announce-received',
      'confirmed',
    ])
    expect(run.stdout + run.stderr).not.toContain(LAB_WIFI.password)
  }, 90_000)

  it('refuses a password with a NUL before anything is sent (exit 2, the message names the problem, not the password)', () => {
    const dir = tempDir()
    const file = path.join(dir, 'pw')
    fs.writeFileSync(file, 'provbench\0lab', { mode: 0o600 })
    const run = provbench(['provision', '--method', 'smart-config', '--ssid', 'LabNet', '--password-file', file, '--data-dir', dir])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/NUL/)
    expect(run.stderr).not.toContain('provbench\0lab')
    expect(provbench(['sessions', '--json', '--data-dir', dir]).stdout.trim()).toBe('[]')
  })
})

describe('provbench analyze', () => {
  it('decodes a recorded lab session: offset, lock/decode times, positions per cycle; the password only with --reveal', () => {
    const dir = tempDir()
    const capture = path.join(dir, 'air.pcapng')
    const run = provbench(['provision', '--method', 'smart-config', '--encoding', 'bcast', '--ssid', 'LabNet', '--capture', capture, '--data-dir', dir, '--timeout', '30'], `${LAB_WIFI.password}\n`)
    expect(run.code, run.stderr).toBe(0)
    const secrets = path.join(dir, 'secrets.txt')
    fs.writeFileSync(secrets, LAB_SECRETS, { mode: 0o600 })

    const masked = provbench(['analyze', capture, '--product-secret-file', secrets])
    expect(masked.code, masked.stderr).toBe(0)
    expect(masked.stdout).toMatch(/Sender 02:00:00:00:0a:01 +bcast via 02:00:1a:00:00:01 ch 6: decoded/)
    expect(masked.stdout).toMatch(/offset +52 \(CCMP\): the device heard this BSSID's beacon/)
    expect(masked.stdout).toMatch(/to-ds +#1 +at \+[\d.]+ m?s: \d+ positions/)
    expect(masked.stdout).toMatch(/SSID +"LabNet"/)
    expect(masked.stdout).toMatch(/password +\(masked; --reveal shows it\), 13 bytes, productSecret of a1LabSock001/)
    expect(masked.stdout).not.toContain(LAB_WIFI.password)

    const json = provbench(['analyze', capture, '--product-secret-file', secrets, '--reveal', '--json'])
    const analysis = JSON.parse(json.stdout)
    const sender = analysis.senders.find((s: { encoding: string }) => s.encoding === 'bcast')
    expect(sender).toMatchObject({ status: 'decoded', password: { revealed: LAB_WIFI.password }, productKey: 'a1LabSock001', offset: { cipher: 'ccmp', bytes: 52, reason: 'ap-list' } })
    expect(sender.decodedAtMs).toBeGreaterThan(sender.lockedAtMs)

    // Without the secret: structure and ciphertext only.
    const plain = JSON.parse(provbench(['analyze', capture, '--json']).stdout)
    expect(plain.senders[0].password).toBeUndefined()
    expect(plain.senders[0].structure.ciphertextHex).toMatch(/^[0-9a-f]{26}$/)
  }, 90_000)

  it('says what is wrong with a file that is not a capture (exit 2)', () => {
    const file = path.join(tempDir(), 'not-a-capture.pcap')
    fs.writeFileSync(file, 'hello, this is text')
    const run = provbench(['analyze', file])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/provbench: .*(capture|pcap)/i)
  })
})
