import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { deviceSignature } from '../../../../main/codec/awss/crypto'
import {
  ENROLLEE_IE_SEARCH_OFFSET,
  PROBE_TEMPLATE_LENGTH,
  buildEnrolleeIe,
  buildModeSwitchIe,
  buildRegistrarIe,
  buildZeroConfigProbeRequest,
  decryptRegistrarPassword,
  enrolleeAcceptRegistrarFrame,
  findAlibabaIe,
  modeSwitchAppliesTo,
  parseEnrolleeIe,
  parseModeSwitchIe,
  parseRegistrarIe,
  registrarKey,
  verifyEnrolleeSign,
} from '../../../../main/codec/awss/zero-config'
import { PRODUCT_SECRET, bytes, errorOf, hex, text, unwrap } from './helpers'

const SOURCE = bytes('28c2dd616883')
const RANDOM = bytes('0df20e533090b0769841aa682fc7ae8d')
const BSSID = bytes('112233445566')

function enrollee() {
  const ie = unwrap(buildEnrolleeIe({ deviceName: 'lamp-01', productKey: 'a1B2c3D4e5F', random: RANDOM, secret: PRODUCT_SECRET }))
  return { ie, fields: unwrap(parseEnrolleeIe(ie)) }
}

function registrarFrame(sign: Uint8Array, overrides: Partial<Parameters<typeof buildRegistrarIe>[0]> = {}) {
  const ie = unwrap(buildRegistrarIe({ sign, ssid: 'MyWiFi', password: '12345678', bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET, ...overrides }))
  return unwrap(buildZeroConfigProbeRequest(SOURCE, ie))
}

describe('probe request template', () => {
  it('is the 46-byte template when the vendor IE is empty, with ExtRates at byte 36', () => {
    const frame = unwrap(buildZeroConfigProbeRequest(SOURCE, new Uint8Array(0)))
    expect(frame.length).toBe(PROBE_TEMPLATE_LENGTH)
    expect(hex(frame.subarray(10, 16))).toBe(hex(SOURCE))
    expect(hex(frame.subarray(ENROLLEE_IE_SEARCH_OFFSET, 42))).toBe('3204b048606c')
    expect(hex(frame.subarray(42))).toBe('3f84109e')
  })
})

describe('enrollee IE (0xAA)', () => {
  it('has the §5.2 layout: 50 + dn_len + pk_len bytes, HMAC-SHA1 sign', () => {
    const { ie, fields } = enrollee()
    expect(ie.length).toBe(50 + 7 + 11)
    expect(hex(ie.subarray(0, 7))).toBe(`dd${(ie.length - 2).toString(16)}d896e0aa01`)
    expect(fields).toMatchObject({ versionByte: 1, deviceName: 'lamp-01', frameType: 0, productKey: 'a1B2c3D4e5F', security: 3, signMethod: 0 })
    expect(hex(fields.sign)).toBe(hex(deviceSignature(PRODUCT_SECRET, RANDOM, 'lamp-01', 'a1B2c3D4e5F')))
    expect(verifyEnrolleeSign(fields, PRODUCT_SECRET)).toBe(true)
    expect(verifyEnrolleeSign(fields, 'other')).toBe(false)
  })

  it('refuses truncated IEs with the offset where it stopped', () => {
    const { ie } = enrollee()
    const cut = ie.slice(0, 30)
    cut[1] = 28
    const error = errorOf(parseEnrolleeIe(cut))
    expect(error.offset).toBeGreaterThan(6)
  })
})

