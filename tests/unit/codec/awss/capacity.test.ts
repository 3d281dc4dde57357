import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { encodeBcast } from '../../../../main/codec/awss/bcast'
import { checkAllEncodings, checkBcastCapacity, checkMcastCapacity, checkP2pCapacity } from '../../../../main/codec/awss/capacity'
import { encodeMcast } from '../../../../main/codec/awss/mcast'
import { encodeP2pDeviceName } from '../../../../main/codec/awss/p2p'
import { PRODUCT_SECRET } from './helpers'

const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'))
const allMessages = (r: { warnings: string[]; errors: string[] }) => [...r.warnings, ...r.errors]

describe('bcast pre-flight', () => {
  it('picks ASCII for printable SSIDs and 6-bit packing otherwise', () => {
    expect(checkBcastCapacity({ ssid: 'MyWiFi', password: '12345678' })).toMatchObject({ fits: true, mode: 'ascii', symbols: { ssid: 6, password: 11, total: 23, limit: 127 } })
    const packed = checkBcastCapacity({ ssid: '我的网络', password: '12345678' })
    expect(packed).toMatchObject({ fits: true, mode: 'packed', symbols: { ssid: 16 } })
    expect(packed.warnings.join(' ')).toMatch(/6-bit packed/)
  })

  it('packed 32-byte SSID: 58-byte password fits exactly, 59 does not, unless the SSID is omitted', () => {
    const ssid = gbk('中'.repeat(16))
    expect(checkBcastCapacity({ ssid, password: 'x'.repeat(58) })).toMatchObject({ fits: true, symbols: { total: 127 } })
    const over = checkBcastCapacity({ ssid, password: 'x'.repeat(59) })
    expect(over.fits).toBe(false)
    expect(over.errors.join(' ')).toMatch(/128 values/)
    const omitted = checkBcastCapacity({ ssid, password: 'x'.repeat(59), ssidFromApList: true })
    expect(omitted).toMatchObject({ fits: true, mode: 'omit' })
    expect(omitted.warnings.join(' ')).toMatch(/AP list/)
  })

  it('agrees with the encoder on every input it accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }).filter((s) => !s.includes(0)), fc.string({ maxLength: 64 }), (ssid, password) => {
        const verdict = checkBcastCapacity({ ssid, password })
        const pw = new TextEncoder().encode(password)
        if (pw.length > 64 || pw.includes(0) || verdict.errors.some((e) => /not text/.test(e))) return
        const encoded = encodeBcast({ ssid, password: pw, productSecret: PRODUCT_SECRET, ssidMode: verdict.mode as 'ascii' | 'packed' })
        expect(encoded.ok).toBe(verdict.fits)
        if (encoded.ok) expect(encoded.value.values.length).toBe(verdict.symbols.total)
      }),
    )
  })
})

describe('common refusals', () => {
  it('refuses a NUL in the password, without quoting it', () => {
    const secret = 'abc\0def-very-secret'
    for (const r of Object.values(checkAllEncodings({ ssid: 'Net', password: secret }))) {
      expect(r.fits).toBe(false)
      expect(r.errors.join(' ')).toMatch(/NUL/)
      for (const message of allMessages(r)) expect(message).not.toContain('very-secret')
    }
  })

  it('refuses passwords the device cannot read (4-byte UTF-8) and over 64 bytes', () => {
    expect(checkBcastCapacity({ ssid: 'Net', password: 'wifi😀pass' }).errors.join(' ')).toMatch(/4-byte/)
    expect(checkMcastCapacity({ ssid: 'Net', password: 'x'.repeat(65) }).errors.join(' ')).toMatch(/65 bytes/)
    expect(checkMcastCapacity({ ssid: 'Net', password: 'x'.repeat(64) }).fits).toBe(true)
  })

  it('refuses SSIDs over 32 bytes and empty SSIDs the device cannot look up', () => {
    expect(checkBcastCapacity({ ssid: 'a'.repeat(33), password: '12345678' }).fits).toBe(false)
    expect(checkBcastCapacity({ ssid: 'a'.repeat(32), password: '12345678' }).fits).toBe(true)
    expect(checkMcastCapacity({ ssid: '', password: '12345678' }).errors.join(' ')).toMatch(/empty/)
    expect(checkMcastCapacity({ ssid: '', password: '12345678', ssidFromApList: true }).fits).toBe(true)
  })

  it('never puts the password in any message', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 80 }), fc.string({ maxLength: 40 }), (password, ssid) => {
        for (const r of Object.values(checkAllEncodings({ ssid, password }))) {
          for (const message of allMessages(r)) expect(message.includes(password)).toBe(false)
        }
      }),
    )
  })
})

