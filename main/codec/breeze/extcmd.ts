// Extended commands (§10.5): EXT_DOWN 0x0D carries TLVs (type, len, value), each type once; the device answers
// EXT_UP 0x0E with TLVs of the same types, or ERR. TLV 0x06 is the Wi-Fi config, itself nested TLVs.
import { createHash } from 'node:crypto'
import { encodeUtf8 } from '../ble/bytes'
import { fail, ok, type Result } from '../result'
import type { SecretType } from './advertisement'

export const ExtTlv = {
  version: 0x01,
  productKey: 0x02,
  deviceName: 0x03,
  random: 0x04,
  networkSignature: 0x05,
  wifiConfig: 0x06,
  advSequence: 0x07,
  secretQuery: 0x09,
  secretUpdate: 0x0a,
  authCode: 0x0b,
  authSign: 0x0c,
} as const

export const WifiTlv = {
  ssid: 0x01,
  password: 0x02,
  bssid: 0x03,
  appToken: 0x04,
  regionId: 0x05,
  regionMqttUrl: 0x06,
  random: 0x07,
  tokenType: 0x08,
  protocolVersion: 0xf1,
} as const

/**
 * Which device code will read the Wi-Fi config:
 * - `aos`: AliOS-Things breeze extcmd.c: nested 01/02/03 only; anything else -> ERR (after the callback fired).
 * - `ics`: icomm-semi combo extcmd.c: also 0x04 app token.
 * - `bz207`: Breeze SDK 2.0.7: 0x04..0x08 and 0xF1 too, and a reply carrying the token type.
 */
export type WifiConfigProfile = 'aos' | 'ics' | 'bz207'

const ACCEPTED: Record<WifiConfigProfile, number[]> = {
  aos: [0x01, 0x02, 0x03],
  ics: [0x01, 0x02, 0x03, 0x04],
  bz207: [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xf1],
}
export const acceptsWifiTlv = (profile: WifiConfigProfile, type: number): boolean => ACCEPTED[profile].includes(type)

export const MAX_SSID = 32
export const MAX_PASSWORD = 64
/** MAX_TOKEN_PARAM_LEN is not in any source we read; tokens seen are 16 bytes. 32 leaves room. */
export const MAX_APP_TOKEN = 32
export const MAX_REGION_URL = 127

export interface Tlv {
  type: number
  value: Uint8Array
}

/** Parse a TLV run. `unique` applies the device's "each type once" rule. Values are views into `buf`. */
export function parseTlvs(buf: Uint8Array, opts: { unique?: boolean } = {}): Result<Tlv[]> {
  const out: Tlv[] = []
  const seen = new Set<number>()
  let at = 0
  while (at < buf.length) {
    if (buf.length - at < 2) return fail('TLV header cut short (type without length)', at)
    const type = buf[at]
    const len = buf[at + 1]
    if (at + 2 + len > buf.length)
      return fail(`TLV 0x${type.toString(16).padStart(2, '0')} claims ${len} bytes but ${buf.length - at - 2} remain`, at + 1)
    if (opts.unique && seen.has(type)) return fail(`TLV type 0x${type.toString(16).padStart(2, '0')} repeated`, at)
    seen.add(type)
    out.push({ type, value: buf.subarray(at + 2, at + 2 + len) })
    at += 2 + len
  }
  return ok(out)
}

export function buildTlvs(tlvs: Tlv[]): Result<Uint8Array> {
  const total = tlvs.reduce((n, t) => n + 2 + t.value.length, 0)
  const out = new Uint8Array(total)
  let at = 0
  for (const t of tlvs) {
    if (!Number.isInteger(t.type) || t.type < 0 || t.type > 0xff) return fail('TLV type must fit one byte', at)
    if (t.value.length > 0xff) return fail(`TLV 0x${t.type.toString(16)} value of ${t.value.length} bytes exceeds 255`, at)
    out[at] = t.type
    out[at + 1] = t.value.length
    out.set(t.value, at + 2)
    at += 2 + t.value.length
  }
  return ok(out)
}

