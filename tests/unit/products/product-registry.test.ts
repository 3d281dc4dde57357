import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseProductId } from '../../../preload/contract'
import { ProductRegistry, ProductRegistryError } from '../../../main/products/product-registry'
import { redact } from '../../../main/runtime/log'
import { keyFileBox } from '../../../main/sessions/secret-box'
import { SessionStore } from '../../../main/sessions/store'
import { tempDir } from '../../support/station'

const LAB = {
  products: [{ productKey: 'labProduct', productSecret: 'lab-product-secret-1', model: 'Lab bulb', productId: 7 }],
  devices: [{ id: 'd1', kind: 'breeze-bulb', label: 'Lab bulb 1', productKey: 'labProduct', deviceName: 'bulb1', deviceSecret: 'lab-device-secret-1', mac: '02:00:00:00:00:01', position: { x: 0, y: 0 }, knobs: {} }],
}
const SECRET = 'a3F9kQ2mZx81Lp0s'

let store: SessionStore | undefined
let dataDir = ''
function open(lab: typeof LAB | 'no lab' = LAB): ProductRegistry {
  dataDir = tempDir()
  store = SessionStore.open(dataDir, keyFileBox(dataDir))
  return new ProductRegistry(store, lab === 'no lab' ? undefined : lab)
}
afterEach(() => store?.close())

describe('the product registry', () => {
  it('lists lab and saved products with whether a secret is saved, never the secret', () => {
    const registry = open()
    const list = registry.save({ productKey: 'a1Real', model: 'Real plug', productId: 0x1234, productSecret: SECRET })
    expect(list).toEqual([
      { productKey: 'labProduct', source: 'lab', model: 'Lab bulb', productId: 7, hasSecret: true, devicesWithSecret: ['bulb1'] },
      { productKey: 'a1Real', source: 'saved', model: 'Real plug', productId: 0x1234, hasSecret: true, devicesWithSecret: [] },
    ])
    expect(JSON.stringify(list)).not.toContain(SECRET)
    expect(JSON.stringify(list)).not.toContain('lab-product-secret-1')
  })

  it('answers the methods’ lookups from the lab first, then from saved products', () => {
    const registry = open()
    registry.save({ productKey: 'a1Real', productId: 0x1234, productSecret: SECRET })
    registry.saveDeviceSecret({ productKey: 'a1Real', deviceName: 'plug-07', deviceSecret: 'per-device-secret-07' })
    expect(registry.productSecret('a1Real')).toBe(SECRET)
    expect(registry.productSecret('labProduct')).toBe('lab-product-secret-1')
    expect(registry.productSecret('nobody')).toBeUndefined()
    expect(registry.productKeyForId(0x1234)).toBe('a1Real')
    expect(registry.productKeyForId(7)).toBe('labProduct')
    expect(registry.productKeyForId(8)).toBeUndefined()
    expect(registry.deviceSecret('a1Real', 'plug-07')).toBe('per-device-secret-07')
    expect(registry.deviceSecret('labProduct', 'bulb1')).toBe('lab-device-secret-1')
    expect(registry.secretCandidates()).toEqual([
      { productKey: 'labProduct', secret: 'lab-product-secret-1' },
      { productKey: 'a1Real', secret: SECRET },
    ])
  })

  it('seals secrets in the store file and survives a reopen', () => {
    const registry = open('no lab')
    registry.save({ productKey: 'a1Real', productSecret: SECRET })
    store!.close()
    const files = fs.readdirSync(dataDir).filter((f) => f.startsWith('sessions') || f.endsWith('.db') || f.includes('-wal'))
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(fs.readFileSync(path.join(dataDir, f)).includes(Buffer.from(SECRET))).toBe(false)
    store = SessionStore.open(dataDir, keyFileBox(dataDir))
    expect(new ProductRegistry(store, undefined).productSecret('a1Real')).toBe(SECRET)
  })

  it('redacts saved secrets from logs as soon as they are known', () => {
    const registry = open('no lab')
    registry.save({ productKey: 'a1Real', productSecret: 'only-in-this-test-9f8e' })
    expect(redact('oops: only-in-this-test-9f8e')).toBe('oops: ***')
  })

  it('updates a product keeping its secret, and needs a secret for a new one', () => {
    const registry = open('no lab')
    expect(() => registry.save({ productKey: 'a1Real', model: 'x' })).toThrow(/new: its product secret is required/)
    registry.save({ productKey: 'a1Real', productSecret: SECRET })
    const list = registry.save({ productKey: 'a1Real', model: 'Renamed' })
    expect(list).toEqual([{ productKey: 'a1Real', source: 'saved', model: 'Renamed', hasSecret: true, devicesWithSecret: [] }])
    expect(registry.productSecret('a1Real')).toBe(SECRET)
  })

  it('refuses what would make lookups ambiguous or change the lab', () => {
    const registry = open()
    registry.save({ productKey: 'a1Real', productId: 42, productSecret: SECRET })
    const clash = () => registry.save({ productKey: 'a2Other', productId: 42, productSecret: SECRET })
    expect(clash).toThrow(ProductRegistryError)
    expect(clash).toThrow(/already belongs to a1Real/)
    expect(() => registry.save({ productKey: 'a2Other', productId: 7, productSecret: SECRET })).toThrow(/already belongs to labProduct/)
    expect(() => registry.save({ productKey: 'labProduct', productSecret: SECRET })).toThrow(/scenario/)
    expect(() => registry.remove('labProduct')).toThrow(/scenario/)
    expect(() => registry.saveDeviceSecret({ productKey: 'unsaved', deviceName: 'd', deviceSecret: 's' })).toThrow(/Save product unsaved first/)
    expect(registry.list().map((p) => p.productKey)).toEqual(['labProduct', 'a1Real'])
  })

  it('forgets a product with its secret and its devices’ secrets', () => {
    const registry = open('no lab')
    registry.save({ productKey: 'a1Real', productSecret: SECRET })
    registry.saveDeviceSecret({ productKey: 'a1Real', deviceName: 'plug-07', deviceSecret: 'per-device-secret-07' })
    expect(registry.remove('a1Real')).toEqual([])
    expect(registry.productSecret('a1Real')).toBeUndefined()
    expect(registry.deviceSecret('a1Real', 'plug-07')).toBeUndefined()
    expect(store!.listSecretNames('device')).toEqual([])
    expect(() => registry.remove('a1Real')).toThrow(/No saved product/)
    expect(() => registry.removeDeviceSecret('a1Real', 'plug-07')).toThrow(/No saved device secret/)
  })
})

describe('product ids as people type them', () => {
  it('reads decimal and 0x hex, empty as none, and flags everything else', () => {
    expect(parseProductId('4660')).toBe(4660)
    expect(parseProductId(' 0x1234 ')).toBe(0x1234)
    expect(parseProductId('0xFFFFFFFF')).toBe(0xffffffff)
    expect(parseProductId('')).toBeUndefined()
    for (const bad of ['4294967296', '0x', '0x123456789', '-1', '12ab', '1.5', '1e3']) expect(parseProductId(bad)).toBe('invalid')
  })
})
