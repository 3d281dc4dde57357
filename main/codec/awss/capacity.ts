import { BCAST_MAX_VALUES, bcastSymbolCounts } from './bcast'
import { asBytes } from './bytes'
import { isDeviceUtf8 } from './crypto'
import { MCAST_MAX_TOTAL_ESL, MCAST_MAX_TOTAL_IK32, MCAST_MAX_TOKEN_BYTES } from './mcast'
import { P2P_MAX_SSID_BYTES, P2P_MAX_VALUE_BYTES, P2P_OVERHEAD_BYTES, P2P_PREPARE_PASSWORD, P2P_TRUNCATION_THRESHOLD } from './p2p'
import { packedLength } from './bitpack'
import { isPrintableAscii } from './ssid-text'

// Pre-flight for smart-config: will this SSID and password fit each encoding, and how. Messages describe sizes
// and rules only; they never quote the password (nor the SSID, which users paste from anywhere).

export type AwssEncoding = 'bcast' | 'mcast' | 'p2p'
/** ascii/packed/omit for bcast; raw/omit for mcast; raw/suffix for p2p. */
export type CapacitySsidMode = 'ascii' | 'packed' | 'raw' | 'suffix' | 'omit'

export interface CapacityInput {
  ssid: Uint8Array | string
  password: Uint8Array | string
  /** The device can take the SSID from its AP list (it has heard the router's beacons on its channel). */
  ssidFromApList?: boolean
  /** Length of the mcast app token (default 3; 0 for none). */
  tokenLength?: number
}

export interface CapacityResult {
  encoding: AwssEncoding
  fits: boolean
  mode: CapacitySsidMode
  warnings: string[]
  errors: string[]
  /** ssid/password: symbols (bcast, p2p) or bytes (mcast) each field takes; total against limit. */
  symbols: { ssid: number; password: number; total: number; limit: number }
}

export const MAX_SSID_BYTES = 32
export const MAX_PASSWORD_BYTES = 64
/** The seed's p2p rule: SSID + password at most 32 bytes, 25 on some Samsung phones. */
export const SEED_P2P_COMBINED_LIMIT = 32
export const SEED_P2P_SAMSUNG_LIMIT = 25

function commonProblems(ssid: Uint8Array, password: Uint8Array, ssidNeeded: boolean): { errors: string[]; warnings: string[] } {
  const errors: string[] = []
  const warnings: string[] = []
  if (password.includes(0)) {
    errors.push('The password contains a NUL byte: the device would silently cut the password there. Refusing to send it.')
  }
  if (password.length > MAX_PASSWORD_BYTES) {
    errors.push(`The password is ${password.length} bytes; devices accept at most ${MAX_PASSWORD_BYTES}.`)
  } else if (!isDeviceUtf8(password)) {
    errors.push('The password is not text the device accepts: it takes ASCII and 2- or 3-byte UTF-8 only (no emoji or other 4-byte characters).')
  }
  if (password.length > 0 && password.length < 8) {
    warnings.push(`The password is ${password.length} bytes; WPA/WPA2 passphrases are 8 to 63 characters, so the router may reject it.`)
  }
  if (ssid.length > MAX_SSID_BYTES) errors.push(`The SSID is ${ssid.length} bytes; Wi-Fi allows at most ${MAX_SSID_BYTES}.`)
  if (ssidNeeded && ssid.length === 0) errors.push('The SSID is empty.')
  return { errors, warnings }
}

function result(encoding: AwssEncoding, mode: CapacitySsidMode, symbols: CapacityResult['symbols'], errors: string[], warnings: string[]): CapacityResult {
  return { encoding, fits: errors.length === 0, mode, warnings, errors, symbols }
}

export function checkBcastCapacity(input: CapacityInput): CapacityResult {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  const { errors, warnings } = commonProblems(ssid, password, !input.ssidFromApList)
  let mode: CapacitySsidMode = isPrintableAscii(ssid) ? 'ascii' : 'packed'
  let counts = bcastSymbolCounts(ssid.length, password.length, mode)
  if (counts.n > BCAST_MAX_VALUES && input.ssidFromApList) {
    warnings.push(`With the SSID the message needs ${counts.n} values (at most ${BCAST_MAX_VALUES}); the SSID is left out and the device must take it from its AP list.`)
    mode = 'omit'
    counts = bcastSymbolCounts(ssid.length, password.length, mode)
  }
  if (counts.n > BCAST_MAX_VALUES) {
    errors.push(`The message needs ${counts.n} values but bcast carries at most ${BCAST_MAX_VALUES}; use a shorter password${mode === 'omit' ? '' : ' or let the device take the SSID from its AP list'}.`)
  }
  if (mode === 'packed') {
    warnings.push('The SSID is not printable ASCII, so it is sent 6-bit packed as raw bytes; if the router announces it in another encoding (GBK vs UTF-8), the device relies on its AP list.')
  }
  return result('bcast', mode, { ssid: counts.ssid, password: counts.password, total: counts.n, limit: BCAST_MAX_VALUES }, errors, warnings)
}