/** EXT_DOWN payload asking for values: each requested type with length 0 (0x01 version .. 0x05 signature). */
export const buildExtQuery = (types: number[]): Result<Uint8Array> =>
  buildTlvs(types.map((type) => ({ type, value: new Uint8Array(0) })))

export interface WifiConfigInput {
  ssid: string | Uint8Array
  password: string | Uint8Array
  /** "aa:bb:cc:dd:ee:ff" or 6 bytes, in that order on the wire. */
  bssid?: string | Uint8Array
  appToken?: Uint8Array
  regionId?: number
  regionMqttUrl?: string
  random?: Uint8Array
  tokenType?: number
  protocolVersion?: number
}

export interface WifiConfig {
  ssid: Uint8Array
  password: Uint8Array
  bssid?: Uint8Array
  appToken?: Uint8Array
  regionId?: number
  regionMqttUrl?: Uint8Array
  random?: Uint8Array
  tokenType?: number
  protocolVersion?: number
}

const bytesOf = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? encodeUtf8(v) : v)

function bssidBytes(v: string | Uint8Array): Result<Uint8Array> {
  if (v instanceof Uint8Array) return v.length === 6 ? ok(v) : fail('BSSID must be 6 bytes', 0)
  const hex = v.trim().replace(/[:-]/g, '')
  if (!/^[0-9a-fA-F]{12}$/.test(hex)) return fail('BSSID must be six hex octets like 11:22:33:44:55:66', 0)
  return ok(Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))))
}

/**
 * Nested TLVs of a Wi-Fi config, checked against what the target firmware accepts. Reasons never quote the
 * SSID or password.
 */
export function buildWifiConfigValue(cfg: WifiConfigInput, profile: WifiConfigProfile = 'aos'): Result<Uint8Array> {
  const ssid = bytesOf(cfg.ssid)
  const password = bytesOf(cfg.password)
  if (ssid.length < 1 || ssid.length > MAX_SSID) return fail(`SSID must be 1..${MAX_SSID} bytes, is ${ssid.length}`, 0)
  if (password.length > MAX_PASSWORD) return fail(`password must be 0..${MAX_PASSWORD} bytes, is ${password.length}`, 0)
  // The device keeps them as C strings: a NUL would silently cut them short.
  if (ssid.includes(0)) return fail('SSID contains a NUL byte; the device would cut it short', 0)
  if (password.includes(0)) return fail('password contains a NUL byte; the device would cut it short', 0)
  const tlvs: Tlv[] = [
    { type: WifiTlv.ssid, value: ssid },
    { type: WifiTlv.password, value: password },
  ]
  if (cfg.bssid !== undefined) {
    const b = bssidBytes(cfg.bssid)
    if (!b.ok) return b
    tlvs.push({ type: WifiTlv.bssid, value: b.value })
  }
  const byte = (v: number, name: string): Result<Uint8Array> =>
    Number.isInteger(v) && v >= 0 && v <= 0xff ? ok(Uint8Array.of(v)) : fail(`${name} must fit one byte`, 0)
  const optional: [number, string, Result<Uint8Array> | undefined][] = [
    [
      WifiTlv.appToken,
      'app token',
      cfg.appToken === undefined
        ? undefined
        : cfg.appToken.length <= MAX_APP_TOKEN
          ? ok(cfg.appToken)
          : fail(`app token must be at most ${MAX_APP_TOKEN} bytes`, 0),
    ],
    [WifiTlv.regionId, 'region id', cfg.regionId === undefined ? undefined : byte(cfg.regionId, 'region id')],
    [
      WifiTlv.regionMqttUrl,
      'region MQTT URL',
      cfg.regionMqttUrl === undefined
        ? undefined
        : encodeUtf8(cfg.regionMqttUrl).length <= MAX_REGION_URL
          ? ok(encodeUtf8(cfg.regionMqttUrl))
          : fail(`region MQTT URL must be under 128 bytes`, 0),
    ],
    [
      WifiTlv.random,
      'random',
      cfg.random === undefined ? undefined : cfg.random.length === 3 ? ok(cfg.random) : fail('random must be 3 bytes', 0),
    ],
    [WifiTlv.tokenType, 'token type', cfg.tokenType === undefined ? undefined : byte(cfg.tokenType, 'token type')],
    [
      WifiTlv.protocolVersion,
      'protocol version',
      cfg.protocolVersion === undefined ? undefined : byte(cfg.protocolVersion, 'protocol version'),
    ],
  ]
  for (const [type, name, value] of optional) {
    if (value === undefined) continue
    if (!value.ok) return value
    if (!acceptsWifiTlv(profile, type))
      return fail(
        profile === 'aos'
          ? `${name} (nested TLV 0x${type.toString(16).padStart(2, '0')}) makes AliOS-based firmware answer ERR after it already took the SSID and password; send only SSID, password and BSSID`
          : `${name} (nested TLV 0x${type.toString(16).padStart(2, '0')}) is not accepted by ${profile} firmware`,
        0,
      )
    tlvs.push({ type, value: value.value })
  }
  return buildTlvs(tlvs)
}

