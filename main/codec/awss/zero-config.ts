import { type Result, fail, ok } from '../result'
import { asBytes, bytesEqual, concatBytes, cString } from './bytes'
import {
  AWSS_RANDOM_LENGTH,
  aesCfbEncrypt,
  decryptPasswordCfb,
  deriveAwssKey,
  deviceSignature,
  encryptPasswordCfb,
  isDeviceUtf8,
  normalizeRandom,
} from './crypto'
import { type SsidText, describeSsid } from './ssid-text'

// PROTOCOLS-awss.md §5: zero-config. Enrollee (0xAA), registrar (0xAB) and mode-switch (0xAC) vendor IEs under
// Alibaba's OUI D8:96:E0, carried in raw probe requests built on the device's 46-byte template.

export const ALIBABA_OUI = Uint8Array.of(0xd8, 0x96, 0xe0)
export const IE_TYPE_ENROLLEE = 0xaa
export const IE_TYPE_REGISTRAR = 0xab
export const IE_TYPE_MODE_SWITCH = 0xac
/** version 0 (bits 7-4), device type 1 = alink_cloud (bits 3-0). */
export const DEVICE_TYPE_VERSION_0 = 0x01
/** version 1 (app token capable), used by the ESL mode switch. */
export const DEVICE_TYPE_VERSION_1 = 0x11
export const SIGN_LENGTH = 20
export const ESL_TOKEN_LENGTH = 16
/** The enrollee looks for IEs from here: offsetof(ieee80211_mgmt, u.probe_resp.variable). */
export const ENROLLEE_IE_SEARCH_OFFSET = 36

