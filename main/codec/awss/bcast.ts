import { type CodecError, type Result, fail, ok } from '../result'
import { packBits, packedLength, unpackBits } from './bitpack'
import { asBytes, cString } from './bytes'
import { checksumV3 } from './checksum'
import { decryptPasswordCfb, encryptPasswordCfb, isDeviceUtf8 } from './crypto'
import { type SsidText, describeSsid } from './ssid-text'

// PROTOCOLS-awss.md §2: one-key smartconfig, broadcast encoding. Information travels only in UDP payload
// lengths: group markers, then ((j+1) << 7) | v for the j-th value (1..8) of each group of eight.

export const BCAST_START_FRAME = 0x4e0
export const BCAST_GROUP_FRAME = 0x3e0
/** The device's is_group_frame() accepts 0x3E1..0x3F0, i.e. groups 1..16 (16 is out of range for data). */
export const BCAST_LAST_GROUP_MARKER = BCAST_GROUP_FRAME + 16
export const BCAST_GROUP_SIZE = 8
export const BCAST_MAX_VALUES = 127
export const BCAST_MAX_SSID_BYTES = 32
export const BCAST_MAX_PASSWORD_BYTES = 64

export const BCAST_FLAG_SSID_PRESENT = 0x01
export const BCAST_FLAG_ENCRYPTION_MASK = 0x06
export const BCAST_FLAG_SSID_PACKED = 0x20
/** Password encryption type 2 (AES-CFB) in flag bits 1-2; 0 (open) and 1 (cipher) are rejected by the device. */
export const BCAST_ENCRYPTION_AES_CFB = 2

export type BcastSsidMode = 'ascii' | 'packed' | 'omit'

export interface BcastEncodeInput {
  ssid: Uint8Array | string
  password: Uint8Array | string
  productSecret: string
  ssidMode: BcastSsidMode
}

export interface BcastEncoding {
  /** The 7-bit values at positions 1..N (index 0 holds position 1). */
  values: number[]
  /** UDP payload lengths of one full cycle: group markers and positioned data, in sending order. */
  lengths: number[]
  flag: number
  ssidSymbols: number
  passwordSymbols: number
  ciphertext: Uint8Array
  checksum: number
}

/** 1-based absolute position → UDP payload length. */
export function dataFrameLength(position: number, value: number): number {
  const j = ((position - 1) % BCAST_GROUP_SIZE) + 1
  return ((j + 1) << 7) | (value & 0x7f)
}

export function groupMarkerLength(group: number): number {
  return group === 0 ? BCAST_START_FRAME : BCAST_GROUP_FRAME + group
}

/** True when a data frame would be read by the device as a start/group marker (its checks run first). */
export function bcastValueCollides(position: number, value: number): boolean {
  const length = dataFrameLength(position, value)
  return length === BCAST_START_FRAME || (length > BCAST_GROUP_FRAME && length <= BCAST_LAST_GROUP_MARKER)
}

export type BcastLengthKind =
  | { kind: 'start'; group: 0 }
  | { kind: 'group'; group: number }
  | { kind: 'data'; index: number; value: number }
  | { kind: 'invalid' }

/** Classifies an offset-corrected length in the device's order: start, group, then data. */
export function classifyBcastLength(length: number): BcastLengthKind {
  if (length === BCAST_START_FRAME) return { kind: 'start', group: 0 }
  if (length > BCAST_GROUP_FRAME && length <= BCAST_LAST_GROUP_MARKER) return { kind: 'group', group: length - BCAST_GROUP_FRAME }
  const index = (length >> 7) & 0x0f
  if (index >= 2 && index <= 9) return { kind: 'data', index: index - 1, value: length & 0x7f }
  return { kind: 'invalid' }
}

function encodeAsciiSsid(ssid: Uint8Array): Result<number[]> {
  const out: number[] = []
  for (let i = 0; i < ssid.length; i++) {
    const b = ssid[i]
    if (b < 0x20 || b > 0x7e) return fail('SSID byte outside printable ASCII cannot use ASCII mode; use packed mode', i)
    out.push(b - 32)
  }
  return ok(out)
}

