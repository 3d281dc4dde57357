import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import {
  BCAST_MAX_VALUES,
  type BcastSsidMode,
  bcastSymbolCounts,
  bcastValueCollides,
  classifyBcastLength,
  decodeBcastValues,
  encodeBcast,
} from '../../../../main/codec/awss/bcast'
import { checksumV3 } from '../../../../main/codec/awss/checksum'
import { PRODUCT_SECRET, errorOf, hex, text, unwrap } from './helpers'

const utf8 = (s: string) => new TextEncoder().encode(s)
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'))

function roundTrip(ssid: Uint8Array, password: Uint8Array, ssidMode: BcastSsidMode) {
  const encoding = unwrap(encodeBcast({ ssid, password, productSecret: PRODUCT_SECRET, ssidMode }))
  const decoded = unwrap(decodeBcastValues(encoding.values, PRODUCT_SECRET))
  return { encoding, decoded }
}

describe('bcast encoder and value decoder round trips', () => {
  it.each<[string, Uint8Array, string, BcastSsidMode]>([
    ['ASCII SSID', utf8('Office-2.4G'), 'correct horse', 'ascii'],
    ['Chinese SSID in UTF-8, packed', utf8('我的网络'), '12345678', 'packed'],
    ['Chinese SSID in GBK, packed', gbk('我的网络'), '12345678', 'packed'],
    ['empty password', utf8('OpenNet'), '', 'ascii'],
    ['32-byte ASCII SSID, 64-byte password', utf8('S'.repeat(32)), 'p'.repeat(64), 'ascii'],
    ['UTF-8 password', utf8('Cafe'), 'пароль密码', 'ascii'],
  ])('%s', (_name, ssid, password, mode) => {
    const { encoding, decoded } = roundTrip(ssid, utf8(password), mode)
    expect(hex(decoded.ssid?.bytes ?? new Uint8Array())).toBe(hex(ssid))
    expect(text(decoded.password)).toBe(password)
    expect(decoded.ssidMode).toBe(mode)
    expect(encoding.values.length).toBe(encoding.values[0])
  })

  it('shows a GBK SSID as GBK text', () => {
    const { decoded } = roundTrip(gbk('我的网络'), utf8('12345678'), 'packed')
    expect(decoded.ssid?.display).toBe('我的网络')
    expect(decoded.ssid?.encoding).toBe('gbk')
  })

  it('omits the SSID (flag bit 0 clear, N = password symbols + 5)', () => {
    const { encoding, decoded } = roundTrip(utf8('ignored'), utf8('12345678'), 'omit')
    expect(encoding.flag & 1).toBe(0)
    expect(encoding.values[0]).toBe(11 + 5)
    expect(decoded.ssid).toBeUndefined()
    expect(text(decoded.password)).toBe('12345678')
  })

  it('round-trips arbitrary SSID bytes (packed) and printable ASCII (ascii) within the limits', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 32 }).filter((s) => !s.includes(0)),
        fc.string({ maxLength: 40 }).filter((p) => !p.includes('\0') && /^[\u0001-\uffff]*$/u.test(p)),
        (ssid, password) => {
          const p = utf8(password)
          const counts = bcastSymbolCounts(ssid.length, p.length, 'packed')
          const encoded = encodeBcast({ ssid, password: p, productSecret: PRODUCT_SECRET, ssidMode: 'packed' })
          expect(encoded.ok).toBe(counts.n <= BCAST_MAX_VALUES)
          if (!encoded.ok) return
          const decoded = unwrap(decodeBcastValues(encoded.value.values, PRODUCT_SECRET))
          expect(hex(decoded.ssid?.bytes ?? new Uint8Array())).toBe(hex(ssid))
          expect(hex(decoded.password ?? new Uint8Array())).toBe(hex(p))
        },
      ),
    )
  })
})

