import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AdStructure,
  addressToBytes,
  buildAdvertisingData,
  formatAddress,
  manufacturerData,
  parseAdvertisingData,
  serviceUuids16,
  uuid128FromBytes,
  uuid128ToBytes,
} from '../../../../main/codec/ble'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import { fuzzParser } from './fuzz'

const hex = (s: string): Uint8Array => fromHex(s)!

// The 31 advertised bytes an nRF51 user posted on devzone.nordicsemi.com (q-a 11970): name, appearance, flags,
// manufacturer data.
const NORDIC_DEVZONE = hex('0b094c45445f426c696e6b79031900000201060bffdeefff000000000000ff')

describe('advertising data', () => {
  it('parses a real device\'s AdvData', () => {
    const r = parseAdvertisingData(NORDIC_DEVZONE)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toEqual([
      { kind: 'local-name', complete: true, name: 'LED_Blinky', raw: hex('4c45445f426c696e6b79') },
      { kind: 'other', adType: 0x19, data: hex('0000') },
      { kind: 'flags', flags: 0x06 },
      { kind: 'manufacturer', companyId: 0xefde, data: hex('ff000000000000ff') },
    ])
    const rebuilt = buildAdvertisingData(r.value)
    expect(rebuilt.ok && toHex(rebuilt.value)).toBe(toHex(NORDIC_DEVZONE))
  })

  it('builds every structure kind and reads it back', () => {
    const all: AdStructure[] = [
      { kind: 'flags', flags: 0x06 },
      { kind: 'uuid16', complete: false, uuids: [0xfeb3, 0x180f] },
      { kind: 'uuid32', complete: true, uuids: [0x12345678] },
      { kind: 'uuid128', complete: true, uuids: ['6e400001-b5a3-f393-e0a9-e50e24dcca9e'] },
      { kind: 'local-name', complete: false, name: 'AZ', raw: hex('415a') },
      { kind: 'tx-power', dbm: -12 },
      { kind: 'service-data', uuid: 0xfeb3, data: hex('0102') },
      { kind: 'service-data', uuid: 0x12345678, data: hex('03') },
      { kind: 'service-data', uuid: '0000feb3-0000-1000-8000-00805f9b34fb', data: hex('04') },
      { kind: 'manufacturer', companyId: 0x01a8, data: hex('05') },
      { kind: 'other', adType: 0x2a, data: hex('0607') },
    ]
    const b = buildAdvertisingData(all)
    if (!b.ok) throw new Error(b.error.reason)
    expect(toHex(b.value.subarray(0, 9))).toBe('020106' + '0502b3fe0f18')
    expect(parseAdvertisingData(b.value)).toEqual({ ok: true, value: all })
  })

  it('treats a zero length octet as the end of the significant part', () => {
    const r = parseAdvertisingData(hex('020106000000'))
    expect(r).toEqual({ ok: true, value: [{ kind: 'flags', flags: 6 }] })
  })

  it('locates the structure that overruns the buffer', () => {
    expect(parseAdvertisingData(hex('0201060503b3fe'))).toEqual({
      ok: false,
      error: { reason: 'AD structure claims 5 bytes but only 3 remain', offset: 3 },
    })
    expect(parseAdvertisingData(hex('0403b3fe0f')).ok).toBe(false)
    expect(parseAdvertisingData(hex('020af4'))).toEqual({ ok: true, value: [{ kind: 'tx-power', dbm: -12 }] })
    expect(parseAdvertisingData(hex('010a')).ok).toBe(false)
    expect(parseAdvertisingData(hex('030aff00')).ok).toBe(false)
  })

  it('finds services and manufacturer data', () => {
    const r = parseAdvertisingData(hex('0303b3fe05ffa8010506'))
    if (!r.ok) throw new Error(r.error.reason)
    expect(serviceUuids16(r.value)).toEqual([0xfeb3])
    expect(manufacturerData(r.value, 0x01a8)).toEqual(hex('0506'))
    expect(manufacturerData(r.value, 0x004c)).toBeUndefined()
  })

  it('never throws', () => fuzzParser(parseAdvertisingData, [NORDIC_DEVZONE]))

  it('round-trips random structure lists', () => {
    const structure: fc.Arbitrary<AdStructure> = fc.oneof(
      fc.record({ kind: fc.constant('flags' as const), flags: fc.integer({ min: 0, max: 255 }) }),
      fc.record({
        kind: fc.constant('uuid16' as const),
        complete: fc.boolean(),
        uuids: fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 4 }),
      }),
      fc.record({
        kind: fc.constant('manufacturer' as const),
        companyId: fc.integer({ min: 0, max: 0xffff }),
        data: fc.uint8Array({ maxLength: 20 }),
      }),
      fc.record({ kind: fc.constant('tx-power' as const), dbm: fc.integer({ min: -128, max: 127 }) }),
    )
    fc.assert(
      fc.property(fc.array(structure, { maxLength: 6 }), (list) => {
        const b = buildAdvertisingData(list)
        if (!b.ok) throw new Error(b.error.reason)
        expect(parseAdvertisingData(b.value)).toEqual({ ok: true, value: list })
      }),
    )
  })
})

describe('addresses and UUIDs', () => {
  it('shows addresses most significant byte first', () => {
    expect(formatAddress(hex('665544332211'))).toBe('11:22:33:44:55:66')
    expect(addressToBytes('11:22:33:44:55:66')).toEqual({ ok: true, value: hex('665544332211') })
    expect(addressToBytes('11-22-33-44-55-66').ok).toBe(true)
    expect(addressToBytes('11:22:33:44:55').ok).toBe(false)
  })

  it('reverses 128-bit UUIDs on the air', () => {
    const u = '6e400001-b5a3-f393-e0a9-e50e24dcca9e'
    const b = uuid128ToBytes(u)
    expect(b.ok && toHex(b.value)).toBe('9ecadc240ee5a9e093f3a3b50100406e')
    expect(b.ok && uuid128FromBytes(b.value)).toBe(u)
    expect(uuid128ToBytes('xyz').ok).toBe(false)
  })
})