// fc 40 00 | duration | DA ff×6 | SA | BSSID ff×6 | seq C0 79 | SSID IE (empty) | Rates | ExtRates
const TEMPLATE_HEAD = Uint8Array.of(0x40, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
const TEMPLATE_AFTER_SA = Uint8Array.of(
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0x79,
  0x00, 0x00,
  0x01, 0x08, 0x82, 0x84, 0x8b, 0x96, 0x8c, 0x92, 0x98, 0xa4,
  0x32, 0x04, 0xb0, 0x48, 0x60, 0x6c,
)
/** The template's fixed trailer: the device appends these 4 bytes where an FCS would be. */
export const TEMPLATE_TRAILER = Uint8Array.of(0x3f, 0x84, 0x10, 0x9e)
export const PROBE_TEMPLATE_LENGTH = 46

/**
 * The device's probe-request template with `vendorIe` inserted before the 4 trailer bytes: 42 bytes of header and
 * IEs (the ExtRates IE starts at byte 36, where the enrollee begins its search), the IE, then 3F 84 10 9E.
 */
export function buildZeroConfigProbeRequest(source: Uint8Array, vendorIe: Uint8Array): Result<Uint8Array> {
  if (source.length !== 6) return fail(`source MAC must be 6 bytes, got ${source.length}`, 10)
  return ok(concatBytes(TEMPLATE_HEAD, source, TEMPLATE_AFTER_SA, vendorIe, TEMPLATE_TRAILER))
}

function vendorIe(type: number, body: Uint8Array): Result<Uint8Array> {
  const length = 4 + body.length
  if (length > 255) return fail(`vendor IE body would be ${length} bytes (at most 255)`, 1)
  return ok(concatBytes(Uint8Array.of(0xdd, length), ALIBABA_OUI, Uint8Array.of(type), body))
}

function checkIeHeader(ie: Uint8Array, type: number, name: string): Result<true> {
  if (ie.length < 2 || ie[0] !== 0xdd) return fail(`${name} IE must start with element ID 0xDD`, 0)
  if (ie[1] + 2 > ie.length) return fail(`${name} IE length ${ie[1]} runs past the ${ie.length} bytes given`, 1)
  if (ie[1] < 4 || ie[2] !== 0xd8 || ie[3] !== 0x96 || ie[4] !== 0xe0) return fail(`${name} IE is not under Alibaba's OUI D8:96:E0`, 2)
  if (ie[5] !== type) return fail(`vendor type 0x${ie[5].toString(16)} is not ${name} (0x${type.toString(16)})`, 5)
  return ok(true)
}

/** Sequential reader over one IE body; errors carry the offset within the IE. */
class IeReader {
  at: number
  constructor(
    private readonly ie: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.at = start
  }
  byte(what: string): Result<number> {
    if (this.at >= this.end) return fail(`IE ends before ${what}`, this.at)
    return ok(this.ie[this.at++])
  }
  bytes(count: number, what: string): Result<Uint8Array> {
    if (this.at + count > this.end) return fail(`${what} (${count} bytes) runs past the end of the IE`, this.at)
    const out = this.ie.slice(this.at, this.at + count)
    this.at += count
    return ok(out)
  }
  lengthPrefixed(what: string): Result<Uint8Array> {
    const n = this.byte(`${what} length`)
    return n.ok ? this.bytes(n.value, what) : n
  }
  get remaining(): number {
    return this.end - this.at
  }
}

// ---------------------------------------------------------------------------------------------- enrollee (0xAA)

export interface EnrolleeIeFields {
  versionByte: number
  deviceName: string
  frameType: number
  productKey: string
  random: Uint8Array
  /** 3 per product, 4 per device, 5 manufacturer. */
  security: number
  /** 0 HMAC-SHA1, 1 HMAC-SHA256 (reserved). */
  signMethod: number
  sign: Uint8Array
}

export interface EnrolleeIeInput {
  deviceName: string
  productKey: string
  random: Uint8Array
  /** The secret that signs: productSecret for security 3, deviceSecret for 4. */
  secret: string
  security?: number
}

export function buildEnrolleeIe(input: EnrolleeIeInput): Result<Uint8Array> {
  const dn = asBytes(input.deviceName)
  const pk = asBytes(input.productKey)
  if (dn.length > 64) return fail(`deviceName is ${dn.length} bytes; at most 64`, 0)
  if (pk.length > 20) return fail(`productKey is ${pk.length} bytes; at most 20`, 0)
  if (input.random.length !== AWSS_RANDOM_LENGTH) return fail(`random must be 16 bytes, got ${input.random.length}`, 0)
  const sign = deviceSignature(input.secret, input.random, input.deviceName, input.productKey)
  const body = concatBytes(
    Uint8Array.of(DEVICE_TYPE_VERSION_0, dn.length),
    dn,
    Uint8Array.of(0x00, pk.length),
    pk,
    Uint8Array.of(AWSS_RANDOM_LENGTH),
    input.random,
    Uint8Array.of(input.security ?? 3, 0x00, SIGN_LENGTH),
    sign,
  )
  return vendorIe(IE_TYPE_ENROLLEE, body)
}

const latin = new TextDecoder('latin1')
const text = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return latin.decode(bytes)
  }
}

export function parseEnrolleeIe(ie: Uint8Array): Result<EnrolleeIeFields> {
  const header = checkIeHeader(ie, IE_TYPE_ENROLLEE, 'enrollee')
  if (!header.ok) return header
  const r = new IeReader(ie, 6, 2 + ie[1])
  const versionByte = r.byte('version/device type')
  if (!versionByte.ok) return versionByte
  const dn = r.lengthPrefixed('deviceName')
  if (!dn.ok) return dn
  const frameType = r.byte('frame type')
  if (!frameType.ok) return frameType
  const pk = r.lengthPrefixed('productKey')
  if (!pk.ok) return pk
  const random = r.lengthPrefixed('random')
  if (!random.ok) return random
  const security = r.byte('security')
  if (!security.ok) return security
  const signMethod = r.byte('sign method')
  if (!signMethod.ok) return signMethod
  const sign = r.lengthPrefixed('sign')
  if (!sign.ok) return sign
  if (random.value.length !== AWSS_RANDOM_LENGTH) return fail(`enrollee random is ${random.value.length} bytes, expected 16`, 0)
  return ok({
    versionByte: versionByte.value,
    deviceName: text(dn.value),
    frameType: frameType.value,
    productKey: text(pk.value),
    random: random.value,
    security: security.value,
    signMethod: signMethod.value,
    sign: sign.value,
  })
}

