import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import {
  AUTH_RAND_FIRMWARE_BUG,
  buildAuthKey,
  buildExtQuery,
  buildTlvs,
  buildWifiConfigPayload,
  buildWifiConfigReply,
  checkAuthRandom,
  computeAuthId,
  computeNetworkSignature,
  decodeAuthKey,
  decodeMessage,
  deriveSessionKey,
  deviceAcceptsText,
  encodeMessage,
  parseFrame,
  parseTlvs,
  parseWifiConfigReply,
  parseWifiConfigValue,
  readRekeyRsp,
  WIFI_CONFIG_SUCCESS,
} from '../../../../main/codec/breeze'
import { fuzzParser } from '../ble/fuzz'

const hex = (s: string): Uint8Array => fromHex(s)!
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('EXT TLVs', () => {
  it('parses and builds TLV runs, and applies the each-type-once rule on request', () => {
    const b = buildTlvs([
      { type: 1, value: new Uint8Array(0) },
      { type: 3, value: ascii('dn') },
    ])
    expect(b.ok && toHex(b.value)).toBe('0100' + '0302646e')
    expect(parseTlvs(hex('01000100'))).toMatchObject({ ok: true })
    expect(parseTlvs(hex('01000100'), { unique: true })).toEqual({
      ok: false,
      error: { reason: 'TLV type 0x01 repeated', offset: 2 },
    })
    expect(parseTlvs(hex('0305aa'))).toEqual({ ok: false, error: { reason: 'TLV 0x03 claims 5 bytes but 1 remain', offset: 1 } })
    expect(parseTlvs(hex('01'))).toMatchObject({ ok: false, error: { offset: 0 } })
    expect(buildExtQuery([1, 2, 3, 4, 5])).toEqual({ ok: true, value: hex('01000200030004000500') })
  })

  it('builds the §10.4 Wi-Fi config and reads it back', () => {
    const p = buildWifiConfigPayload({ ssid: 'MyWiFi', password: '12345678', bssid: '11:22:33:44:55:66' })
    expect(p.ok && toHex(p.value)).toBe('061a01064d7957694669020831323334353637380306112233445566')
    const v = p.ok ? parseWifiConfigValue(p.value.subarray(2)) : p
    expect(v).toEqual({ ok: true, value: { ssid: ascii('MyWiFi'), password: ascii('12345678'), bssid: hex('112233445566') } })
  })

  it('keeps nested TLVs AOS firmware rejects out of AOS configs, and allows them elsewhere', () => {
    const cfg = { ssid: 'MyWiFi', password: '12345678', appToken: hex('00112233445566778899aabbccddeeff') }
    const aos = buildWifiConfigPayload(cfg)
    expect(aos.ok).toBe(false)
    expect(!aos.ok && aos.error.reason).toMatch(/AliOS-based firmware answer ERR/)
    expect(buildWifiConfigPayload(cfg, 'ics').ok).toBe(true)
    expect(buildWifiConfigPayload({ ...cfg, tokenType: 1 }, 'ics').ok).toBe(false)
    const bz = buildWifiConfigPayload({ ...cfg, regionId: 1, regionMqttUrl: 'mqtt.example', random: hex('010203'), tokenType: 2, protocolVersion: 1 }, 'bz207')
    expect(bz.ok).toBe(true)
    if (bz.ok) expect(parseWifiConfigValue(bz.value.subarray(2))).toMatchObject({ ok: true, value: { tokenType: 2, regionId: 1 } })
  })

  it('refuses configs the device would silently mangle, without quoting them', () => {
    const secret = 'Zq9\u0000Xk7'
    const r = buildWifiConfigPayload({ ssid: 'x', password: secret })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error.reason).not.toMatch(/Zq9|Xk7/)
    expect(buildWifiConfigPayload({ ssid: '', password: '' }).ok).toBe(false)
    expect(buildWifiConfigPayload({ ssid: 'x'.repeat(33), password: '' }).ok).toBe(false)
    expect(buildWifiConfigPayload({ ssid: 'x', password: 'p'.repeat(65) }).ok).toBe(false)
    expect(buildWifiConfigPayload({ ssid: 'x', password: '', bssid: '11:22' }).ok).toBe(false)
    // raw, non-UTF-8 SSIDs are allowed: the device copies bytes
    expect(buildWifiConfigPayload({ ssid: hex('c4e3bac3'), password: '' }).ok).toBe(true)
  })

  it('reads the success reply, the BZ207 variant and a failure', () => {
    expect(parseWifiConfigReply(WIFI_CONFIG_SUCCESS)).toEqual({ ok: true, value: { result: 'success', code: 1 } })
    const bz = buildWifiConfigReply({ result: 'success', tokenType: 2 })
    expect(bz.ok && toHex(bz.value)).toBe('0606010101030102')
    expect(bz.ok && parseWifiConfigReply(bz.value)).toEqual({ ok: true, value: { result: 'success', code: 1, tokenType: 2 } })
    expect(parseWifiConfigReply(hex('0603010102'))).toEqual({ ok: true, value: { result: 'failure', code: 2 } })
    expect(parseWifiConfigReply(hex('0100')).ok).toBe(false)
    expect(parseWifiConfigReply(hex('0603010109')).ok).toBe(false)
  })

  it('computes the network signature over the documented concatenation', () => {
    const expected = createHash('sha256')
      .update('clientId0001E240deviceNamedev1productSecretPSproductKeya1PK')
      .digest()
    expect(
      toHex(computeNetworkSignature({ productId: 123456, deviceName: 'dev1', productKey: 'a1PK', secret: 'PS', secretType: 'per-product' })),
    ).toBe(toHex(expected))
    const le = createHash('sha256').update('clientId40E20100deviceNamedev1deviceSecretDSproductKeya1PK').digest()
    expect(
      toHex(
        computeNetworkSignature({
          productId: 123456,
          deviceName: 'dev1',
          productKey: 'a1PK',
          secret: 'DS',
          secretType: 'per-device',
          productIdOrder: 'le',
        }),
      ),
    ).toBe(toHex(le))
  })

  it('never throws', () => {
    const valid = hex('061a01064d7957694669020831323334353637380306112233445566')
    fuzzParser((b) => parseTlvs(b, { unique: true }), [valid])
    fuzzParser(parseWifiConfigValue, [valid.subarray(2)])
    fuzzParser(parseWifiConfigReply, [WIFI_CONFIG_SUCCESS, hex('0606010101030102')])
  })
})