describe('registrar IE (0xAB) and the enrollee side', () => {
  const { fields } = enrollee()

  it('round-trips through parse and decrypt', () => {
    const ie = unwrap(buildRegistrarIe({ sign: fields.sign, ssid: '我的网络', password: 'pässwörd', bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET }))
    const parsed = unwrap(parseRegistrarIe(ie))
    expect(parsed.ssid.display).toBe('我的网络')
    expect(text(unwrap(decryptRegistrarPassword(parsed.passwordCipher, PRODUCT_SECRET, RANDOM)))).toBe('pässwörd')
  })

  it.each([
    ['ASCII', new TextEncoder().encode('MyWiFi'), '12345678'],
    ['UTF-8 Chinese', new TextEncoder().encode('我的网络'), '12345678'],
    ['GBK Chinese', new Uint8Array(iconv.encode('我的网络', 'gbk')), '12345678'],
    ['empty password', new TextEncoder().encode('Open'), ''],
    ['32-byte SSID, 64-byte password', new TextEncoder().encode('S'.repeat(32)), 'p'.repeat(64)],
  ])('the enrollee recovers a %s registrar frame', (_name, ssid, password) => {
    const frame = unwrap(buildZeroConfigProbeRequest(SOURCE, unwrap(buildRegistrarIe({ sign: fields.sign, ssid, password, bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET }))))
    const accepted = unwrap(enrolleeAcceptRegistrarFrame(frame, { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }))
    expect(hex(accepted.ssid.bytes)).toBe(hex(ssid))
    expect(text(accepted.password)).toBe(password)
  })

  it('refuses SSIDs over 32 and passwords over 64 bytes when building', () => {
    expect(buildRegistrarIe({ sign: fields.sign, ssid: 'S'.repeat(33), password: '', bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET }).ok).toBe(false)
    expect(buildRegistrarIe({ sign: fields.sign, ssid: 'S', password: 'p'.repeat(65), bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET }).ok).toBe(false)
  })

  it('encrypts with a cloud-issued key exactly as with the derived one', () => {
    const key = registrarKey(PRODUCT_SECRET, RANDOM)
    const withKey = unwrap(buildRegistrarIe({ sign: fields.sign, ssid: 'Net', password: 'abc12345', bssid: BSSID, enrolleeRandom: RANDOM, key }))
    const withSecret = unwrap(buildRegistrarIe({ sign: fields.sign, ssid: 'Net', password: 'abc12345', bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET }))
    expect(hex(withKey)).toBe(hex(withSecret))
  })

  it('is accepted in probe requests and probe responses, for any empty-SSID prefix that keeps byte 36 on an IE', () => {
    const frame = registrarFrame(fields.sign)
    const me = { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }
    expect(text(unwrap(enrolleeAcceptRegistrarFrame(frame, me)).password)).toBe('12345678')
    const response = frame.slice()
    response[0] = 0x50
    expect(unwrap(enrolleeAcceptRegistrarFrame(response, me)).ssid.display).toBe('MyWiFi')
  })

  it('misses the IE when it sits at byte 26 or when an SSID IE shifts the IEs off byte 36', () => {
    const me = { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }
    const ie = unwrap(buildRegistrarIe({ sign: fields.sign, ssid: 'MyWiFi', password: '12345678', bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET }))
    const frame = registrarFrame(fields.sign)
    const at26 = Uint8Array.of(...frame.subarray(0, 24), 0x00, 0x00, ...ie, ...frame.subarray(26, 42))
    expect(enrolleeAcceptRegistrarFrame(at26, me).ok).toBe(false)
    const shifted = Uint8Array.of(...frame.subarray(0, 24), 0x00, 0x03, 0x61, 0x62, 0x63, ...frame.subarray(26))
    expect(enrolleeAcceptRegistrarFrame(shifted, me).ok).toBe(false)
  })

  it("refuses another device's sign, a wrong version byte and a wrong secret", () => {
    const me = { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }
    expect(errorOf(enrolleeAcceptRegistrarFrame(registrarFrame(new Uint8Array(20).fill(9)), me)).reason).toMatch(/sign/)
    expect(errorOf(enrolleeAcceptRegistrarFrame(registrarFrame(fields.sign, { versionByte: 0x11 }), me)).reason).toMatch(/version/)
    // ESL only checks the device-type nibble.
    expect(enrolleeAcceptRegistrarFrame(registrarFrame(fields.sign, { versionByte: 0x11 }), { ...me, variant: 'esl' }).ok).toBe(true)
    expect(enrolleeAcceptRegistrarFrame(registrarFrame(fields.sign), { ...me, productSecret: 'not-it' }).ok).toBe(false)
  })

  it('accepts an empty sign, as both SDKs do (the comparison length comes from the registrar)', () => {
    const me = { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }
    expect(enrolleeAcceptRegistrarFrame(registrarFrame(new Uint8Array(0)), me).ok).toBe(true)
  })

  it('carries the ESL app token after the BSSID', () => {
    const token = bytes('000102030405060708090a0b0c0d0e0f')
    const ie = unwrap(buildRegistrarIe({ sign: fields.sign, ssid: 'Net', password: 'abc12345', bssid: BSSID, enrolleeRandom: RANDOM, productSecret: PRODUCT_SECRET, token, tokenType: 1, regionId: 2 }))
    expect(unwrap(parseRegistrarIe(ie))).toMatchObject({ tokenType: 1, regionId: 2 })
    expect(hex(unwrap(parseRegistrarIe(ie)).token ?? new Uint8Array())).toBe(hex(token))
    const frame = unwrap(buildZeroConfigProbeRequest(SOURCE, ie))
    const me = { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }
    expect(hex(unwrap(enrolleeAcceptRegistrarFrame(frame, { ...me, variant: 'esl' })).token ?? new Uint8Array())).toBe(hex(token))
    expect(unwrap(enrolleeAcceptRegistrarFrame(frame, me)).token).toBeUndefined()
  })
})

