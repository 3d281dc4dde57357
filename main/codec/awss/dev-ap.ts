import { createHash } from 'node:crypto'
import { type Result, fail, ok } from '../result'
import { asBytes, cString, fromHex, toHex } from './bytes'
import { aesCbcDecryptBlocks, aesCbcZeroPadEncrypt, decryptPasswordCbcAsDevice, encryptPasswordCbc, isDeviceUtf8 } from './crypto'
import { deviceJsonBytes, deviceJsonLookup, deviceJsonRange } from './device-json'
import { type DevInfo, devInfoMembers, isJsonObject, member, parseDevInfo } from './devinfo'
import { isPrintableAscii } from './ssid-text'

// PROTOCOLS-awss.md §6: the device hotspot. The app joins "adh_<productKey>_<MAC tail>" and sends a CoAP GET to
// /sys/awss/device/softap/switchap with the router's credentials; the password is AES-128-CBC, hex encoded.

export const SWITCHAP_TOPIC = '/sys/awss/device/softap/switchap'
export const SWITCHAP_METHOD = 'awss.device.softap.switchap'
/** Largest "passwd" the device takes: 128 hex characters (64 bytes). */
export const SWITCHAP_MAX_PASSWD_HEX = 128

/** "adh_" + productKey + "_" + the MAC's last three bytes as uppercase hex, cut to 32 characters like snprintf. */
export function devApSsid(productKey: string, mac: Uint8Array): string {
  return `adh_${productKey}_${toHex(mac.subarray(3, 6), true)}`.slice(0, 32)
}

export interface SwitchApRequestInput {
  /** Numeric: the device echoes the id unquoted, so a string id yields an invalid JSON reply. */
  id: number
  ssid: Uint8Array | string
  password: Uint8Array | string
  productSecret: string
  /** 16 random bytes (the caller's randomness; the codec has none). */
  random: Uint8Array
  /** 16-byte bind token; always send it (§6). */
  token: Uint8Array
  bssid?: Uint8Array
  /** 'esl-2.0' adds "security":"2.0": key = SHA-256(random hex text)[:16], one CBC block only. */
  security?: 'standard' | 'esl-2.0'
  /** ESL extras. */
  tokenType?: number
  region?: { type: 0 | 1; content: string }
}

export interface SwitchApRequest {
  json: string
  ssidField: 'ssid' | 'xssid'
}

/** Plain "ssid" only for printable ASCII without quote or backslash: the device reads JSON text raw. */
export function ssidNeedsHex(ssid: Uint8Array): boolean {
  return !isPrintableAscii(ssid) || ssid.includes(0x22) || ssid.includes(0x5c)
}

/** ESL "security 2.0" key: SHA-256 over the 32 hex characters of the random as sent. */
export function eslSecurityKey(randomHexText: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(randomHexText, 'latin1').digest().subarray(0, 16))
}

export function buildSwitchApRequest(input: SwitchApRequestInput): Result<SwitchApRequest> {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  if (!Number.isSafeInteger(input.id) || input.id < 0) return fail('id must be a non-negative integer (devices echo it unquoted)', 0)
  if (ssid.length === 0 || ssid.length > 32) return fail(`SSID must be 1..32 bytes, got ${ssid.length}`, 0)
  if (input.random.length !== 16) return fail(`random must be 16 bytes, got ${input.random.length}`, 0)
  if (input.token.length !== 16) return fail(`token must be 16 bytes, got ${input.token.length}`, 0)
  if (input.bssid && input.bssid.length !== 6) return fail(`BSSID must be 6 bytes, got ${input.bssid.length}`, 0)
  if (password.includes(0)) return fail('password contains a NUL byte; the device would cut it there', 0)
  if (password.length * 2 > SWITCHAP_MAX_PASSWD_HEX) return fail(`password is ${password.length} bytes; at most 64`, 0)
  const randomHex = toHex(input.random)
  let passwdHex: string | undefined
  if (password.length > 0) {
    if (input.security === 'esl-2.0') {
      if (password.length > 16) return fail('security 2.0 carries one AES block: passwords over 16 bytes are not supported', 0)
      const encrypted = aesCbcZeroPadEncrypt(eslSecurityKey(randomHex), input.random, password)
      if (!encrypted.ok) return encrypted
      passwdHex = toHex(encrypted.value)
    } else {
      passwdHex = toHex(encryptPasswordCbc(input.productSecret, input.random, password))
    }
  }
  const useHex = ssidNeedsHex(ssid)
  const params: Record<string, string | number> = {}
  if (input.security === 'esl-2.0') params.security = '2.0'
  if (useHex) params.xssid = toHex(ssid)
  else params.ssid = new TextDecoder('latin1').decode(ssid)
  if (input.bssid) params.bssid = Array.from(input.bssid, (b) => toHex(Uint8Array.of(b))).join(':')
  params.random = randomHex
  if (passwdHex !== undefined) params.passwd = passwdHex
  params.token = toHex(input.token, true)
  if (input.tokenType !== undefined) params.tokenType = Math.trunc(input.tokenType)
  if (input.region) {
    params.regionType = input.region.type
    params.regionContent = input.region.content
  }
  const json = JSON.stringify({ id: input.id, version: '1.0', method: SWITCHAP_METHOD, params })
  return ok({ json, ssidField: useHex ? 'xssid' : 'ssid' })
}