export function encodeBcast(input: BcastEncodeInput): Result<BcastEncoding> {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  if (input.ssidMode !== 'omit' && ssid.length > BCAST_MAX_SSID_BYTES) {
    return fail(`SSID is ${ssid.length} bytes; the device accepts at most ${BCAST_MAX_SSID_BYTES}`, BCAST_MAX_SSID_BYTES)
  }
  if (password.length > BCAST_MAX_PASSWORD_BYTES) {
    return fail(`password is ${password.length} bytes; the device accepts at most ${BCAST_MAX_PASSWORD_BYTES}`, BCAST_MAX_PASSWORD_BYTES)
  }
  let ssidSymbols: number[] = []
  if (input.ssidMode === 'ascii') {
    const ascii = encodeAsciiSsid(ssid)
    if (!ascii.ok) return ascii
    ssidSymbols = ascii.value
  } else if (input.ssidMode === 'packed') {
    ssidSymbols = Array.from(packBits(ssid, 6))
  }
  const ciphertext = encryptPasswordCfb(input.productSecret, undefined, password)
  const passwordSymbols = Array.from(packBits(ciphertext, 6))
  const withSsid = input.ssidMode !== 'omit'
  const n = (withSsid ? 4 + ssidSymbols.length : 3) + passwordSymbols.length + 2
  if (n > BCAST_MAX_VALUES) {
    return fail(`message needs ${n} values; the 7-bit length field allows at most ${BCAST_MAX_VALUES}`, BCAST_MAX_VALUES)
  }
  const flag =
    (withSsid ? BCAST_FLAG_SSID_PRESENT : 0) |
    (BCAST_ENCRYPTION_AES_CFB << 1) |
    (input.ssidMode === 'packed' ? BCAST_FLAG_SSID_PACKED : 0)
  const values = withSsid
    ? [n, flag, ssidSymbols.length, passwordSymbols.length, ...ssidSymbols, ...passwordSymbols]
    : [n, flag, passwordSymbols.length, ...passwordSymbols]
  const checksum = checksumV3(values)
  values.push(checksum >> 8, checksum & 0xff)
  for (let i = 0; i < values.length; i++) {
    if (bcastValueCollides(i + 1, values[i])) {
      return fail(`value ${values[i]} at position ${i + 1} would be read as a group marker`, i + 1)
    }
  }
  return ok({
    values,
    lengths: bcastCycleLengths(values),
    flag,
    ssidSymbols: ssidSymbols.length,
    passwordSymbols: passwordSymbols.length,
    ciphertext,
    checksum,
  })
}

/** Group marker, then up to eight positioned values, for every group. */
export function bcastCycleLengths(values: number[]): number[] {
  const lengths: number[] = []
  for (let start = 0; start < values.length; start += BCAST_GROUP_SIZE) {
    lengths.push(groupMarkerLength(start / BCAST_GROUP_SIZE))
    for (let i = start; i < Math.min(start + BCAST_GROUP_SIZE, values.length); i++) lengths.push(dataFrameLength(i + 1, values[i]))
  }
  return lengths
}

export function bcastSymbolCounts(ssidLength: number, passwordLength: number, mode: BcastSsidMode): { ssid: number; password: number; n: number } {
  const ssid = mode === 'ascii' ? ssidLength : mode === 'packed' ? packedLength(ssidLength, 6) : 0
  const password = packedLength(passwordLength, 6)
  return { ssid, password, n: (mode === 'omit' ? 3 : 4 + ssid) + password + 2 }
}

export type BcastFailureKind = 'structure' | 'encryption-type' | 'checksum' | 'password'

export interface BcastDecodeError extends CodecError {
  kind: BcastFailureKind
  checksum?: { received: number; computed: number }
}

