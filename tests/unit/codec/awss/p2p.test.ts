import fc from 'fast-check'
import iconv from 'iconv-lite'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  P2P_MAX_VALUE_BYTES,
  buildWpsIe,
  decodeP2pDeviceName,
  encodeP2pDeviceName,
  encodeP2pPrepareFrame,
  findWpsDeviceName,
  restoreModifiedUtf8,
} from '../../../../main/codec/awss/p2p'
import { SSID_DECODE_TABLE, SSID_ENCODE_TABLE } from '../../../../main/codec/awss/p2p-ssid-table'
import { PRODUCT_SECRET, PROTOCOLS_DOC, bytes, errorOf, hex, sharedFileAvailable, text, unwrap } from './helpers'

describe('Appendix A SSID table', () => {
  it('is a permutation of 0..255 and the encode table is its inverse', () => {
    expect(new Set(SSID_DECODE_TABLE).size).toBe(256)
    expect(SSID_DECODE_TABLE.every((v) => v >= 0 && v <= 255)).toBe(true)
    for (let b = 0; b < 256; b++) expect(SSID_DECODE_TABLE[SSID_ENCODE_TABLE[b]]).toBe(b)
  })

  it.runIf(sharedFileAvailable(PROTOCOLS_DOC))('matches the table printed in PROTOCOLS-awss.md', () => {
    const doc = readFileSync(PROTOCOLS_DOC, 'utf8')
    const appendix = doc.slice(doc.indexOf('## Appendix A'))
    const block = appendix.slice(appendix.indexOf('```') + 3, appendix.indexOf('```', appendix.indexOf('```') + 3))
    const values = block.trim().split(/\s+/).map((h) => Number.parseInt(h, 16))
    expect(values).toEqual([...SSID_DECODE_TABLE])
  })
})

describe('p2p round trips', () => {
  it.each([
    ['ASCII', new TextEncoder().encode('HomeNet'), 'pass1234'],
    ['UTF-8 Chinese SSID', new TextEncoder().encode('我的网'), 'abcdefgh'],
    ['GBK Chinese SSID', new Uint8Array(iconv.encode('我的网络', 'gbk')), 'abcdefgh'],
    ['empty password', new TextEncoder().encode('Open'), ''],
  ])('%s', (_name, ssid, password) => {
    const encoding = unwrap(encodeP2pDeviceName({ ssid, password, productSecret: PRODUCT_SECRET }))
    expect(encoding.ssidTruncated).toBe(false)
    const decoded = unwrap(decodeP2pDeviceName(encoding.value, PRODUCT_SECRET))
    expect(decoded.kind).toBe('credentials')
    expect(hex(decoded.ssid.bytes)).toBe(hex(ssid))
    expect(text(decoded.password)).toBe(password)
    expect(decoded.ssidMayBeTruncated).toBe(ssid.some((b) => b >= 0x80))
  })

  it('round-trips any SSID/password that fits, truncating the SSID to a suffix otherwise', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 32 }).filter((s) => !s.includes(0)),
        fc.string({ maxLength: 24 }).filter((p) => !p.includes('\0')),
        (ssid, password) => {
          const pw = new TextEncoder().encode(password)
          const encoded = encodeP2pDeviceName({ ssid, password: pw, productSecret: PRODUCT_SECRET })
          if (!encoded.ok) return
          expect(encoded.value.value.length).toBeLessThanOrEqual(P2P_MAX_VALUE_BYTES)
          const decoded = unwrap(decodeP2pDeviceName(encoded.value.value, PRODUCT_SECRET))
          expect(hex(decoded.password ?? new Uint8Array())).toBe(hex(pw))
          expect(hex(ssid).endsWith(hex(decoded.ssid.bytes))).toBe(true)
          expect(decoded.ssid.bytes.length < ssid.length).toBe(encoded.value.ssidTruncated)
        },
      ),
    )
  })

  it('sends the SSID suffix when SSID and password do not fit together', () => {
    const ssid = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123'
    const encoding = unwrap(encodeP2pDeviceName({ ssid, password: '12345678', productSecret: PRODUCT_SECRET }))
    // 32 bytes = 3 overhead + 10 password symbols + 19 SSID bytes.
    expect(encoding.value.length).toBe(32)
    expect(text(encoding.ssidSent)).toBe(ssid.slice(-19))
    const decoded = unwrap(decodeP2pDeviceName(encoding.value, PRODUCT_SECRET))
    expect(decoded.ssidMayBeTruncated).toBe(true)
  })

  it('refuses a password that leaves no room for the SSID', () => {
    // 26 bytes need 30 symbols: 3 + 30 > 32.
    expect(errorOf(encodeP2pDeviceName({ ssid: 'A', password: 'p'.repeat(26), productSecret: PRODUCT_SECRET })).reason).toMatch(/cannot fit/)
    // 25 bytes need 29 symbols: exactly 32 with an empty SSID only.
    expect(errorOf(encodeP2pDeviceName({ ssid: 'A', password: 'p'.repeat(25), productSecret: PRODUCT_SECRET })).reason).toMatch(/cannot fit/)
    expect(unwrap(encodeP2pDeviceName({ ssid: 'A', password: 'p'.repeat(24), productSecret: PRODUCT_SECRET })).value.length).toBe(32)
  })
})

