import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import {
  buildSwitchApReply,
  buildSwitchApRequest,
  devApSsid,
  handleSwitchApRequest,
  parseSwitchApResponse,
  type SwitchApDecision,
} from '../../../../main/codec/awss/dev-ap'
import { deviceJsonBytes, deviceJsonLookup } from '../../../../main/codec/awss/device-json'
import type { DevInfo } from '../../../../main/codec/awss/devinfo'
import { PRODUCT_SECRET, bytes, errorOf, hex, text, unwrap } from './helpers'

const RANDOM = bytes('00112233445566778899aabbccddeeff')
const TOKEN = bytes('0f0e0d0c0b0a09080706050403020100')
const device: DevInfo = { productKey: 'a1B2c3D4e5F', deviceName: 'lamp-01', mac: 'AA:BB:CC:DD:EE:FF', ip: '192.168.1.23', cipherType: 3 }

function accepted(decision: SwitchApDecision) {
  if (decision.reply !== 'ok') expect.fail(`device refused: ${JSON.stringify(decision)}`)
  return decision
}

const request = (overrides: Partial<Parameters<typeof buildSwitchApRequest>[0]> = {}) =>
  unwrap(buildSwitchApRequest({ id: 1, ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, random: RANDOM, token: TOKEN, ...overrides }))

describe('dev-AP SSID', () => {
  it('is adh_<productKey>_<last three MAC bytes in uppercase hex>', () => {
    expect(devApSsid('a1b2c3d4e5f', bytes('aabbccddeeff'))).toBe('adh_a1b2c3d4e5f_DDEEFF')
    expect(devApSsid('p'.repeat(30), bytes('aabbccddeeff'))).toHaveLength(32)
  })
})

describe('switchap request → device', () => {
  it('round-trips ASCII and non-ASCII SSIDs, empty and 64-byte passwords', () => {
    for (const [ssid, password, field] of [
      ['MyWiFi', '12345678', 'ssid'],
      ['Café', 'pässwörd', 'xssid'],
      ['我的网络', 'x'.repeat(64), 'xssid'],
      ['Open', '', 'ssid'],
      ['say "hi"', 'back\\slash', 'xssid'],
    ] as const) {
      const built = request({ ssid, password })
      expect(built.ssidField).toBe(field)
      const decision = accepted(handleSwitchApRequest(built.json, { productSecret: PRODUCT_SECRET }))
      expect(text(decision.ssid)).toBe(ssid)
      expect(text(decision.password)).toBe(password)
      expect(hex(decision.token ?? new Uint8Array())).toBe(hex(TOKEN))
    }
  })

  it('carries GBK SSID bytes as xssid', () => {
    const gbk = new Uint8Array(iconv.encode('我的网络', 'gbk'))
    const built = request({ ssid: gbk })
    expect(built.ssidField).toBe('xssid')
    expect(hex(accepted(handleSwitchApRequest(built.json, { productSecret: PRODUCT_SECRET })).ssid)).toBe(hex(gbk))
  })

  it('round-trips any printable SSID and password through the device JSON reader', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 32 }).filter((s) => new TextEncoder().encode(s).length <= 32),
        fc.string({ maxLength: 60 }).filter((p) => !p.includes('\0') && new TextEncoder().encode(p).length <= 64 && !/[\u{10000}-\u{10FFFF}]/u.test(p)),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (ssid, password, random) => {
          const built = unwrap(buildSwitchApRequest({ id: 9, ssid, password, productSecret: PRODUCT_SECRET, random, token: TOKEN, bssid: bytes('112233445566') }))
          const decision = accepted(handleSwitchApRequest(built.json, { productSecret: PRODUCT_SECRET }))
          expect(text(decision.ssid)).toBe(ssid)
          expect(text(decision.password)).toBe(password)
          expect(hex(decision.bssid)).toBe('112233445566')
        },
      ),
    )
  })

  it('ESL security 2.0: key from the random hex text, one block only', () => {
    const built = request({ security: 'esl-2.0', password: 'sixteen-bytes-ok' })
    expect(JSON.parse(built.json).params.security).toBe('2.0')
    const esl = accepted(handleSwitchApRequest(built.json, { productSecret: 'unused-here', variant: 'esl' }))
    expect(esl.securityV2).toBe(true)
    expect(text(esl.password)).toBe('sixteen-bytes-ok')
    // An IK32 device ignores "security" and decrypts with the product key: not the same password.
    const ik32 = handleSwitchApRequest(built.json, { productSecret: PRODUCT_SECRET })
    expect(ik32.reply === 'ok' && text(ik32.password) === 'sixteen-bytes-ok').toBe(false)
    expect(errorOf(buildSwitchApRequest({ id: 1, ssid: 'a', password: 'seventeen-bytes!!', productSecret: '', random: RANDOM, token: TOKEN, security: 'esl-2.0' })).reason).toMatch(/16 bytes/)
  })

  it('refuses a NUL in the password and string-like ids up front', () => {
    expect(errorOf(buildSwitchApRequest({ id: 1, ssid: 'a', password: 'ab\0cd', productSecret: PRODUCT_SECRET, random: RANDOM, token: TOKEN })).reason).toMatch(/NUL/)
    expect(buildSwitchApRequest({ id: -1, ssid: 'a', password: '', productSecret: PRODUCT_SECRET, random: RANDOM, token: TOKEN }).ok).toBe(false)
  })
})

