// PROTOCOLS-awss.md §10.4 worked example, checked there against the Breeze device core: every frame byte for byte,
// from our client, from our device model, and from the plain builders.
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import {
  BreezeChar,
  BreezeCmd,
  buildAuthCfm,
  buildAuthRand,
  buildAuthReq,
  buildAuthRsp,
  buildWifiConfigPayload,
  createBreezeClient,
  createBreezeDevice,
  decodeMessage,
  deriveSessionKey,
  encodeMessage,
  WIFI_CONFIG_SUCCESS,
  type ClientStep,
  type DeviceStep,
} from '../../../../main/codec/breeze'

const hex = (s: string): Uint8Array => fromHex(s)!
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)

const PRODUCT_SECRET = 'abcdefghijklmnop'
const RANDOM = ascii('6020857211253677')
const K = '774ddebe308056b49fcf4a15bd56b3ed'
const AUTH_RAND = '0011001036303230383537323131323533363737'
const AUTH_REQ = '111200099f50ccbc8dd0a11da16e63c641a7aca2'
const AUTH_RSP = '10130009ae11d45e7f0987448a5c67a19e10879c'
const AUTH_CFM = '12140002e742bade8aab226aeeffe2adcfc0d54f'
const EXT_DOWN = ['150d10109739ba7649779bb4e225249bce16f25f', '150d110cb41d894fd0256b77797c84414b7b4a14']
const EXT_UP = '150e0005ea57a4510674d3462fd05df56d18fea6'
const WIFI = { ssid: 'MyWiFi', password: '12345678', bssid: '11:22:33:44:55:66' }

const writes = (s: ClientStep): string[] =>
  s.actions.flatMap((a) => (a.kind === 'write' ? [toHex(a.value)] : []))
const indications = (s: DeviceStep): string[] =>
  s.actions.flatMap((a) => (a.kind === 'indicate' ? [toHex(a.value)] : []))

describe('§10.4 worked example', () => {
  it('derives K = SHA256(productSecret "," random)[:16]', () => {
    expect(toHex(deriveSessionKey(PRODUCT_SECRET, RANDOM))).toBe(K)
  })

  it('plain builders reproduce every frame', () => {
    const key = hex(K)
    const one = (r: { ok: boolean; value?: Uint8Array[] }): string[] => (r.ok ? r.value!.map((part) => toHex(part)) : [])
    expect(one(buildAuthRand(RANDOM))).toEqual([AUTH_RAND])
    expect(one(buildAuthReq(key, 1))).toEqual([AUTH_REQ])
    expect(one(buildAuthRsp(key))).toEqual([AUTH_RSP])
    expect(one(buildAuthCfm(key, 2))).toEqual([AUTH_CFM])
    const payload = buildWifiConfigPayload(WIFI)
    expect(payload.ok).toBe(true)
    if (!payload.ok) return
    expect(one(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 5, payload: payload.value, key }))).toEqual(EXT_DOWN)
    expect(one(encodeMessage({ cmd: BreezeCmd.EXT_UP, msgId: 5, payload: WIFI_CONFIG_SUCCESS, key }))).toEqual([EXT_UP])
  })

  it('decodes the EXT_DOWN frames to the nested Wi-Fi TLVs and EXT_UP to 06 03 01 01 01', () => {
    const down = decodeMessage(EXT_DOWN.map(hex), { key: hex(K) })
    expect(down.ok).toBe(true)
    if (!down.ok) return
    expect(down.value).toMatchObject({ cmd: 0x0d, msgId: 5, encrypted: true, frameCount: 2 })
    expect(toHex(down.value.payload)).toBe('061a01064d7957694669020831323334353637380306112233445566')
    const up = decodeMessage([hex(EXT_UP)], { key: hex(K) })
    expect(up.ok && toHex(up.value.payload)).toBe('0603010101')
  })

  it('client side: same frames out for the same frames in', () => {
    const client = createBreezeClient({ productSecret: PRODUCT_SECRET, secretType: 'per-product' })
    const start = client.start()
    expect(start.actions).toEqual([
      { kind: 'subscribe', characteristic: BreezeChar.ic, mode: 'indicate' },
      { kind: 'subscribe', characteristic: BreezeChar.nc, mode: 'notify' },
    ])
    const afterRand = client.receive(hex(AUTH_RAND), 'indication')
    expect(afterRand.events).toContainEqual({ type: 'auth-random', random: RANDOM })
    expect(writes(afterRand)).toEqual([AUTH_REQ])
    expect(afterRand.actions[0]).toMatchObject({ characteristic: BreezeChar.wc, withResponse: true })
    const afterRsp = client.receive(hex(AUTH_RSP), 'indication')
    expect(writes(afterRsp)).toEqual([AUTH_CFM])
    expect(afterRsp.events).toContainEqual({ type: 'authenticated', keyFrom: 'product-secret' })
    const config = client.sendWifiConfig(WIFI, { msgId: 5 })
    expect(writes(config)).toEqual(EXT_DOWN)
    const reply = client.receive(hex(EXT_UP), 'indication')
    expect(reply.events).toEqual([{ type: 'wifi-config-accepted', reply: { result: 'success', code: 1 } }])
    expect(client.state).toBe('authenticated')
  })

  it('device side: same frames out for the same frames in', () => {
    const device = createBreezeDevice({
      productKey: 'a1ProductKey',
      productSecret: PRODUCT_SECRET,
      deviceName: 'lab-device-1',
      productId: 0x12345,
      mac: '11:22:33:44:55:66',
    })
    device.connect(RANDOM)
    expect(indications(device.setSubscription(BreezeChar.ic, 'indicate'))).toEqual([])
    const enabled = device.setSubscription(BreezeChar.nc, 'notify')
    expect(indications(enabled)).toEqual([AUTH_RAND])
    expect(indications(device.write(BreezeChar.wc, hex(AUTH_REQ)))).toEqual([AUTH_RSP])
    const cfm = device.write(BreezeChar.wc, hex(AUTH_CFM))
    expect(cfm.actions).toEqual([])
    expect(cfm.events).toEqual([{ type: 'authenticated' }])
    expect(device.write(BreezeChar.wc, hex(EXT_DOWN[0])).actions).toEqual([])
    const last = device.write(BreezeChar.wc, hex(EXT_DOWN[1]))
    expect(indications(last)).toEqual([EXT_UP])
    expect(last.events).toEqual([
      {
        type: 'wifi-config',
        ssid: ascii('MyWiFi'),
        password: ascii('12345678'),
        bssid: hex('112233445566'),
        accepted: true,
      },
    ])
  })
})
