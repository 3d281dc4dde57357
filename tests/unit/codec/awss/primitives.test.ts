import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { packBits, unpackBits } from '../../../../main/codec/awss/bitpack'
import { fromHex, parseMac, toHex } from '../../../../main/codec/awss/bytes'
import { checksumV3, checksumV5 } from '../../../../main/codec/awss/checksum'
import {
  aesCbcDecryptBlocks,
  aesCbcZeroPadEncrypt,
  aesCfbDecrypt,
  aesCfbEncrypt,
  decryptPasswordCbcAsDevice,
  deriveAwssKey,
  deviceSignature,
  encryptPasswordCbc,
  encryptPasswordCfb,
  isDeviceUtf8,
} from '../../../../main/codec/awss/crypto'
import { describeSsid } from '../../../../main/codec/awss/ssid-text'
import { PRODUCT_SECRET, bytes, errorOf, hex, unwrap } from './helpers'

describe('key derivation', () => {
  it('uses only the first 40 secret characters', () => {
    const base = 'x'.repeat(40)
    expect(hex(deriveAwssKey(`${base}tail-ignored`))).toBe(hex(deriveAwssKey(base)))
    expect(hex(deriveAwssKey(base.slice(0, 39)))).not.toBe(hex(deriveAwssKey(base)))
  })

  it('treats a missing random as 16 zero bytes and depends on the random', () => {
    expect(hex(deriveAwssKey(PRODUCT_SECRET))).toBe(hex(deriveAwssKey(PRODUCT_SECRET, new Uint8Array(16))))
    expect(hex(deriveAwssKey(PRODUCT_SECRET, bytes('0df20e533090b0769841aa682fc7ae8d')))).toBe('fb1fe6907531391b5b8f32f25e918d2f')
  })
})

describe('AES helpers', () => {
  const key = deriveAwssKey(PRODUCT_SECRET)
  const iv = new Uint8Array(16)

  it('CFB keeps the plaintext length and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (plain) => {
        const cipher = unwrap(aesCfbEncrypt(key, iv, plain))
        expect(cipher.length).toBe(plain.length)
        expect(hex(unwrap(aesCfbDecrypt(key, iv, cipher)))).toBe(hex(plain))
      }),
    )
  })

  it('CBC zero-pads to whole blocks and the device view strips at the first NUL', () => {
    const cipher = encryptPasswordCbc(PRODUCT_SECRET, bytes('00112233445566778899aabbccddeeff'), new TextEncoder().encode('12345678'))
    expect(cipher.length).toBe(16)
    expect(hex(cipher)).toBe('433f7a2c1e6e47de3f9e85f06fe8ace3')
    const plain = decryptPasswordCbcAsDevice(PRODUCT_SECRET, bytes('00112233445566778899aabbccddeeff'), cipher)
    expect(Buffer.from(plain).toString()).toBe('12345678')
    expect(unwrap(aesCbcZeroPadEncrypt(key, iv, new Uint8Array(17))).length).toBe(32)
    expect(unwrap(aesCbcDecryptBlocks(key, iv, new Uint8Array(40))).length).toBe(32)
  })

  it('refuses wrong key and IV sizes instead of throwing', () => {
    expect(errorOf(aesCfbEncrypt(new Uint8Array(15), iv, new Uint8Array(1))).reason).toMatch(/16 bytes/)
    expect(errorOf(aesCbcZeroPadEncrypt(key, new Uint8Array(8), new Uint8Array(1))).reason).toMatch(/IV/)
  })

  it('smartconfig CFB equals a plain CFB with the derived key and zero IV', () => {
    const plain = new TextEncoder().encode('12345678')
    expect(hex(encryptPasswordCfb(PRODUCT_SECRET, undefined, plain))).toBe(hex(unwrap(aesCfbEncrypt(key, iv, plain))))
  })
})

describe("the device's is_utf8", () => {
  const u = (...b: number[]) => Uint8Array.from(b)
  it.each([
    ['ASCII', u(0x61, 0x62), true],
    ['NUL counts as ASCII', u(0x61, 0x00, 0x62), true],
    ['2-byte sequence', u(0xc3, 0xa9), true],
    ['3-byte sequence', u(0xe4, 0xbd, 0xa0), true],
    ['NUL right after a 2-byte lead', u(0xc3, 0x00), false],
    ['NUL inside a 3-byte sequence', u(0xe4, 0xbd, 0x00), false],
    ['lead byte at the end (reads the zero after it)', u(0x61, 0xc3), false],
    ['4-byte sequence (emoji) is rejected', u(0xf0, 0x9f, 0x98, 0x80), false],
    ['lone continuation byte', u(0x80), false],
    ['overlong 2-byte form is accepted (no overlong check)', u(0xc0, 0x80), true],
    ['bad continuation', u(0xc3, 0x41), false],
  ])('%s', (_name, input, expected) => {
    expect(isDeviceUtf8(input)).toBe(expected)
  })

  it('agrees with strict UTF-8 for strings without 4-byte characters or NUL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        const encoded = new TextEncoder().encode(s)
        const hasFourByte = encoded.some((b) => b >= 0xf0)
        expect(isDeviceUtf8(encoded)).toBe(!hasFourByte)
      }),
    )
  })
})

