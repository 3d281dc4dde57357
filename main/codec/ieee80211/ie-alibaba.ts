// Alibaba zero-config vendor elements (OUI D8:96:E0), PROTOCOLS-awss.md section 5: enrollee 0xAA,
// registrar 0xAB and mode switch 0xAC. Field names follow that section. The registrar's password stays
// ciphertext here; decrypting it needs the product secret and belongs to the awss layer.
import { fail, ok, type Result } from '../result.js'
import { ByteCursor } from './byte-cursor.js'
import type { AlibabaEnrolleeIe, AlibabaModeSwitchIe, AlibabaRegistrarIe } from './ie-types.js'
import { toHex } from '../bytes.js'
import { formatMac } from './mac-address.js'
import { ssidDisplay } from './ssid-text.js'

export const ALIBABA_OUI = 'd8:96:e0'
export const ALIBABA_ENROLLEE_TYPE = 0xaa
export const ALIBABA_REGISTRAR_TYPE = 0xab
export const ALIBABA_MODE_SWITCH_TYPE = 0xac

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes)
const hex = (bytes: Uint8Array) => toHex(bytes)

function truncated(name: string, c: ByteCursor): Result<never> {
  return fail(`Alibaba ${name} element ends before all its fields`, c.shortAt)
}

/** `start` is the first byte after the OUI and type; `end` the end of the element value. */
export function decodeAlibabaEnrollee(b: Uint8Array, start: number, end: number): Result<AlibabaEnrolleeIe> {
  const c = new ByteCursor(b, start, end)
  const verDevtype = c.u8()
  const deviceName = c.lengthPrefixed()
  const frameType = c.u8()
  const productKey = c.lengthPrefixed()
  const random = c.lengthPrefixed()
  const security = c.u8()
  const signMethod = c.u8()
  const sign = c.lengthPrefixed()
  if (sign === undefined || signMethod === undefined || security === undefined || random === undefined)
    return truncated('enrollee', c)
  return ok({
    kind: 'alibaba-enrollee',
    verDevtype: verDevtype!,
    deviceName: ssidDisplay(deviceName!),
    deviceNameBytes: deviceName!,
    frameType: frameType!,
    productKey: latin1(productKey!),
    random: hex(random),
    security,
    signMethod,
    sign: hex(sign),
  })
}

export function decodeAlibabaRegistrar(b: Uint8Array, start: number, end: number): Result<AlibabaRegistrarIe> {
  const c = new ByteCursor(b, start, end)
  const verDevtype = c.u8()
  const sign = c.lengthPrefixed()
  const frameType = c.u8()
  const ssid = c.lengthPrefixed()
  const passwd = c.lengthPrefixed()
  const bssid = c.take(6)
  if (bssid === undefined) return truncated('registrar', c)
  const ie: AlibabaRegistrarIe = {
    kind: 'alibaba-registrar',
    verDevtype: verDevtype!,
    sign: hex(sign!),
    frameType: frameType!,
    ssid: ssidDisplay(ssid!),
    ssidBytes: ssid!,
    passwd: hex(passwd!),
    bssid: formatMac(bssid),
  }
  // The ESL SDK appends token, token type and region id; IK32 registrars stop at the BSSID.
  if (c.remaining > 0) {
    const token = c.lengthPrefixed()
    if (token === undefined) return truncated('registrar token', c)
    ie.token = hex(token)
    const tokenType = c.u8()
    if (tokenType !== undefined) ie.tokenType = tokenType
    const regionId = c.u8()
    if (regionId !== undefined) ie.regionId = regionId
  }
  return ok(ie)
}

export function decodeAlibabaModeSwitch(b: Uint8Array, start: number, end: number): Result<AlibabaModeSwitchIe> {
  const c = new ByteCursor(b, start, end)
  const verDevtype = c.u8()
  const frameType = c.u8()
  const switchToMode = c.u8()
  const switchTimeout = c.u8()
  const apChannel = c.u8()
  const productKey = c.lengthPrefixed()
  if (productKey === undefined) return truncated('mode-switch', c)
  return ok({
    kind: 'alibaba-mode-switch',
    verDevtype: verDevtype!,
    frameType: frameType!,
    switchToMode: switchToMode!,
    switchTimeout: switchTimeout!,
    apChannel: apChannel!,
    productKey: latin1(productKey),
  })
}