// ----------------------------------------------------------------------------------------------- device side

export type SwitchApVariant = 'ik32' | 'esl'

export type SwitchApDecision =
  /** The device sends nothing at all (it found no "params"). */
  | { reply: 'none'; reason: string }
  | { reply: 'error'; code: -1 | -3 | -4; message: string; idText: string }
  | {
      reply: 'ok'
      code: 200
      idText: string
      ssid: Uint8Array
      password: Uint8Array
      /** All zero when the request had none or it did not parse. */
      bssid: Uint8Array
      /** The app's token when a 32-hex "token" was sent; else the device uses its own random. */
      token?: Uint8Array
      securityV2: boolean
    }

/** LITE_hexstr_convert: odd lengths convert nothing; non-hex characters count as 0. */
function deviceHexToBytes(text: Uint8Array, outLength: number): Uint8Array {
  const out = new Uint8Array(outLength)
  if (text.length % 2 !== 0) return out
  const nibble = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 0)
  for (let i = 0; i < text.length / 2 && i < outLength; i++) out[i] = (nibble(text[2 * i]) << 4) | nibble(text[2 * i + 1])
  return out
}

const isXDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)

/** os_wifi_str2mac: strtol(…, 16) six times from the value start, skipping one character after each number. */
function deviceStrToMac(buf: Uint8Array, start: number): Uint8Array | undefined {
  const mac = new Uint8Array(6)
  let p = start
  let i = 0
  while (i < 6 && p < buf.length && isXDigit(buf[p])) {
    if (buf[p] === 0x30 && (buf[p + 1] === 0x78 || buf[p + 1] === 0x58) && p + 2 < buf.length && isXDigit(buf[p + 2])) p += 2
    let value = 0
    let digits = 0
    while (p < buf.length && isXDigit(buf[p])) {
      const c = buf[p]
      value = (value * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57)) % 2 ** 32
      digits++
      p++
    }
    // strtol saturates at LONG_MAX, whose low byte is 0xFF.
    mac[i++] = digits > 15 ? 0xff : value & 0xff
    p++
  }
  return i < 6 ? undefined : mac
}

/**
 * wifimgr_process_dev_ap_switchap_request() as a pure function: the device's JSON lookups (device-json.ts), its
 * length rules and order of checks, and its decryption. IK32 = iotkit v3.2.0; ESL adds "security":"2.0".
 */
export function handleSwitchApRequest(payload: Uint8Array | string, options: { productSecret: string; variant?: SwitchApVariant }): SwitchApDecision {
  const buf = asBytes(payload)
  const idValue = deviceJsonLookup(buf, 'id')
  const idText = idValue ? new TextDecoder('latin1').decode(deviceJsonBytes(buf, idValue).subarray(0, 15)) : ''
  const paramsValue = deviceJsonLookup(buf, 'params')
  if (!paramsValue) return { reply: 'none', reason: 'the device found no "params" in the request and sends no reply' }
  const params = deviceJsonRange(paramsValue)
  const lookup = (key: string) => deviceJsonLookup(buf, key, params)

  const security = options.variant === 'esl' ? lookup('security') : undefined
  const securityV2 = security !== undefined && security.length === 3 && new TextDecoder('latin1').decode(deviceJsonBytes(buf, security)) === '2.0'

  let ssid: Uint8Array
  const ssidValue = lookup('ssid')
  if (ssidValue && ssidValue.length < 33) {
    ssid = cString(deviceJsonBytes(buf, ssidValue))
  } else {
    const xssid = lookup('xssid')
    if (!xssid || xssid.length >= 65) return { reply: 'error', code: -1, message: 'ssid error', idText }
    const decoded = deviceHexToBytes(deviceJsonBytes(buf, xssid), 33)
    ssid = cString(decoded.subarray(0, Math.floor(xssid.length / 2)))
  }

  const randomValue = lookup('random')
  if (!randomValue || randomValue.length !== 32) return { reply: 'error', code: -4, message: 'random len error', idText }
  const randomText = deviceJsonBytes(buf, randomValue)
  const random = deviceHexToBytes(randomText, 16)

  const tokenValue = lookup('token')
  const token = tokenValue && tokenValue.length === 32 ? deviceHexToBytes(deviceJsonBytes(buf, tokenValue), 16) : undefined

  const bssidValue = lookup('bssid')
  const bssid = (bssidValue && deviceStrToMac(buf, bssidValue.start)) || new Uint8Array(6)

  const passwdValue = lookup('passwd')
  const passwdLength = passwdValue?.length ?? 0
  if (passwdLength >= SWITCHAP_MAX_PASSWD_HEX + 1) return { reply: 'error', code: -3, message: 'passwd len error', idText }
  const passwdText = passwdValue ? deviceJsonBytes(buf, passwdValue) : new Uint8Array(0)
  const cipher = deviceHexToBytes(passwdText, Math.floor(passwdText.length / 2))
  let password: Uint8Array
  if (securityV2) {
    const block = new Uint8Array(16)
    block.set(cipher.subarray(0, 16))
    const plain = aesCbcDecryptBlocks(eslSecurityKey(new TextDecoder('latin1').decode(randomText)), random, block)
    password = plain.ok ? cString(plain.value) : new Uint8Array(0)
  } else {
    // blocks = hex length / 32, as the device computes it.
    password = decryptPasswordCbcAsDevice(options.productSecret, random, cipher.subarray(0, Math.floor(passwdLength / 32) * 16))
  }
  if (!isDeviceUtf8(password)) return { reply: 'error', code: -3, message: 'passwd content error', idText }
  return { reply: 'ok', code: 200, idText, ssid, password, bssid, token, securityV2 }
}

