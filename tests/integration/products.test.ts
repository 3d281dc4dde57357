import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { type HeadlessStation, startHeadless } from '../../main/server'
import { tempDir } from '../support/station'
import { TestWsClient, wsUrl } from '../support/ws-client'

const root = path.resolve(__dirname, '../..')
const SECRET = 'Zq81mKc0aP7rTt2w'
function provbench(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/provbench.mjs'), ...args], { cwd: root, encoding: 'utf8', input, timeout: 60_000 })
  return { code: result.status, out: result.stdout + result.stderr }
}

describe('products for real devices', () => {
  it('saved from the CLI (secret on stdin) are what the station finds, over the contract without their secrets', async () => {
    const dataDir = tempDir()
    const added = provbench(['products', 'add', 'a1RealPlug', '--product-id', '0x2a', '--model', 'Real plug', '--data-dir', dataDir], `${SECRET}\n`)
    expect(added.code, added.out).toBe(0)
    expect(added.out).toMatch(/a1RealPlug\s+id 42\s+secret saved\s+Real plug/)
    const secretFile = path.join(dataDir, 'device-secret.txt')
    fs.writeFileSync(secretFile, 'device-secret-of-plug-1\n', { mode: 0o600 })
    expect(provbench(['products', 'device-secret', 'a1RealPlug', 'plug-1', '--secret-file', secretFile, '--data-dir', dataDir]).code).toBe(0)
    const refused = provbench(['products', 'add', 'a1 bad', '--secret-file', secretFile, '--data-dir', dataDir])
    expect(refused.code).toBe(2)
    expect(refused.out).toMatch(/letters, digits/)
    expect(provbench(['products', 'list', '--data-dir', dataDir]).out).not.toContain(SECRET)

    let headless: HeadlessStation | undefined
    let client: TestWsClient | undefined
    try {
      headless = await startHeadless({ profile: 'lab', dataDir, shell: 'headless', host: '127.0.0.1', port: 0 })
      client = await TestWsClient.connect(wsUrl(headless.url))
      const listed = await client.call('products.list', {})
      expect(listed.ok).toBe(true)
      const products = listed.output as { productKey: string; source: string; hasSecret: boolean; devicesWithSecret: string[]; productId?: number }[]
      expect(products.filter((p) => p.source === 'lab').length).toBeGreaterThan(0)
      expect(products.find((p) => p.productKey === 'a1RealPlug')).toEqual({ productKey: 'a1RealPlug', source: 'saved', model: 'Real plug', productId: 42, hasSecret: true, devicesWithSecret: ['plug-1'] })
      expect(JSON.stringify(products)).not.toContain(SECRET)
      // What a method asks for a device advertising product id 42.
      expect(headless.station.products.productKeyForId(42)).toBe('a1RealPlug')
      expect(headless.station.products.productSecret('a1RealPlug')).toBe(SECRET)
      expect(headless.station.products.deviceSecret('a1RealPlug', 'plug-1')).toBe('device-secret-of-plug-1')

      const lab = products.find((p) => p.source === 'lab')!
      expect(await client.call('products.save', { productKey: lab.productKey, productSecret: 'x'.repeat(16) })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/scenario/) } })
      expect(await client.call('products.save', { productKey: 'a2', productSecret: 'y'.repeat(65) })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
      expect(await client.call('products.remove', { productKey: 'a2' })).toMatchObject({ ok: false, error: { code: 'not-found' } })
      const removed = await client.call('products.remove', { productKey: 'a1RealPlug' })
      expect((removed.output as { productKey: string }[]).some((p) => p.productKey === 'a1RealPlug')).toBe(false)
      expect(headless.station.products.deviceSecret('a1RealPlug', 'plug-1')).toBeUndefined()
    } finally {
      client?.close()
      await headless?.close()
    }
    // Five CLI processes (each a cold tsx start) and a lab station: slow on a loaded machine, not stuck.
  }, 120_000)
})
