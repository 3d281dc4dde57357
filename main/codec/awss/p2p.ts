import { type Result, fail, ok } from '../result'
import { packBits, packedLength, unpackBits } from './bitpack'
import { asBytes, concatBytes, cString } from './bytes'
import { checksumV3 } from './checksum'
import { decryptPasswordCfb, encryptPasswordCfb, isDeviceUtf8 } from './crypto'
import { SSID_DECODE_TABLE, SSID_ENCODE_TABLE } from './p2p-ssid-table'
import { type SsidText, describeSsid } from './ssid-text'

// PROTOCOLS-awss.md §4: Android's p2p encoding in the WPS Device Name attribute (0x1011) of a probe request:
// byte0 = enc_type << 5 | ssid_len, SSID through the inverse of Appendix A, 7-bit password symbols, BE checksum_v3.

export const P2P_ENCODE_TYPE_ENCRYPT = 1
/** WPS limits the Device Name to 32 bytes; Android phones cannot send more. */
export const P2P_MAX_VALUE_BYTES = 32
/** The device rejects ssid_len > 29 (32 minus the length byte and checksum). */
export const P2P_MAX_SSID_BYTES = 29
/** byte0, two checksum bytes. */
export const P2P_OVERHEAD_BYTES = 3
/** A decrypted password equal to this is a "prepare" frame: channel lock and full SSID only. */
export const P2P_PREPARE_PASSWORD = 'zl&ws'
/** The device treats an SSID as possibly truncated when the value is at least this long. */
export const P2P_TRUNCATION_THRESHOLD = 29
export const WPS_ATTR_DEVICE_NAME = 0x1011

export interface P2pEncodeInput {
  ssid: Uint8Array | string
  password: Uint8Array | string
  productSecret: string
  /** Write 0x00 symbols as C0 80, as Java's modified UTF-8 does on Android (the device restores them). */
  javaModifiedUtf8?: boolean
}

export interface P2pEncoding {
  /** The Device Name attribute value. */
  value: Uint8Array
  /** The SSID bytes actually carried (a suffix when truncated); the device completes it from its AP list. */
  ssidSent: Uint8Array
  ssidTruncated: boolean
  passwordSymbols: number
  ciphertext: Uint8Array
  checksum: number
}

function expandZeroSymbols(symbols: Uint8Array): Uint8Array {
  const out: number[] = []
  for (const s of symbols) {
    if (s === 0) out.push(0xc0, 0x80)
    else out.push(s)
  }
  return Uint8Array.from(out)
}

function buildValue(ssid: Uint8Array, password: Uint8Array, productSecret: string, javaModifiedUtf8: boolean): Result<P2pEncoding> {
  const ciphertext = encryptPasswordCfb(productSecret, undefined, password)
  const symbols = packBits(ciphertext, 7)
  const onAir = javaModifiedUtf8 ? expandZeroSymbols(symbols) : symbols
  const room = Math.min(P2P_MAX_SSID_BYTES, P2P_MAX_VALUE_BYTES - P2P_OVERHEAD_BYTES - onAir.length)
  if (room < 0 || (room === 0 && ssid.length > 0)) {
    return fail(`password needs ${onAir.length} symbols; with the SSID it cannot fit the ${P2P_MAX_VALUE_BYTES}-byte Device Name`, 0)
  }
  const ssidSent = ssid.length > room ? ssid.subarray(ssid.length - room) : ssid
  const mapped = ssidSent.map((b) => SSID_ENCODE_TABLE[b])
  const byte0 = (P2P_ENCODE_TYPE_ENCRYPT << 5) | ssidSent.length
  // The device checks the sum after restoring C0 80 to 00, so it covers the plain symbols.
  const checksum = checksumV3(concatBytes(Uint8Array.of(byte0), mapped, symbols))
  const value = concatBytes(Uint8Array.of(byte0), mapped, onAir, Uint8Array.of(checksum >> 8, checksum & 0xff))
  return ok({ value, ssidSent: ssidSent.slice(), ssidTruncated: ssidSent.length < ssid.length, passwordSymbols: symbols.length, ciphertext, checksum })
}