describe("Java's modified UTF-8", () => {
  // This password's ciphertext has a zero 7-bit symbol (symbols 08 00 09 10 3e 0d).
  const password = bytes('d6b94c5e56')

  it('sends a zero symbol as C0 80 and the device restores it before the checksum', () => {
    const plain = unwrap(encodeP2pDeviceName({ ssid: 'Net', password, productSecret: PRODUCT_SECRET }))
    const java = unwrap(encodeP2pDeviceName({ ssid: 'Net', password, productSecret: PRODUCT_SECRET, javaModifiedUtf8: true }))
    expect(java.value.length).toBe(plain.value.length + 1)
    expect(hex(java.value)).toContain('c080')
    const decoded = unwrap(decodeP2pDeviceName(java.value, PRODUCT_SECRET))
    expect(decoded.restoredZeroSymbols).toBe(1)
    expect(hex(decoded.password ?? new Uint8Array())).toBe(hex(password))
  })

  it('turns any byte >= 0x80 into 0x00 and drops the next byte', () => {
    expect(hex(restoreModifiedUtf8(bytes('01c08002')).bytes)).toBe('010002')
    expect(hex(restoreModifiedUtf8(bytes('c080c080')).bytes)).toBe('0000')
    expect(hex(restoreModifiedUtf8(bytes('0102ff')).bytes)).toBe('0102')
  })
})

describe('prepare frame', () => {
  it('decodes as "prepare", not as a password', () => {
    const frame = unwrap(encodeP2pPrepareFrame({ ssid: 'My Long Home Network', productSecret: PRODUCT_SECRET }))
    const decoded = unwrap(decodeP2pDeviceName(frame.value, PRODUCT_SECRET))
    expect(decoded.kind).toBe('prepare')
    expect(text(decoded.ssid.bytes)).toBe('My Long Home Network')
  })

  it('also fires for any prefix of the magic, as the device compares only the password length', () => {
    for (const magic of ['z', 'zl', 'zl&w']) {
      const encoding = unwrap(encodeP2pDeviceName({ ssid: 'Net', password: magic, productSecret: PRODUCT_SECRET }))
      expect(unwrap(decodeP2pDeviceName(encoding.value, PRODUCT_SECRET)).kind).toBe('prepare')
    }
  })
})

describe('p2p decoder refusals', () => {
  const good = unwrap(encodeP2pDeviceName({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET })).value

  it.each([
    ['too short', bytes('260102'), /too short/],
    ['encode type 2', Uint8Array.of(0x46, ...good.slice(1)), /encode type 2/],
    ['SSID length 30', Uint8Array.of(0x3e, ...new Uint8Array(31)), /exceeds 29/],
    ['SSID longer than the value', Uint8Array.of(0x2a, 1, 2, 3), /no room/],
    ['checksum', Uint8Array.of(...good.slice(0, -1), good.at(-1)! ^ 1), /checksum mismatch/],
  ])('%s', (_name, value, reason) => {
    expect(errorOf(decodeP2pDeviceName(value, PRODUCT_SECRET)).reason).toMatch(reason)
  })

  it('refuses the dictionary-only encoding (type 0) after a valid checksum', () => {
    const value = good.slice()
    value[0] = 0x06
    const crc = value.slice(0, -2).reduce((a, b) => a + b, 0)
    value[value.length - 2] = (crc >> 6) & 0x3f || 1
    value[value.length - 1] = crc & 0x3f || 1
    expect(errorOf(decodeP2pDeviceName(value, PRODUCT_SECRET)).reason).toMatch(/type 0/)
  })

  it('never throws on arbitrary attribute bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), (value, secret) => {
        const result = decodeP2pDeviceName(value, secret)
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
    )
  })
})

describe('WPS IE', () => {
  it('builds an IE whose Device Name the attribute walk finds', () => {
    const value = unwrap(encodeP2pDeviceName({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET })).value
    const ie = unwrap(buildWpsIe(value))
    expect(hex(ie.subarray(0, 6))).toBe(`dd${(ie.length - 2).toString(16)}0050f204`)
    expect(hex(unwrap(findWpsDeviceName(ie)))).toBe(hex(value))
  })

  it('refuses attributes that run past the IE and never throws on random IEs', () => {
    expect(findWpsDeviceName(bytes('dd0a0050f204 1011 00ff 0102')).ok).toBe(false)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (tail) => {
        const ie = Uint8Array.of(0xdd, tail.length + 4, 0x00, 0x50, 0xf2, 0x04, ...tail)
        const result = findWpsDeviceName(ie)
        if (result.ok) expect(result.value.length).toBeLessThanOrEqual(tail.length)
      }),
    )
  })
})