/** The EXT_DOWN payload for a Wi-Fi config: TLV 0x06 around the nested TLVs. */
export function buildWifiConfigPayload(cfg: WifiConfigInput, profile: WifiConfigProfile = 'aos'): Result<Uint8Array> {
  const nested = buildWifiConfigValue(cfg, profile)
  if (!nested.ok) return nested
  if (nested.value.length > 0xff) return fail(`Wi-Fi config of ${nested.value.length} bytes exceeds one TLV (255)`, 0)
  return buildTlvs([{ type: ExtTlv.wifiConfig, value: nested.value }])
}

/** Read the nested TLVs of TLV 0x06 (any type the newest SDK knows; unknown types are an error). */
export function parseWifiConfigValue(value: Uint8Array): Result<WifiConfig> {
  const t = parseTlvs(value)
  if (!t.ok) return t
  const cfg: Partial<WifiConfig> = {}
  let at = 0
  for (const { type, value: v } of t.value) {
    const bad = (why: string): Result<never> => fail(`nested TLV 0x${type.toString(16).padStart(2, '0')}: ${why}`, at)
    switch (type) {
      case WifiTlv.ssid:
        if (v.length < 1 || v.length > MAX_SSID) return bad(`SSID length ${v.length} outside 1..32`)
        cfg.ssid = v
        break
      case WifiTlv.password:
        if (v.length > MAX_PASSWORD) return bad(`password length ${v.length} over 64`)
        cfg.password = v
        break
      case WifiTlv.bssid:
        if (v.length !== 6) return bad(`BSSID length ${v.length} is not 6`)
        cfg.bssid = v
        break
      case WifiTlv.appToken:
        cfg.appToken = v
        break
      case WifiTlv.regionId:
      case WifiTlv.tokenType:
      case WifiTlv.protocolVersion:
        if (v.length !== 1) return bad(`length ${v.length} is not 1`)
        if (type === WifiTlv.regionId) cfg.regionId = v[0]
        else if (type === WifiTlv.tokenType) cfg.tokenType = v[0]
        else cfg.protocolVersion = v[0]
        break
      case WifiTlv.regionMqttUrl:
        if (v.length > MAX_REGION_URL) return bad(`URL length ${v.length} is 128 or more`)
        cfg.regionMqttUrl = v
        break
      case WifiTlv.random:
        if (v.length !== 3) return bad(`random length ${v.length} is not 3`)
        cfg.random = v
        break
      default:
        return bad('unknown type')
    }
    at += 2 + v.length
  }
  if (!cfg.ssid) return fail('Wi-Fi config has no SSID (nested TLV 0x01)', 0)
  return ok({ ...cfg, ssid: cfg.ssid, password: cfg.password ?? new Uint8Array(0) })
}