/** Checks an enrollee's signature with the secret the registrar (or cloud) holds. */
export function verifyEnrolleeSign(fields: EnrolleeIeFields, secret: string): boolean {
  return fields.signMethod === 0 && bytesEqual(fields.sign, deviceSignature(secret, fields.random, fields.deviceName, fields.productKey))
}

// --------------------------------------------------------------------------------------------- registrar (0xAB)

export interface RegistrarIeInput {
  /** Echo of the enrollee's 20-byte sign (the enrollee compares it). */
  sign: Uint8Array
  ssid: Uint8Array | string
  password: Uint8Array | string
  bssid: Uint8Array
  /** The enrollee's 16-byte random: IV, and with productSecret the key input. */
  enrolleeRandom: Uint8Array
  /** key = SHA256(productSecret || ',' || random)[:16]; or pass `key` as the cloud's cipher/get secret. */
  productSecret?: string
  key?: Uint8Array
  versionByte?: number
  /** ESL extension: 16-byte app token (length byte 16 + token), then optional token type and region id. */
  token?: Uint8Array
  tokenType?: number
  regionId?: number
}

export interface RegistrarIeFields {
  versionByte: number
  sign: Uint8Array
  frameType: number
  ssid: { bytes: Uint8Array } & SsidText
  passwordCipher: Uint8Array
  bssid: Uint8Array
  token?: Uint8Array
  tokenType?: number
  regionId?: number
}

export function buildRegistrarIe(input: RegistrarIeInput): Result<Uint8Array> {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  if (ssid.length > 32) return fail(`SSID is ${ssid.length} bytes; the enrollee accepts at most 32`, 0)
  if (password.length > 64) return fail(`password is ${password.length} bytes; the enrollee accepts at most 64`, 0)
  if (input.bssid.length !== 6) return fail(`BSSID must be 6 bytes, got ${input.bssid.length}`, 0)
  if (input.sign.length > 255) return fail('sign is longer than 255 bytes', 0)
  if (input.enrolleeRandom.length !== AWSS_RANDOM_LENGTH) return fail(`enrollee random must be 16 bytes, got ${input.enrolleeRandom.length}`, 0)
  let cipher: Uint8Array
  if (input.key) {
    const encrypted = aesCfbEncrypt(input.key, input.enrolleeRandom, password)
    if (!encrypted.ok) return encrypted
    cipher = encrypted.value
  } else if (input.productSecret !== undefined) {
    cipher = encryptPasswordCfb(input.productSecret, input.enrolleeRandom, password)
  } else {
    return fail('registrar IE needs a productSecret or the cloud-issued key to encrypt the password', 0)
  }
  const parts = [
    Uint8Array.of(input.versionByte ?? DEVICE_TYPE_VERSION_0, input.sign.length),
    input.sign,
    Uint8Array.of(0x01, ssid.length),
    ssid,
    Uint8Array.of(cipher.length),
    cipher,
    input.bssid,
  ]
  if (input.token) {
    if (input.token.length !== ESL_TOKEN_LENGTH) return fail(`ESL token must be ${ESL_TOKEN_LENGTH} bytes, got ${input.token.length}`, 0)
    parts.push(Uint8Array.of(ESL_TOKEN_LENGTH), input.token)
    if (input.tokenType !== undefined) parts.push(Uint8Array.of(input.tokenType & 0xff))
    if (input.regionId !== undefined) parts.push(Uint8Array.of(input.regionId & 0xff))
  }
  return vendorIe(IE_TYPE_REGISTRAR, concatBytes(...parts))
}