describe('device signature', () => {
  it('is HMAC-SHA1 over random || deviceName || productKey, 20 bytes, and changes with each input', () => {
    const random = bytes('00112233445566778899aabbccddeeff')
    const sign = deviceSignature(PRODUCT_SECRET, random, 'dev1', 'a1pk')
    expect(sign.length).toBe(20)
    expect(hex(sign)).not.toBe(hex(deviceSignature(PRODUCT_SECRET, random, 'dev2', 'a1pk')))
    expect(hex(sign)).not.toBe(hex(deviceSignature('another-secret', random, 'dev1', 'a1pk')))
    // Plain concatenation (random first), keyed by the secret: moving a character between name and key changes nothing.
    expect(hex(deviceSignature(PRODUCT_SECRET, random, 'dev1a', '1pk'))).toBe(hex(sign))
    const reference = createHmac('sha1', PRODUCT_SECRET).update(Buffer.concat([Buffer.from(random), Buffer.from('dev1a1pk')])).digest('hex')
    expect(hex(sign)).toBe(reference)
  })
})

describe('bit packing', () => {
  it('packs the §2.6 ciphertext into its 6-bit password symbols', () => {
    expect(Array.from(packBits(bytes('efcb7d880809148f'), 6))).toEqual([47, 47, 28, 31, 8, 34, 16, 2, 20, 60, 8])
  })

  it('packs the §4 ciphertext into its 7-bit symbols', () => {
    expect(hex(packBits(bytes('efcb7d880809148f'), 7))).toBe('6f1777430821020a0f01')
  })

  it('round-trips any bytes for N = 6 and 7 with ceil/floor lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(6 as const, 7 as const), (data, bits) => {
        const symbols = packBits(data, bits)
        expect(symbols.length).toBe(Math.ceil((data.length * 8) / bits))
        expect(symbols.every((s) => s < 1 << bits)).toBe(true)
        expect(hex(unpackBits(symbols, bits))).toBe(hex(data))
      }),
    )
  })

  it('ignores symbol bits above N, as the device does', () => {
    expect(hex(unpackBits(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 6))).toBe('ffffff')
    expect(hex(unpackBits(Uint8Array.of(0x40, 0x40, 0x40, 0x40), 6))).toBe('000000')
  })
})

describe('checksums', () => {
  it('v3 splits the sum into 6-bit halves and never emits a zero half', () => {
    expect(checksumV3([])).toBe(0x0101)
    expect(checksumV3([64])).toBe(0x0101)
    expect(checksumV3([63])).toBe(0x013f)
    expect(checksumV3([0x40 * 3 + 5])).toBe(0x0305)
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }), (values) => {
        const crc = checksumV3(values)
        const sum = values.reduce((a, b) => a + b, 0) & 0xffff
        expect(crc & 0xff).toBe(sum & 0x3f || 1)
        expect(crc >> 8).toBe((sum >> 6) & 0x3f || 1)
      }),
    )
  })

  it('v5 is the low byte of the sum', () => {
    expect(checksumV5([27, 199, 8, 239, 203, 125, 136, 8, 9, 20, 143, 3, 170, 187, 204, 6, 77, 121, 87, 105, 70, 105, 3, 68, 85, 102])).toBe(206)
  })
})

describe('byte helpers', () => {
  it('reads strict hex and MACs with located errors', () => {
    expect(hex(unwrap(fromHex('0aFF')))).toBe('0aff')
    expect(errorOf(fromHex('0g')).offset).toBe(1)
    expect(errorOf(fromHex('abc')).reason).toMatch(/odd/)
    expect(hex(unwrap(parseMac('11:22:33:44:55:66')))).toBe('112233445566')
    expect(hex(unwrap(parseMac('11-22-33-44-55-66')))).toBe('112233445566')
    expect(parseMac('11:22:33').ok).toBe(false)
    expect(toHex(Uint8Array.of(0xab), true)).toBe('AB')
  })
})

describe('SSID display', () => {
  it('shows UTF-8, then GBK, then escaped bytes', () => {
    expect(describeSsid(new TextEncoder().encode('你好 WiFi'))).toEqual({ display: '你好 WiFi', encoding: 'utf-8' })
    const gbk = new Uint8Array(iconv.encode('你好世界', 'gbk'))
    expect(describeSsid(gbk)).toEqual({ display: '你好世界', encoding: 'gbk' })
    expect(describeSsid(Uint8Array.of(0x41, 0xff, 0x0a))).toEqual({ display: 'A\\xff\\x0a', encoding: 'escaped' })
  })
})