export function encodeP2pDeviceName(input: P2pEncodeInput): Result<P2pEncoding> {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  if (ssid.length > 32) return fail(`SSID is ${ssid.length} bytes; at most 32`, 0)
  if (password.length > 64) return fail(`password is ${password.length} bytes; at most 64`, 0)
  return buildValue(ssid, password, input.productSecret, input.javaModifiedUtf8 ?? false)
}

/** The "prepare" frame: password "zl&ws", carrying as much of the SSID as fits, for the device to remember. */
export function encodeP2pPrepareFrame(input: { ssid: Uint8Array | string; productSecret: string }): Result<P2pEncoding> {
  return buildValue(asBytes(input.ssid), asBytes(P2P_PREPARE_PASSWORD), input.productSecret, false)
}

export function p2pValueLength(ssidLength: number, passwordLength: number): number {
  return P2P_OVERHEAD_BYTES + ssidLength + packedLength(passwordLength, 7)
}

/** passwd_check_utf8(): any byte >= 0x80 becomes 0x00 and the byte after it is dropped. */
export function restoreModifiedUtf8(bytes: Uint8Array): { bytes: Uint8Array; restored: number } {
  const work = bytes.slice()
  let len = work.length
  let restored = 0
  for (let i = 0; i < len; i++) {
    if (work[i] < 0x80) continue
    work[i] = 0
    if (i + 2 < len) work.copyWithin(i + 1, i + 2, len)
    len--
    restored++
  }
  return { bytes: work.subarray(0, len), restored }
}

export interface P2pDecoded {
  /** 'undetermined' without a productSecret: the password cannot be read, so neither can the prepare magic. */
  kind: 'credentials' | 'prepare' | 'undetermined'
  encodeType: number
  /** SSID after the device's table, as a C string. */
  ssid: { bytes: Uint8Array } & SsidText
  /** The device will complete this SSID from its AP list by suffix (non-ASCII, or a value of 29+ bytes). */
  ssidMayBeTruncated: boolean
  ciphertext: Uint8Array
  password?: Uint8Array
  passwordTruncatedAtNul?: boolean
  /** How many C0 80 pairs (or other bytes >= 0x80) were turned back into 0x00. */
  restoredZeroSymbols: number
  checksum: { received: number; computed: number; ok: true }
}

function isAsciiCString(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0) return true
    if (b >= 0x80) return false
  }
  return true
}