export function checkMcastCapacity(input: CapacityInput): CapacityResult {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  const { errors, warnings } = commonProblems(ssid, password, !input.ssidFromApList)
  const token = input.tokenLength ?? 3
  if (!Number.isInteger(token) || token < 0 || token > MCAST_MAX_TOKEN_BYTES) {
    errors.push(`The app token must be 0 to ${MCAST_MAX_TOKEN_BYTES} bytes.`)
  }
  const fixed = 2 + 1 + password.length + (token > 0 ? 1 + token : 0) + 4 + 1
  let mode: CapacitySsidMode = 'raw'
  let total = fixed + 1 + ssid.length
  if (total > MCAST_MAX_TOTAL_IK32 && input.ssidFromApList) {
    warnings.push(`With the SSID the message is ${total} bytes (at most ${MCAST_MAX_TOTAL_IK32}); the SSID is left out and the device must find it in its AP list by BSSID.`)
    mode = 'omit'
    total = fixed
  }
  if (total > MCAST_MAX_TOTAL_IK32) {
    errors.push(`The message is ${total} bytes but mcast carries at most ${MCAST_MAX_TOTAL_IK32}.`)
  } else if (total > MCAST_MAX_TOTAL_ESL) {
    warnings.push(`The message is ${total} bytes: devices on the Living SDK (ESL) accept only ${MCAST_MAX_TOTAL_ESL}.`)
  }
  return result('mcast', mode, { ssid: mode === 'omit' ? 0 : ssid.length, password: password.length, total, limit: MCAST_MAX_TOTAL_IK32 }, errors, warnings)
}

export function checkP2pCapacity(input: CapacityInput): CapacityResult {
  const ssid = asBytes(input.ssid)
  const password = asBytes(input.password)
  const { errors, warnings } = commonProblems(ssid, password, true)
  const passwordSymbols = packedLength(password.length, 7)
  const room = Math.min(P2P_MAX_SSID_BYTES, P2P_MAX_VALUE_BYTES - P2P_OVERHEAD_BYTES - passwordSymbols)
  const sent = Math.max(0, Math.min(ssid.length, room))
  const total = P2P_OVERHEAD_BYTES + sent + passwordSymbols
  let mode: CapacitySsidMode = 'raw'
  if (room < 1) {
    errors.push(`The password needs ${passwordSymbols} of the ${P2P_MAX_VALUE_BYTES} Device Name bytes, leaving no room for the SSID; p2p cannot carry it.`)
  } else if (ssid.length > room) {
    mode = 'suffix'
    warnings.push(`Only the last ${room} of the SSID's ${ssid.length} bytes fit; the device completes the SSID from its AP list by suffix, so it must have heard the router's beacon.`)
  }
  const magic = asBytes(`${P2P_PREPARE_PASSWORD}\0`)
  if (password.length > 0 && password.length <= magic.length && password.every((b, i) => b === magic[i])) {
    errors.push('This password is read by the device as the p2p "prepare" marker, never as a password; p2p cannot carry it.')
  }
  if (ssid.length + password.length > SEED_P2P_COMBINED_LIMIT) {
    warnings.push(`SSID + password are ${ssid.length + password.length} bytes; Alibaba documents at most ${SEED_P2P_COMBINED_LIMIT} for p2p on Android phones.`)
  } else if (ssid.length + password.length > SEED_P2P_SAMSUNG_LIMIT) {
    warnings.push(`SSID + password are ${ssid.length + password.length} bytes; some Samsung phones allow only ${SEED_P2P_SAMSUNG_LIMIT} for p2p.`)
  }
  if (mode === 'raw' && !isPrintableAscii(ssid)) {
    warnings.push('The SSID is not ASCII: the device treats it as possibly truncated and looks it up in its AP list by suffix.')
  } else if (mode === 'raw' && total >= P2P_TRUNCATION_THRESHOLD) {
    warnings.push(`The Device Name is ${total} bytes (${P2P_TRUNCATION_THRESHOLD} or more): the device treats the SSID as possibly truncated and looks it up in its AP list.`)
  }
  return result('p2p', mode, { ssid: sent, password: passwordSymbols, total, limit: P2P_MAX_VALUE_BYTES }, errors, warnings)
}

export function checkCapacity(encoding: AwssEncoding, input: CapacityInput): CapacityResult {
  if (encoding === 'bcast') return checkBcastCapacity(input)
  if (encoding === 'mcast') return checkMcastCapacity(input)
  return checkP2pCapacity(input)
}

export function checkAllEncodings(input: CapacityInput): Record<AwssEncoding, CapacityResult> {
  return { bcast: checkBcastCapacity(input), mcast: checkMcastCapacity(input), p2p: checkP2pCapacity(input) }
}