describe('device-side refusals, in the device order', () => {
  const handle = (json: string) => handleSwitchApRequest(json, { productSecret: PRODUCT_SECRET })
  const random = '00112233445566778899aabbccddeeff'

  it('-1 ssid error when neither ssid nor xssid fits', () => {
    expect(handle(`{"id":5,"params":{"random":"${random}"}}`)).toMatchObject({ reply: 'error', code: -1, message: 'ssid error', idText: '5' })
    expect(handle(`{"id":5,"params":{"ssid":"${'s'.repeat(33)}","random":"${random}"}}`)).toMatchObject({ code: -1 })
  })

  it('-4 random len error before the password is looked at', () => {
    expect(handle('{"id":5,"params":{"ssid":"a","random":"0011","passwd":"zz"}}')).toMatchObject({ reply: 'error', code: -4, message: 'random len error' })
  })

  it('-3 passwd len error over 128 hex characters, -3 passwd content error for non-UTF-8', () => {
    expect(handle(`{"id":5,"params":{"ssid":"a","random":"${random}","passwd":"${'00'.repeat(65)}"}}`)).toMatchObject({ code: -3, message: 'passwd len error' })
    expect(handle(`{"id":5,"params":{"ssid":"a","random":"${random}","passwd":"${'ff'.repeat(16)}"}}`)).toMatchObject({ code: -3, message: 'passwd content error' })
  })

  it('an absent passwd means an empty password (code 200)', () => {
    expect(text(accepted(handle(`{"id":5,"params":{"ssid":"a","random":"${random}"}}`)).password)).toBe('')
  })

  it('no reply at all when an escaped quote hides "params"', () => {
    expect(handle(`{"id":5,"params":{"ssid":"a\\"b","random":"${random}"}}`)).toMatchObject({ reply: 'none' })
  })

  it('does not decode JSON escapes in "ssid"', () => {
    expect(text(accepted(handle(`{"id":5,"params":{"ssid":"Caf\\u00e9","random":"${random}"}}`)).ssid)).toBe('Caf\\u00e9')
  })

  it('echoes the id text as received (unquoted in the reply)', () => {
    const decision = handle('{"id":"abc","params":{"ssid":"a","random":"00"}}')
    expect(decision).toMatchObject({ idText: 'abc' })
    const reply = buildSwitchApReply('abc', -4, 'random len error')
    expect(reply).toBe('{"id":abc,"code":-4,"data":"random len error"}')
  })

  it('never throws on random text, random bytes or mutated valid requests', () => {
    const valid = request({ bssid: bytes('112233445566') }).json
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.array(fc.tuple(fc.nat(valid.length - 1), fc.constantFrom('"', '{', '}', ':', ',', '\\', 'x', '\0', ' ')), { maxLength: 8 }), (s, b, edits) => {
        handleSwitchApRequest(s, { productSecret: PRODUCT_SECRET })
        handleSwitchApRequest(b, { productSecret: PRODUCT_SECRET, variant: 'esl' })
        const chars = valid.split('')
        for (const [at, c] of edits) chars[at] = c
        const decision = handleSwitchApRequest(chars.join(''), { productSecret: PRODUCT_SECRET })
        expect(['none', 'error', 'ok']).toContain(decision.reply)
      }),
    )
  })
})

describe('device JSON reader', () => {
  const buf = (s: string) => new TextEncoder().encode(s)
  it('finds keys at one level, skips nested ones, and reads values raw', () => {
    const b = buf('{"a":{"id":1},"id":42,"s":"x\\ny","t":true,"arr":[1,"]",2]}')
    const id = deviceJsonLookup(b, 'id')
    expect(id && new TextDecoder().decode(deviceJsonBytes(b, id))).toBe('42')
    const s = deviceJsonLookup(b, 's')
    expect(s && new TextDecoder().decode(deviceJsonBytes(b, s))).toBe('x\\ny')
    expect(deviceJsonLookup(b, 't')?.type).toBe('boolean')
    expect(deviceJsonLookup(b, 'missing')).toBeUndefined()
  })
})

describe('switchap response parser', () => {
  it('reads a code-200 reply with devinfo and token', () => {
    const reply = buildSwitchApReply('7', 200, device, { token: TOKEN })
    const parsed = unwrap(parseSwitchApResponse(reply))
    expect(parsed).toMatchObject({ id: '7', code: 200, accepted: true, idWasUnquoted: false, remainTimeMs: 90_000 })
    expect(parsed.device).toMatchObject(device)
    expect(hex(parsed.token ?? new Uint8Array())).toBe(hex(TOKEN))
  })

  it('reads negative codes with the device message, and repairs an unquoted string id', () => {
    expect(unwrap(parseSwitchApResponse('{"id":123,"code":-4,"data":"random len error"}'))).toMatchObject({ accepted: false, code: -4, message: 'random len error' })
    expect(unwrap(parseSwitchApResponse('{"id":abc,"code":-1,"data":"ssid error"}'))).toMatchObject({ id: 'abc', idWasUnquoted: true, message: 'ssid error' })
  })

  it('gives clear errors on hostile JSON and never throws', () => {
    expect(errorOf(parseSwitchApResponse('not json')).reason).toMatch(/not valid JSON/)
    expect(errorOf(parseSwitchApResponse('[1,2]')).reason).toMatch(/object/)
    expect(errorOf(parseSwitchApResponse('{"id":1,"code":200,"data":{"productKey":1}}')).reason).toMatch(/productKey/)
    expect(errorOf(parseSwitchApResponse('{"id":1,"code":"200"}')).reason).toMatch(/code/)
    expect(errorOf(parseSwitchApResponse(`{"id":1,"code":200,"data":${'['.repeat(5000)}`)).reason.length).toBeGreaterThan(0)
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 })), (s) => {
        const result = parseSwitchApResponse(s)
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
    )
  })
})