/** The device's reply text: {"id":<id as received, unquoted>,"code":<n>,"data":<data>}. */
export function buildSwitchApReply(idText: string, code: number, data: DevInfo | string, extra?: { token?: Uint8Array; remainTimeMs?: number }): string {
  const dataText =
    typeof data === 'string'
      ? JSON.stringify(data)
      : `{${devInfoMembers(data)}${extra?.token ? `,"token":"${toHex(extra.token, true)}","remainTime":${Math.trunc(extra.remainTimeMs ?? 90_000)},"type":0` : ''}}`
  return `{"id":${idText},"code":${Math.trunc(code)},"data":${dataText}}`
}

// ----------------------------------------------------------------------------------------------- app side

export interface SwitchApResponse {
  id: string
  code: number
  accepted: boolean
  /** The device's error text for negative codes ("ssid error", "random len error", ...). */
  message?: string
  device?: DevInfo
  token?: Uint8Array
  remainTimeMs?: number
  /** The reply had the id unquoted (a string id was sent) and was repaired to read it. */
  idWasUnquoted: boolean
}

const KNOWN_ERRORS: Record<number, string> = { [-1]: 'ssid error', [-3]: 'password error', [-4]: 'random len error' }
const MAX_RESPONSE = 4096

function parseLoose(text: string): { value: unknown; repaired: boolean } | undefined {
  try {
    return { value: JSON.parse(text), repaired: false }
  } catch {
    // A string id comes back unquoted: {"id":abc,"code":...}. Quote it and try once more.
    const match = /^\s*\{\s*"id"\s*:\s*([^",{}[\]\s][^,{}]*?)\s*,/.exec(text)
    if (!match) return undefined
    try {
      JSON.parse(match[1])
      return undefined
    } catch {
      const start = text.indexOf(match[1], text.indexOf('"id"'))
      const repaired = `${text.slice(0, start)}${JSON.stringify(match[1])}${text.slice(start + match[1].length)}`
      try {
        return { value: JSON.parse(repaired), repaired: true }
      } catch {
        return undefined
      }
    }
  }
}

export function parseSwitchApResponse(text: string): Result<SwitchApResponse> {
  if (typeof text !== 'string') return fail('switchap reply is not text', 0)
  if (text.length > MAX_RESPONSE) return fail(`switchap reply is longer than ${MAX_RESPONSE} characters`, MAX_RESPONSE)
  const parsed = parseLoose(text)
  if (!parsed) return fail('switchap reply is not valid JSON', 0)
  if (!isJsonObject(parsed.value)) return fail('switchap reply is not a JSON object', 0)
  const obj = parsed.value
  const rawId = member(obj, 'id')
  if (typeof rawId !== 'string' && typeof rawId !== 'number') return fail('switchap reply has no "id"', 0)
  const code = member(obj, 'code')
  if (typeof code !== 'number' || !Number.isInteger(code)) return fail('switchap reply has no integer "code"', 0)
  const data = member(obj, 'data')
  const response: SwitchApResponse = { id: String(rawId), code, accepted: code === 200, idWasUnquoted: parsed.repaired }
  if (code !== 200) {
    response.message = typeof data === 'string' ? data.slice(0, 200) : KNOWN_ERRORS[code] ?? `device error code ${code}`
    return ok(response)
  }
  if (!isJsonObject(data)) return fail('switchap reply with code 200 has no "data" object', 0)
  const device = parseDevInfo(data)
  if (!device.ok) return device
  response.device = device.value
  const token = member(data, 'token')
  if (token !== undefined) {
    if (typeof token !== 'string') return fail('switchap reply "token" is not a string', 0)
    const bytes = fromHex(token)
    if (!bytes.ok || bytes.value.length !== 16) return fail('switchap reply "token" is not 32 hex characters', 0)
    response.token = bytes.value
  }
  const remain = member(data, 'remainTime')
  if (typeof remain === 'number' && Number.isInteger(remain)) response.remainTimeMs = remain
  return ok(response)
}