export interface WifiConfigReply {
  result: 'success' | 'failure'
  /** 1 success, 2 failure. */
  code: number
  /** BZ207 replies add nested 0x03 with the token type. */
  tokenType?: number
}

/** `06 03 01 01 01`, the success reply AOS and ICS send in EXT_UP. */
export const WIFI_CONFIG_SUCCESS = Uint8Array.of(0x06, 0x03, 0x01, 0x01, 0x01)

/** EXT_UP payload answering a Wi-Fi config; with `tokenType`, the BZ207 form `06 06 01 01 <1|2> 03 01 <t>`. */
export function buildWifiConfigReply(reply: { result: 'success' | 'failure'; tokenType?: number }): Result<Uint8Array> {
  const nested: Tlv[] = [{ type: 0x01, value: Uint8Array.of(reply.result === 'success' ? 1 : 2) }]
  if (reply.tokenType !== undefined) {
    if (!Number.isInteger(reply.tokenType) || reply.tokenType < 0 || reply.tokenType > 0xff)
      return fail('token type must fit one byte', 0)
    nested.push({ type: 0x03, value: Uint8Array.of(reply.tokenType) })
  }
  const inner = buildTlvs(nested)
  if (!inner.ok) return inner
  return buildTlvs([{ type: ExtTlv.wifiConfig, value: inner.value }])
}

/** Read the Wi-Fi config answer out of an EXT_UP payload. */
export function parseWifiConfigReply(extUp: Uint8Array): Result<WifiConfigReply> {
  const outer = parseTlvs(extUp)
  if (!outer.ok) return outer
  const t = outer.value.find((x) => x.type === ExtTlv.wifiConfig)
  if (!t) return fail('EXT_UP carries no TLV 0x06 (Wi-Fi config reply)', 0)
  const inner = parseTlvs(t.value)
  if (!inner.ok) return fail(`TLV 0x06 value: ${inner.error.reason}`, inner.error.offset)
  const status = inner.value.find((x) => x.type === 0x01)
  if (!status || status.value.length !== 1) return fail('Wi-Fi config reply lacks its 1-byte status (nested 0x01)', 0)
  const code = status.value[0]
  if (code !== 1 && code !== 2) return fail(`Wi-Fi config status ${code} is neither 1 (ok) nor 2 (failed)`, 0)
  const tt = inner.value.find((x) => x.type === 0x03)
  return ok({
    result: code === 1 ? 'success' : 'failure',
    code,
    ...(tt && tt.value.length === 1 ? { tokenType: tt.value[0] } : {}),
  })
}

/**
 * TLV 0x05 "network signature": SHA-256("clientId" + 8 uppercase hex of the product id + "deviceName" DN +
 * ("deviceSecret" DS | "productSecret" PS) + "productKey" PK). AOS writes the id big-endian, ICS little-endian.
 */
export function computeNetworkSignature(p: {
  productId: number
  deviceName: string
  productKey: string
  secret: string | Uint8Array
  secretType: SecretType
  productIdOrder?: 'be' | 'le'
}): Uint8Array {
  const id = p.productId >>> 0
  const be = [id >>> 24, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff]
  const bytes = p.productIdOrder === 'le' ? be.reverse() : be
  const idHex = bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')
  const h = createHash('sha256')
  h.update('clientId').update(idHex).update('deviceName').update(encodeUtf8(p.deviceName))
  h.update(p.secretType === 'per-device' ? 'deviceSecret' : 'productSecret')
  h.update(typeof p.secret === 'string' ? encodeUtf8(p.secret) : p.secret)
  h.update('productKey').update(encodeUtf8(p.productKey))
  return new Uint8Array(h.digest())
}