describe('mcast pre-flight', () => {
  it('counts bytes: tlen = 10 + password + token + SSID', () => {
    expect(checkMcastCapacity({ ssid: 'MyWiFi', password: '12345678' })).toMatchObject({ fits: true, mode: 'raw', symbols: { total: 27, limit: 127 } })
    expect(checkMcastCapacity({ ssid: 'MyWiFi', password: '12345678', tokenLength: 0 }).symbols.total).toBe(23)
    expect(checkMcastCapacity({ ssid: 'MyWiFi', password: '12345678', tokenLength: 17 }).fits).toBe(false)
  })

  it('matches the encoder length', () => {
    const verdict = checkMcastCapacity({ ssid: 'S'.repeat(32), password: 'p'.repeat(64), tokenLength: 16 })
    const encoded = encodeMcast({ ssid: 'S'.repeat(32), password: 'p'.repeat(64), productSecret: PRODUCT_SECRET, token: new Uint8Array(16).fill(1), bssid: '11:22:33:44:55:66' })
    expect(encoded.ok && encoded.value.data.length).toBe(verdict.symbols.total)
  })
})

describe('p2p pre-flight', () => {
  it('fits exactly at 32 Device Name bytes and truncates the SSID one byte over', () => {
    // 8-byte password = 10 symbols; 19 SSID bytes + 3 + 10 = 32.
    expect(checkP2pCapacity({ ssid: 'S'.repeat(19), password: '12345678' })).toMatchObject({ fits: true, mode: 'raw', symbols: { total: 32 } })
    const over = checkP2pCapacity({ ssid: 'S'.repeat(20), password: '12345678' })
    expect(over).toMatchObject({ fits: true, mode: 'suffix', symbols: { ssid: 19, total: 32 } })
    expect(over.warnings.join(' ')).toMatch(/last 19 of the SSID's 20 bytes/)
  })

  it('refuses a password that leaves no room, and the prepare magic', () => {
    expect(checkP2pCapacity({ ssid: 'Net', password: 'p'.repeat(25) }).fits).toBe(false)
    expect(checkP2pCapacity({ ssid: 'Net', password: 'p'.repeat(24) }).fits).toBe(true)
    expect(checkP2pCapacity({ ssid: 'Net', password: 'zl&ws' }).errors.join(' ')).toMatch(/prepare/)
    expect(checkP2pCapacity({ ssid: 'Net', password: 'zl&wsx' }).fits).toBe(true)
  })

  it("warns with the seed's 32- and 25-byte rules", () => {
    expect(checkP2pCapacity({ ssid: 'S'.repeat(10), password: 'p'.repeat(15) }).warnings.join(' ')).not.toMatch(/Samsung|32 for p2p/)
    expect(checkP2pCapacity({ ssid: 'S'.repeat(10), password: 'p'.repeat(16) }).warnings.join(' ')).toMatch(/Samsung/)
    expect(checkP2pCapacity({ ssid: 'S'.repeat(16), password: 'p'.repeat(17) }).warnings.join(' ')).toMatch(/at most 32 for p2p/)
  })

  it('agrees with the encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.string({ maxLength: 40 }), (ssid, password) => {
        const verdict = checkP2pCapacity({ ssid, password })
        const pw = new TextEncoder().encode(password)
        if (pw.length > 64) return
        const encoded = encodeP2pDeviceName({ ssid, password: pw, productSecret: PRODUCT_SECRET })
        const structural = verdict.errors.filter((e) => /no room/.test(e))
        expect(encoded.ok).toBe(structural.length === 0)
        if (encoded.ok) {
          expect(encoded.value.value.length).toBe(verdict.symbols.total)
          expect(encoded.value.ssidTruncated).toBe(verdict.mode === 'suffix')
        }
      }),
    )
  })
})