describe('mode-switch IE (0xAC)', () => {
  it('builds and parses the ESL layout and applies only to version 0x11 and the right product', () => {
    const ie = unwrap(buildModeSwitchIe({ apChannel: 6, productKey: 'a1B2c3D4e5F' }))
    expect(hex(ie.subarray(0, 12))).toBe(`dd${(ie.length - 2).toString(16)}d896e0ac1102000c060b`)
    const fields = unwrap(parseModeSwitchIe(ie))
    expect(fields).toMatchObject({ versionByte: 0x11, frameType: 2, switchToMode: 0, timeoutTens: 12, apChannel: 6, productKey: 'a1B2c3D4e5F' })
    expect(modeSwitchAppliesTo(fields, 'a1B2c3D4e5F')).toBe(true)
    expect(modeSwitchAppliesTo(fields, 'other')).toBe(false)
    expect(modeSwitchAppliesTo(unwrap(parseModeSwitchIe(unwrap(buildModeSwitchIe({ apChannel: 1 })))), 'any')).toBe(true)
    expect(modeSwitchAppliesTo(unwrap(parseModeSwitchIe(unwrap(buildModeSwitchIe({ apChannel: 1, versionByte: 0x01 })))), 'any')).toBe(false)
  })
})

describe('zero-config hostile input', () => {
  it('IE parsers never throw on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.constantFrom(0xaa, 0xab, 0xac), (body, type) => {
        const ie = Uint8Array.of(0xdd, Math.min(255, body.length + 4), 0xd8, 0x96, 0xe0, type, ...body)
        for (const parse of [parseEnrolleeIe, parseRegistrarIe, parseModeSwitchIe]) {
          const result = parse(ie)
          if (!result.ok) expect(result.error.offset).toBeGreaterThanOrEqual(0)
        }
        parseRegistrarIe(body)
      }),
    )
  })

  it('the enrollee never throws on random frames or mutated valid frames', () => {
    const { fields } = enrollee()
    const me = { ownSign: fields.sign, productSecret: PRODUCT_SECRET, random: RANDOM }
    const valid = registrarFrame(fields.sign)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 150 }), fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(valid.length), (random, edits, cut) => {
        enrolleeAcceptRegistrarFrame(random, me)
        findAlibabaIe(random, 0xab, 0)
        const mutated = valid.slice(0, Math.max(cut, 1))
        for (const [at, value] of edits) if (at < mutated.length) mutated[at] = value
        const result = enrolleeAcceptRegistrarFrame(mutated, me)
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
    )
  })
})