describe('auth pieces', () => {
  it('accepts a random of 16 ASCII digits and calls anything else the firmware bug', () => {
    expect(checkAuthRandom(ascii('6020857211253677'))).toEqual({ ok: true, value: ascii('6020857211253677') })
    const encrypted = encodeMessage({
      cmd: 0x11,
      msgId: 0,
      payload: ascii('6020857211253677'),
      key: deriveSessionKey('abcdefghijklmnop', ascii('6020857211253677')),
      preAuthHeaderQuirk: true,
    })
    if (!encrypted.ok) throw new Error(encrypted.error.reason)
    // On air it looks like a clear 16-byte AUTH_RAND (enc bit 0, byte 3 = 16)...
    expect(toHex(encrypted.value[0].subarray(0, 4))).toBe('00110010')
    const f = parseFrame(encrypted.value[0])
    // ...but its bytes are not digits.
    expect(f.ok && checkAuthRandom(f.value)).toMatchObject({ ok: false, error: { reason: AUTH_RAND_FIRMWARE_BUG } })
    expect(AUTH_RAND_FIRMWARE_BUG).toMatch(/^AUTH_RAND undecodable: device firmware bug/)
    expect(checkAuthRandom(ascii('123'))).toMatchObject({ ok: false, error: { reason: 'AUTH_RAND carries 3 bytes, expected 16' } })
  })

  it('decodes AUTH_KEY regardless of its enc bit, stripping the counted padding', () => {
    const key = deriveSessionKey('abcdefghijklmnop', ascii('6020857211253677'))
    const frames = buildAuthKey('lab-device-0000000001', key)
    if (!frames.ok) throw new Error(frames.error.reason)
    expect(frames.value.map((f) => toHex(f.subarray(0, 4)))).toEqual(['00151010', '00151110'])
    const m = decodeMessage(frames.value, { key, force: true })
    expect(m.ok && m.value.payload.length).toBe(32)
    expect(m.ok && decodeAuthKey(m.value.payload)).toEqual({ ok: true, value: 'lab-device-0000000001' })
    expect(decodeAuthKey(new Uint8Array(16))).toMatchObject({ ok: false })
  })

  it('reproduces the device\'s prefix comparison quirk', () => {
    expect(deviceAcceptsText(ascii('Hi'), 'Hi,Server')).toBe(true)
    expect(deviceAcceptsText(ascii('Hi,Server\u0000\u0000'), 'Hi,Server')).toBe(true)
    expect(deviceAcceptsText(ascii('Hx'), 'Hi,Server')).toBe(false)
  })

  it('derives the offline auth id from the earlier random and reads REKEY_RSP', () => {
    const r = ascii('6020857211253677')
    expect(toHex(computeAuthId(r))).toBe(createHash('sha256').update(r).digest('hex').slice(0, 8))
    expect(readRekeyRsp(hex('01'))).toEqual({ ok: true, value: 'unknown-auth-id' })
    expect(readRekeyRsp(hex('02'))).toEqual({ ok: true, value: 'bad-length' })
    expect(readRekeyRsp(hex('0203')).ok).toBe(false)
  })
})