describe('bcast capacity boundaries', () => {
  it('packed 32-byte SSID: a 58-byte password fits exactly (N = 127), 59 bytes is one over', () => {
    const ssid = gbk('中'.repeat(16))
    expect(ssid.length).toBe(32)
    const fits = unwrap(encodeBcast({ ssid, password: 'x'.repeat(58), productSecret: PRODUCT_SECRET, ssidMode: 'packed' }))
    expect(fits.values[0]).toBe(127)
    const over = errorOf(encodeBcast({ ssid, password: 'x'.repeat(59), productSecret: PRODUCT_SECRET, ssidMode: 'packed' }))
    expect(over.reason).toMatch(/128 values/)
  })

  it('refuses SSIDs over 32 bytes, passwords over 64 bytes, and non-ASCII bytes in ASCII mode', () => {
    expect(errorOf(encodeBcast({ ssid: 'a'.repeat(33), password: '', productSecret: PRODUCT_SECRET, ssidMode: 'ascii' })).reason).toMatch(/32/)
    expect(errorOf(encodeBcast({ ssid: 'a', password: 'b'.repeat(65), productSecret: PRODUCT_SECRET, ssidMode: 'ascii' })).reason).toMatch(/64/)
    const error = errorOf(encodeBcast({ ssid: 'Zq\u00e9', password: '', productSecret: PRODUCT_SECRET, ssidMode: 'ascii' }))
    expect(error.offset).toBe(2)
    expect(error.reason).not.toContain('Zq')
  })
})

describe('bcast symbol alphabet', () => {
  it('knows the collisions §2.2 names', () => {
    for (let v = 0x61; v <= 0x70; v++) expect(bcastValueCollides(6, v)).toBe(true)
    expect(bcastValueCollides(14, 0x65)).toBe(true)
    expect(bcastValueCollides(8, 0x60)).toBe(true)
    expect(bcastValueCollides(6, 0x60)).toBe(false)
    expect(bcastValueCollides(7, 0x61)).toBe(false)
    expect(classifyBcastLength(0x4e0)).toEqual({ kind: 'start', group: 0 })
    expect(classifyBcastLength(0x3e5)).toEqual({ kind: 'group', group: 5 })
    expect(classifyBcastLength(0x3e0)).toEqual({ kind: 'data', index: 6, value: 0x60 })
    expect(classifyBcastLength(0x50)).toEqual({ kind: 'invalid' })
  })

  it('never produces a data length the device would read as a marker', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 32 }), fc.uint8Array({ maxLength: 64 }), (ssid, password) => {
        const encoded = encodeBcast({ ssid, password, productSecret: PRODUCT_SECRET, ssidMode: 'packed' })
        if (!encoded.ok) return
        let group = -1
        for (const length of encoded.value.lengths) {
          const kind = classifyBcastLength(length)
          if (kind.kind === 'start' || kind.kind === 'group') group = kind.group
          else expect(kind.kind).toBe('data')
        }
        expect(group).toBe(Math.floor((encoded.value.values.length - 1) / 8))
      }),
    )
  })
})

describe('bcast value decoder refusals', () => {
  const good = unwrap(encodeBcast({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, ssidMode: 'ascii' })).values

  it('refuses a total length that disagrees with the field lengths', () => {
    const values = [...good]
    values[3] = 12
    expect(errorOf(decodeBcastValues(values)).kind).toBe('structure')
  })

  it('refuses password encryption types 0 and 1 before looking at the checksum', () => {
    for (const flag of [0x01, 0x03]) {
      const values = [...good]
      values[1] = flag
      const [hi, lo] = [checksumV3(values.slice(0, -2)) >> 8, checksumV3(values.slice(0, -2)) & 0xff]
      values[values.length - 2] = hi
      values[values.length - 1] = lo
      expect(errorOf(decodeBcastValues(values)).kind).toBe('encryption-type')
    }
  })

  it('reports a checksum mismatch with both values', () => {
    const values = [...good]
    values[10] ^= 1
    const error = errorOf(decodeBcastValues(values))
    expect(error.kind).toBe('checksum')
    expect(error.checksum?.received).toBe(0x0b0f)
    expect(error.checksum?.computed).not.toBe(0x0b0f)
  })

  it('refuses a password that decrypts to non-UTF-8 under another product secret', () => {
    const error = errorOf(decodeBcastValues(good, 'another-product-secret'))
    expect(error.kind).toBe('password')
    expect(error.reason).not.toContain('12345678')
  })

  it('never throws on arbitrary value lists', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 300 }), { maxLength: 140 }), fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), (values, secret) => {
        const result = decodeBcastValues(values, secret)
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
    )
  })
})