export interface BcastDecoded {
  n: number
  flag: number
  encryptionType: number
  ssidMode: BcastSsidMode
  /** The SSID as the frames carry it (C string, at most 32 bytes); absent when the flag says "omitted". */
  ssid?: { bytes: Uint8Array } & SsidText
  ciphertext: Uint8Array
  /** Decrypted and accepted password as the device uses it (up to the first NUL); only with a productSecret. */
  password?: Uint8Array
  /** The decrypted password had a NUL inside: the device silently cut it there. */
  passwordTruncatedAtNul?: boolean
  checksum: { received: number; computed: number; ok: true }
}

const decodeFail = (kind: BcastFailureKind, reason: string, offset: number, checksum?: BcastDecodeError['checksum']): Result<never, BcastDecodeError> => ({
  ok: false,
  error: { kind, reason, offset, ...(checksum ? { checksum } : {}) },
})

/**
 * The checks zconfig_recv_completed() and zconfig_get_ssid_passwd() make on a full set of values
 * (positions 1..N, 7-bit each), in the device's order. Offsets are 1-based positions.
 */
export function decodeBcastValues(values: ArrayLike<number>, productSecret?: string): Result<BcastDecoded, BcastDecodeError> {
  if (values.length < 5) return decodeFail('structure', `need at least 5 values, have ${values.length}`, values.length)
  const v = (position: number): number => values[position - 1] & 0x7f
  const n = v(1)
  if (n === 0) return decodeFail('structure', 'total length N is 0', 1)
  if (values.length < n) return decodeFail('structure', `N is ${n} but only ${values.length} values are present`, values.length)
  const flag = v(2)
  const ssidPresent = (flag & BCAST_FLAG_SSID_PRESENT) !== 0
  const ssidLength = ssidPresent ? v(3) : 0
  const passwordLength = ssidPresent ? v(4) : v(3)
  const expectedN = ssidPresent ? ssidLength + passwordLength + 6 : passwordLength + 5
  if (n !== expectedN) {
    return decodeFail('structure', `N is ${n} but the SSID and password lengths imply ${expectedN}`, 1)
  }
  const encryptionType = (flag & BCAST_FLAG_ENCRYPTION_MASK) >> 1
  if (encryptionType < BCAST_ENCRYPTION_AES_CFB) {
    return decodeFail('encryption-type', `password encryption type ${encryptionType} is rejected by the device (only AES-CFB)`, 2)
  }
  const body: number[] = []
  for (let p = 1; p <= n - 2; p++) body.push(v(p))
  const received = (v(n - 1) << 8) | v(n)
  const computed = checksumV3(body)
  if (received !== computed) {
    return decodeFail('checksum', `checksum mismatch: received 0x${received.toString(16)}, computed 0x${computed.toString(16)}`, n - 1, { received, computed })
  }
  const fieldStart = ssidPresent ? 5 : 4
  let ssid: BcastDecoded['ssid']
  const ssidMode: BcastSsidMode = !ssidPresent ? 'omit' : flag & BCAST_FLAG_SSID_PACKED ? 'packed' : 'ascii'
  if (ssidPresent) {
    const symbols = Uint8Array.from({ length: ssidLength }, (_, i) => v(fieldStart + i))
    const raw = ssidMode === 'packed' ? unpackBits(symbols, 6) : symbols.map((s) => (s + 32) & 0xff)
    const bytes = cString(raw).slice(0, BCAST_MAX_SSID_BYTES)
    ssid = { bytes, ...describeSsid(bytes) }
  }
  const passwordSymbols = Uint8Array.from({ length: passwordLength }, (_, i) => v(fieldStart + ssidLength + i))
  const ciphertext = unpackBits(passwordSymbols, 6)
  const decoded: BcastDecoded = { n, flag, encryptionType, ssidMode, ssid, ciphertext, checksum: { received, computed, ok: true } }
  if (productSecret === undefined) return ok(decoded)
  const plain = decryptPasswordCfb(productSecret, undefined, ciphertext)
  if (!isDeviceUtf8(plain)) {
    return decodeFail('password', 'decrypted password is not valid UTF-8 for the device (wrong product secret?)', fieldStart + ssidLength)
  }
  const password = cString(plain)
  return ok({ ...decoded, password, passwordTruncatedAtNul: password.length < plain.length })
}