export function parseRegistrarIe(ie: Uint8Array): Result<RegistrarIeFields> {
  const header = checkIeHeader(ie, IE_TYPE_REGISTRAR, 'registrar')
  if (!header.ok) return header
  const r = new IeReader(ie, 6, 2 + ie[1])
  const versionByte = r.byte('version/device type')
  if (!versionByte.ok) return versionByte
  const sign = r.lengthPrefixed('sign')
  if (!sign.ok) return sign
  const frameType = r.byte('frame type')
  if (!frameType.ok) return frameType
  const ssid = r.lengthPrefixed('SSID')
  if (!ssid.ok) return ssid
  const cipher = r.lengthPrefixed('password')
  if (!cipher.ok) return cipher
  const bssid = r.bytes(6, 'BSSID')
  if (!bssid.ok) return bssid
  const fields: RegistrarIeFields = {
    versionByte: versionByte.value,
    sign: sign.value,
    frameType: frameType.value,
    ssid: { bytes: ssid.value, ...describeSsid(ssid.value) },
    passwordCipher: cipher.value,
    bssid: bssid.value,
  }
  if (r.remaining > ESL_TOKEN_LENGTH && ie[r.at] === ESL_TOKEN_LENGTH) {
    r.at += 1
    const token = r.bytes(ESL_TOKEN_LENGTH, 'token')
    if (token.ok) fields.token = token.value
    if (r.remaining >= 1) fields.tokenType = ie[r.at++]
    if (r.remaining >= 1) fields.regionId = ie[r.at++]
  }
  return ok(fields)
}

/** The enrollee's decryption: CFB with key(productSecret, own random) and IV = own random, then is_utf8. */
export function decryptRegistrarPassword(cipher: Uint8Array, productSecret: string, enrolleeRandom: Uint8Array): Result<Uint8Array> {
  const plain = decryptPasswordCfb(productSecret, enrolleeRandom, cipher)
  if (!isDeviceUtf8(plain)) return fail('decrypted password is not valid UTF-8 for the device (wrong key or random?)', 0)
  return ok(cString(plain))
}

export function registrarKey(productSecret: string, enrolleeRandom: Uint8Array): Uint8Array {
  return deriveAwssKey(productSecret, normalizeRandom(enrolleeRandom))
}

/**
 * cfg80211_find_vendor_ie() as the device runs it over a frame from `start`: the first D8:96:E0 IE of `type`
 * whose declared length fits in the frame.
 */
export function findAlibabaIe(frame: Uint8Array, type: number, start = ENROLLEE_IE_SEARCH_OFFSET): Result<{ ie: Uint8Array; offset: number }> {
  let at = start
  const end = frame.length
  while (at < end) {
    // cfg80211_find_ie(221): skip to the next vendor IE.
    while (end - at > 2 && frame[at] !== 0xdd) at += frame[at + 1] + 2
    if (end - at < 2 || 2 + frame[at + 1] > end - at) return fail('no Alibaba vendor IE of that type (or an IE runs past the frame)', Math.min(at, end))
    const length = frame[at + 1]
    if (length >= 6 && frame[at + 2] === 0xd8 && frame[at + 3] === 0x96 && frame[at + 4] === 0xe0 && frame[at + 5] === type) {
      return ok({ ie: frame.slice(at, at + 2 + length), offset: at })
    }
    at += 2 + length
  }
  return fail('no Alibaba vendor IE of that type', end)
}

export interface EnrolleeIdentity {
  /** The sign this enrollee put in its own 0xAA IE. */
  ownSign: Uint8Array
  productSecret: string
  /** The enrollee's own random (from its 0xAA IE). */
  random: Uint8Array
  /** 'ik32' requires version byte exactly 0x01; 'esl' only device type 1 in the low nibble (and reads a token). */
  variant?: 'ik32' | 'esl'
}

export interface EnrolleeAcceptance {
  ssid: { bytes: Uint8Array } & SsidText
  password: Uint8Array
  bssid: Uint8Array
  token?: Uint8Array
}

/**
 * What an enrollee does with a received probe request/response (from the 802.11 header on, no FCS): find the
 * registrar IE from byte 36, then decrypt_ssid_passwd(). The sign is compared over the registrar's sign length,
 * as the device does.
 */
