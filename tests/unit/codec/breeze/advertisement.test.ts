import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildAdvertisingData, parseAdvertisingData } from '../../../../main/codec/ble'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import {
  buildBreezeAdvertisingData,
  buildBreezeManufacturerData,
  buildBreezeScanResponse,
  computeAdvSignature,
  detectBreeze,
  parseBreezeManufacturerData,
  resolveMacOrder,
} from '../../../../main/codec/breeze'
import { fuzzParser } from '../ble/fuzz'

const hex = (s: string): Uint8Array => fromHex(s)!

// §10.1 layout written out by hand: A8 01 | version 05 | FMSK 0x0d (BLE 4.2, OTA, security, per-product)
// | product id 0x0001e240 LE | MAC 66:55:44:33:22:11 on air for 11:22:33:44:55:66 (reference HAL, LSB first).
const MFR = hex('a801' + '05' + '0d' + '40e20100' + '665544332211')

describe('Breeze manufacturer data', () => {
  it('reads §10.1 fields from their byte positions', () => {
    expect(parseBreezeManufacturerData(MFR)).toEqual({
      ok: true,
      value: {
        companyId: 0x01a8,
        version: 5,
        featureMask: 0x0d,
        bluetoothVersion: 1,
        ota: true,
        security: true,
        secretType: 'per-product',
        signedAdv: false,
        productId: 123456,
        mac: '11:22:33:44:55:66',
        macOrder: 'lsb-first',
        macOnAir: hex('665544332211'),
        userData: new Uint8Array(0),
      },
    })
  })

  it('reads the MAC the other way round when told the HAL does', () => {
    const r = parseBreezeManufacturerData(MFR, { macOrder: 'msb-first' })
    expect(r.ok && r.value.mac).toBe('66:55:44:33:22:11')
    expect(resolveMacOrder(hex('665544332211'), '11:22:33:44:55:66')).toBe('lsb-first')
    expect(resolveMacOrder(hex('112233445566'), '11:22:33:44:55:66')).toBe('msb-first')
    expect(resolveMacOrder(hex('112233445566'), 'aa:bb:cc:dd:ee:ff')).toBeUndefined()
  })

  it('builds what it parses, signed adv and user data included', () => {
    const input = {
      version: 7,
      bluetoothVersion: 2,
      ota: false,
      secretType: 'per-device' as const,
      productId: 0xdeadbeef,
      mac: 'c4:7c:8d:00:11:22',
      signature: hex('01020304'),
      sequence: 0x11223344,
      userData: hex('aabb'),
    }
    const b = buildBreezeManufacturerData(input)
    if (!b.ok) throw new Error(b.error.reason)
    expect(toHex(b.value)).toBe('a801' + '07' + '3a' + 'efbeadde' + '2211008d7cc4' + '01020304' + '44332211' + 'aabb')
    expect(parseBreezeManufacturerData(b.value)).toMatchObject({
      ok: true,
      value: { version: 7, bluetoothVersion: 2, secretType: 'per-device', signedAdv: true, sequence: 0x11223344, userData: hex('aabb') },
    })
  })

  it('names what is wrong', () => {
    expect(parseBreezeManufacturerData(hex('4c00' + '00'.repeat(12)))).toMatchObject({
      ok: false,
      error: { reason: "company id 0x004c is not Breeze's 0x01a8" },
    })
    expect(parseBreezeManufacturerData(MFR.subarray(0, 13)).ok).toBe(false)
    const signedBitOnly = Uint8Array.from(MFR)
    signedBitOnly[3] |= 0x20
    expect(parseBreezeManufacturerData(signedBitOnly)).toMatchObject({
      ok: false,
      error: { reason: 'signed-adv bit set but only 14 of 22 bytes present' },
    })
    expect(buildBreezeManufacturerData({ version: 5, secretType: 'per-product', productId: 1, mac: 'nope' }).ok).toBe(false)
    expect(
      buildBreezeManufacturerData({ version: 5, secretType: 'per-product', productId: 1, mac: '11:22:33:44:55:66', sequence: 1 }).ok,
    ).toBe(false)
  })

  it('never throws', () => fuzzParser((b) => parseBreezeManufacturerData(b), [MFR]))
})

describe('Breeze detection', () => {
  it('builds the AdvData of create_bz_adv_data and detects it', () => {
    const ad = buildBreezeAdvertisingData({ version: 5, secretType: 'per-product', productId: 123456, mac: '11:22:33:44:55:66' })
    if (!ad.ok) throw new Error(ad.error.reason)
    // flags 0x06 | complete 16-bit UUIDs [FEB3] | manufacturer data
    expect(toHex(ad.value)).toBe('020106' + '0303b3fe' + '0fff' + 'a801' + '0508' + '40e20100' + '665544332211')
    expect(ad.value.length).toBeLessThanOrEqual(31)
    expect(detectBreeze(ad.value)).toMatchObject({ ok: true, value: { productId: 123456, security: true } })
    const rsp = buildBreezeScanResponse()
    expect(rsp.ok && toHex(rsp.value)).toBe('0309415a')
  })

  it('needs both the FEB3 service and company 0x01A8', () => {
    const only = (s: object[]): Uint8Array => {
      const b = buildAdvertisingData(s as never)
      if (!b.ok) throw new Error(b.error.reason)
      return b.value
    }
    expect(detectBreeze(only([{ kind: 'uuid16', complete: true, uuids: [0xfeb3] }]))).toMatchObject({
      ok: false,
      error: { reason: 'service 0xFEB3 listed but no company 0x01A8 data' },
    })
    expect(detectBreeze(only([{ kind: 'manufacturer', companyId: 0x01a8, data: MFR.subarray(2) }]))).toMatchObject({
      ok: false,
      error: { reason: 'company 0x01A8 data present but service 0xFEB3 not listed' },
    })
    expect(detectBreeze(hex('020106')).ok).toBe(false)
    const parsed = parseAdvertisingData(
      only([
        { kind: 'uuid16', complete: false, uuids: [0x180f, 0xfeb3] },
        { kind: 'manufacturer', companyId: 0x01a8, data: MFR.subarray(2) },
      ]),
    )
    expect(parsed.ok && detectBreeze(parsed.value).ok).toBe(true)
  })

  it('never throws on hostile AdvData', () => {
    const ad = buildBreezeAdvertisingData({ version: 5, secretType: 'per-device', productId: 1, mac: '11:22:33:44:55:66' })
    if (!ad.ok) throw new Error(ad.error.reason)
    fuzzParser((b) => detectBreeze(b), [ad.value])
  })

  it('computes the signed-adv signature over the documented concatenation', () => {
    const seq = hex('2a000000')
    const expected = createHash('sha256')
      .update('deviceNamedev1deviceSecretDS0123456789abcdefproductKeya1PKsequence')
      .update(seq)
      .digest()
      .subarray(0, 4)
    const sig = computeAdvSignature({
      deviceName: 'dev1',
      productKey: 'a1PK',
      secret: 'DS0123456789abcdef',
      secretType: 'per-device',
      sequence: 42,
    })
    expect(toHex(sig)).toBe(toHex(expected))
  })
})