/** get_ssid_passwd_from_w() on a Device Name attribute value, in the device's order. */
export function decodeP2pDeviceName(value: Uint8Array, productSecret?: string): Result<P2pDecoded> {
  if (value.length <= P2P_OVERHEAD_BYTES) return fail(`Device Name of ${value.length} bytes is too short for p2p (needs 4+)`, 0)
  const byte0 = value[0]
  const encodeType = byte0 >> 5
  const ssidLength = byte0 & 0x1f
  if (encodeType > P2P_ENCODE_TYPE_ENCRYPT) return fail(`encode type ${encodeType} is not p2p (0 or 1)`, 0)
  const passwordLength = value.length - ssidLength - P2P_OVERHEAD_BYTES
  if (ssidLength > P2P_MAX_SSID_BYTES) return fail(`SSID length ${ssidLength} exceeds ${P2P_MAX_SSID_BYTES}`, 0)
  if (passwordLength < 0) return fail(`SSID length ${ssidLength} leaves no room for the checksum`, 0)
  const crcAt = 1 + ssidLength + passwordLength
  const received = (value[crcAt] << 8) | value[crcAt + 1]
  const { bytes: symbols, restored } = restoreModifiedUtf8(value.subarray(1 + ssidLength, crcAt))
  const computed = checksumV3(concatBytes(value.subarray(0, 1 + ssidLength), symbols))
  if (received !== computed) {
    return fail(`checksum mismatch: received 0x${received.toString(16)}, computed 0x${computed.toString(16)}`, crcAt)
  }
  const ssidBytes = cString(value.subarray(1, 1 + ssidLength).map((b) => SSID_DECODE_TABLE[b]))
  if (encodeType !== P2P_ENCODE_TYPE_ENCRYPT) return fail('encode type 0 (dictionary only) is not supported by the device', 0)
  const ciphertext = unpackBits(symbols, 7)
  const decoded: P2pDecoded = {
    kind: 'undetermined',
    encodeType,
    ssid: { bytes: ssidBytes, ...describeSsid(ssidBytes) },
    ssidMayBeTruncated: !isAsciiCString(ssidBytes) || value.length >= P2P_TRUNCATION_THRESHOLD,
    ciphertext,
    restoredZeroSymbols: restored,
    checksum: { received, computed, ok: true },
  }
  if (productSecret === undefined) return ok(decoded)
  const plain = decryptPasswordCfb(productSecret, undefined, ciphertext)
  if (!isDeviceUtf8(plain)) return fail('decrypted password is not valid UTF-8 for the device (wrong product secret?)', 1 + ssidLength)
  const magic = asBytes(`${P2P_PREPARE_PASSWORD}\0`)
  // memcmp(password, "zl&ws", password_len): any prefix of the magic (with its NUL) counts.
  const prepare = plain.length > 0 && plain.length <= magic.length && plain.every((b, i) => b === magic[i])
  const password = cString(plain)
  return ok({ ...decoded, kind: prepare ? 'prepare' : 'credentials', password, passwordTruncatedAtNul: password.length < plain.length })
}

/** A minimal WPS vendor IE (00:50:F2 type 4) as an Android probe request carries it, Device Name last. */
export function buildWpsIe(deviceName: Uint8Array): Result<Uint8Array> {
  const attrs = concatBytes(
    Uint8Array.of(0x10, 0x4a, 0x00, 0x01, 0x10), // Version 1.0
    Uint8Array.of(0x10, 0x3a, 0x00, 0x01, 0x00), // Request Type: enrollee, info only
    Uint8Array.of(0x10, 0x11, deviceName.length >> 8, deviceName.length & 0xff),
    deviceName,
  )
  const bodyLength = 4 + attrs.length
  if (bodyLength > 255) return fail('WPS IE body would exceed 255 bytes', 0)
  return ok(concatBytes(Uint8Array.of(0xdd, bodyLength, 0x00, 0x50, 0xf2, 0x04), attrs))
}

/**
 * get_device_name_attr_from_wps(): walks the attributes of a whole WPS IE (from the DD byte) and returns the
 * Device Name value; unlike the device, it refuses attributes that run past the IE.
 */
export function findWpsDeviceName(ie: Uint8Array): Result<Uint8Array> {
  if (ie.length < 6 || ie[0] !== 0xdd) return fail('not a vendor-specific IE', 0)
  if (ie[2] !== 0x00 || ie[3] !== 0x50 || ie[4] !== 0xf2 || ie[5] !== 0x04) return fail('not a WPS IE (00:50:F2 type 4)', 2)
  const end = Math.min(ie.length, 2 + ie[1])
  let at = 6
  while (at < ie[1]) {
    if (at + 4 > end) return fail('WPS attribute header runs past the IE', at)
    const id = (ie[at] << 8) | ie[at + 1]
    const length = (ie[at + 2] << 8) | ie[at + 3]
    if (at + 4 + length > end) return fail(`WPS attribute 0x${id.toString(16)} runs past the IE`, at)
    if (id === WPS_ATTR_DEVICE_NAME) return ok(ie.slice(at + 4, at + 4 + length))
    at += 4 + length
  }
  return fail('no Device Name attribute in the WPS IE', at)
}