export function enrolleeAcceptRegistrarFrame(frame: Uint8Array, me: EnrolleeIdentity): Result<EnrolleeAcceptance> {
  if (frame.length < 2) return fail('frame too short', 0)
  const subtype = frame[0] & 0xfc
  if (subtype !== 0x40 && subtype !== 0x50) return fail('not a probe request or probe response', 0)
  if (frame.length < ENROLLEE_IE_SEARCH_OFFSET) return fail('frame ends before byte 36', frame.length)
  const found = findAlibabaIe(frame, IE_TYPE_REGISTRAR)
  if (!found.ok) return found
  const ie = found.value.ie
  const base = found.value.offset
  const version = ie[6]
  const versionOk = me.variant === 'esl' ? (version & 0x0f) === 1 : version === DEVICE_TYPE_VERSION_0
  if (!versionOk) return fail(`registrar version/device type 0x${version.toString(16)} not supported`, base + 6)
  const fields = parseRegistrarIe(ie)
  if (!fields.ok) return fail(fields.error.reason, base + fields.error.offset)
  const f = fields.value
  if (!bytesEqual(f.sign, me.ownSign.subarray(0, f.sign.length)) || f.sign.length > me.ownSign.length) {
    return fail('registrar IE carries another device\'s sign', base + 8)
  }
  if (f.frameType !== 1) return fail(`registrar frame type ${f.frameType} is not 1`, base + 8 + f.sign.length)
  if (f.ssid.bytes.length >= 33) return fail(`registrar SSID length ${f.ssid.bytes.length} is invalid`, base)
  if (f.passwordCipher.length >= 65) return fail(`registrar password length ${f.passwordCipher.length} is invalid`, base)
  const password = decryptRegistrarPassword(f.passwordCipher, me.productSecret, me.random)
  if (!password.ok) return fail(password.error.reason, base)
  const ssidBytes = cString(f.ssid.bytes)
  return ok({
    ssid: { bytes: ssidBytes, ...describeSsid(ssidBytes) },
    password: password.value,
    bssid: f.bssid,
    token: me.variant === 'esl' ? f.token : undefined,
  })
}

// ------------------------------------------------------------------------------------------- mode switch (0xAC)

export interface ModeSwitchIeFields {
  versionByte: number
  frameType: number
  /** 0 = switch to zero-config. */
  switchToMode: number
  /** In units of 10 s (the ESL registrar sends 12 = 120 s). */
  timeoutTens: number
  apChannel: number
  /** Empty = any product. */
  productKey: string
}

export function buildModeSwitchIe(input: { switchToMode?: number; timeoutTens?: number; apChannel: number; productKey?: string; versionByte?: number }): Result<Uint8Array> {
  const pk = asBytes(input.productKey ?? '')
  if (pk.length > 20) return fail(`productKey is ${pk.length} bytes; at most 20`, 0)
  const body = concatBytes(
    Uint8Array.of(input.versionByte ?? DEVICE_TYPE_VERSION_1, 0x02, input.switchToMode ?? 0, input.timeoutTens ?? 12, input.apChannel & 0xff, pk.length),
    pk,
  )
  return vendorIe(IE_TYPE_MODE_SWITCH, body)
}

export function parseModeSwitchIe(ie: Uint8Array): Result<ModeSwitchIeFields> {
  const header = checkIeHeader(ie, IE_TYPE_MODE_SWITCH, 'mode-switch')
  if (!header.ok) return header
  const r = new IeReader(ie, 6, 2 + ie[1])
  const head = r.bytes(5, 'mode-switch fields')
  if (!head.ok) return head
  const pk = r.lengthPrefixed('productKey')
  if (!pk.ok) return pk
  const [versionByte, frameType, switchToMode, timeoutTens, apChannel] = head.value
  return ok({ versionByte, frameType, switchToMode, timeoutTens, apChannel, productKey: text(pk.value) })
}

/** A dev-AP device acts on the IE only for version 0x11, frame type 2, and its own productKey (or none). */
export function modeSwitchAppliesTo(fields: ModeSwitchIeFields, productKey: string): boolean {
  if (fields.versionByte !== DEVICE_TYPE_VERSION_1 || fields.frameType !== 2) return false
  return fields.productKey === '' || fields.productKey === productKey
}
