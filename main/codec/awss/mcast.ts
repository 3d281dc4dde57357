import { type CodecError, type Result, fail, ok } from '../result'
import { bindTokenHex, completeBindToken } from './bind-token'
import { asBytes, cString, formatMac, parseMac, toHex } from './bytes'
import { checksumV5 } from './checksum'
import { decryptPasswordCfb, encryptPasswordCfb, isDeviceUtf8 } from './crypto'
import { type SsidText, describeSsid } from './ssid-text'

// PROTOCOLS-awss.md §3: multicast smartconfig. Each 1-byte UDP datagram goes to 239.i.d[2i].d[2i+1]; the
// device reads the pair index and two data bytes from the destination MAC 01:00:5e:(i&0x7f):d[2i]:d[2i+1].

/** IK32 accepts pair indices whose byte index (2i) is at most 127; ESL's table is one byte shorter. */
export const MCAST_MAX_TOTAL_IK32 = 127
export const MCAST_MAX_TOTAL_ESL = 126
export const MCAST_FLAG_PASSWORD = 0x01
export const MCAST_FLAG_SSID = 0x02
export const MCAST_FLAG_TOKEN = 0x04
export const MCAST_FLAG_VERSION = 0xc0
/** The device compares (and the app sends) only the last 3 bytes of the BSSID. */
export const MCAST_BSSID_TAIL_BYTES = 3
export const MCAST_MAX_TOKEN_BYTES = 16

export interface McastEncodeInput {
  /** Omit (undefined) to let the device take the SSID from its AP list. */
  ssid?: Uint8Array | string
  password: Uint8Array | string
  productSecret: string
  /** App token, typically 3 random bytes (§1.3); 16 bytes are used as-is. */
  token?: Uint8Array
  /** The router's BSSID (6 bytes or "aa:bb:.."). */
  bssid: Uint8Array | string
  /** First IPv4 octet of the groups; any 224..239 works, 239 (administratively scoped) is the safe choice. */
  firstOctet?: number
}

export interface McastEncoding {
  /** data[0..tlen-1] (tlen, flag, fields, checksum), without the pad byte. */
  data: number[]
  /** One destination per pair index, in index order. */
  groups: string[]
  macs: string[]
  ciphertext: Uint8Array
}

function bssidBytes(bssid: Uint8Array | string): Result<Uint8Array> {
  if (typeof bssid !== 'string') {
    return bssid.length === 6 ? ok(bssid) : fail(`BSSID must be 6 bytes, got ${bssid.length}`, 0)
  }
  return parseMac(bssid)
}

export function encodeMcast(input: McastEncodeInput): Result<McastEncoding> {
  const password = asBytes(input.password)
  const ssid = input.ssid === undefined ? undefined : asBytes(input.ssid)
  const bssid = bssidBytes(input.bssid)
  if (!bssid.ok) return bssid
  const firstOctet = input.firstOctet ?? 239
  if (!Number.isInteger(firstOctet) || firstOctet < 224 || firstOctet > 239) return fail('first octet must be a multicast octet 224..239', 0)
  if (password.length > 64) return fail(`password is ${password.length} bytes; the device accepts at most 64`, 0)
  if (ssid && ssid.length > 32) return fail(`SSID is ${ssid.length} bytes; the device accepts at most 32`, 0)
  if (input.token && (input.token.length === 0 || input.token.length > MCAST_MAX_TOKEN_BYTES)) {
    return fail(`token must be 1..${MCAST_MAX_TOKEN_BYTES} bytes, got ${input.token.length}`, 0)
  }
  const ciphertext = encryptPasswordCfb(input.productSecret, undefined, password)
  const flag = MCAST_FLAG_VERSION | MCAST_FLAG_PASSWORD | (ssid ? MCAST_FLAG_SSID : 0) | (input.token ? MCAST_FLAG_TOKEN : 0)
  const body: number[] = [flag, ciphertext.length, ...ciphertext]
  if (input.token) body.push(input.token.length, ...input.token)
  if (ssid) body.push(ssid.length, ...ssid)
  body.push(MCAST_BSSID_TAIL_BYTES, ...bssid.value.subarray(6 - MCAST_BSSID_TAIL_BYTES))
  const tlen = body.length + 2
  if (tlen > MCAST_MAX_TOTAL_IK32) return fail(`message is ${tlen} bytes; at most ${MCAST_MAX_TOTAL_IK32} fit`, MCAST_MAX_TOTAL_IK32)
  const data = [tlen, ...body]
  data.push(checksumV5(data))
  const groups: string[] = []
  const macs: string[] = []
  for (let i = 0; 2 * i < data.length; i++) {
    const a = data[2 * i]
    const b = data[2 * i + 1] ?? 0
    groups.push(`${firstOctet}.${i}.${a}.${b}`)
    macs.push(formatMac(Uint8Array.of(0x01, 0x00, 0x5e, i & 0x7f, a, b)))
  }
  return ok({ data, groups, macs, ciphertext })
}

/** IPv4 multicast group → the Ethernet/802.11 destination MAC (low 23 bits). */
export function multicastMacForGroup(group: string): Result<Uint8Array> {
  const parts = group.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return fail('not a dotted IPv4 address', 0)
  const [a, b, c, d] = parts.map(Number)
  if (a < 224 || a > 239) return fail('not an IPv4 multicast group (224..239)', 0)
  return ok(Uint8Array.of(0x01, 0x00, 0x5e, b & 0x7f, c, d))
}

export interface McastFrameInput {
  /** Destination MAC: 6 bytes or "01:00:5e:..". */
  destination: Uint8Array | string
  /** Offset-corrected payload length; the device needs exactly 1. Omit when unknown (assumed 1). */
  payloadLength?: number
  source?: string
  bssid?: string
}

export type McastFailureKind = 'version' | 'layout' | 'checksum' | 'password'

export interface McastDecodeError extends CodecError {
  kind: McastFailureKind
  checksum?: { received: number; computed: number }
}

export interface McastDecoded {
  tlen: number
  flag: number
  ciphertext: Uint8Array
  /** Only with a productSecret: the password as the device uses it (up to the first NUL). */
  password?: Uint8Array
  passwordTruncatedAtNul?: boolean
  /** The app token as sent (absent when flag bit 2 is clear). */
  appToken?: Uint8Array
  /** The 16-byte bind token the device will report (needs the password, so only with a productSecret). */
  bindToken?: Uint8Array
  bindTokenHex?: string
  ssid?: { bytes: Uint8Array } & SsidText
  bssidTail: Uint8Array
  /** The BSSID tail equals the last 3 bytes of the frames' BSSID (else the device searches its AP list). */
  bssidMatchesFrames?: boolean
  checksum: { received: number; computed: number; ok: true }
}

const decodeFail = (kind: McastFailureKind, reason: string, offset: number, checksum?: McastDecodeError['checksum']): Result<never, McastDecodeError> => ({
  ok: false,
  error: { kind, reason, offset, ...(checksum ? { checksum } : {}) },
})

/**
 * parse_result() on a complete data[] (tlen at data[0]), in the device's order: version, fields, checksum,
 * password, token. Field lengths that overrun tlen are refused (the device would read stale bytes).
 */
export function decodeMcastData(data: ArrayLike<number>, productSecret?: string, frameBssid?: Uint8Array): Result<McastDecoded, McastDecodeError> {
  const tlen = data.length > 0 ? data[0] : 0
  if (tlen < 2 || data.length < tlen) return decodeFail('layout', `tlen ${tlen} does not fit the ${data.length} bytes received`, 0)
  const at = (i: number): number => data[i] & 0xff
  const flag = at(1)
  if ((flag >> 6) !== 3) return decodeFail('version', `flag 0x${flag.toString(16)} lacks version bits 0b11 in bits 6-7`, 1)
  const last = tlen - 1
  let offset = 2
  const take = (count: number, what: string): Result<Uint8Array, McastDecodeError> => {
    if (offset + count > last) return decodeFail('layout', `${what} runs past the checksum byte`, offset)
    const out = Uint8Array.from({ length: count }, (_, k) => at(offset + k))
    offset += count
    return ok(out)
  }
  const lengthByte = (what: string): Result<number, McastDecodeError> => {
    if (offset >= last) return decodeFail('layout', `${what} length runs past the checksum byte`, offset)
    return ok(at(offset++))
  }
  let ciphertext: Uint8Array = new Uint8Array(0)
  if (flag & MCAST_FLAG_PASSWORD) {
    const n = lengthByte('password')
    if (!n.ok) return n
    const bytes = take(n.value, 'password')
    if (!bytes.ok) return bytes
    ciphertext = bytes.value
  }
  let appToken: Uint8Array | undefined
  if (flag & MCAST_FLAG_TOKEN) {
    const n = lengthByte('token')
    if (!n.ok) return n
    const bytes = take(n.value, 'token')
    if (!bytes.ok) return bytes
    appToken = bytes.value
  }
  let ssidBytes: Uint8Array | undefined
  if (flag & MCAST_FLAG_SSID) {
    const n = lengthByte('SSID')
    if (!n.ok) return n
    const bytes = take(n.value, 'SSID')
    if (!bytes.ok) return bytes
    ssidBytes = cString(bytes.value)
  }
  const bssidType = lengthByte('BSSID')
  if (!bssidType.ok) return bssidType
  const bssidTail = take(bssidType.value & 0x1f, 'BSSID')
  if (!bssidTail.ok) return bssidTail
  if (offset !== last) return decodeFail('layout', `fields end at byte ${offset}, but the checksum is at byte ${last}`, offset)
  const received = at(last)
  const computed = checksumV5(Array.from({ length: last }, (_, i) => at(i)))
  if (received !== computed) {
    return decodeFail('checksum', `checksum mismatch: received 0x${received.toString(16)}, computed 0x${computed.toString(16)}`, last, { received, computed })
  }
  const decoded: McastDecoded = {
    tlen,
    flag,
    ciphertext,
    appToken,
    ssid: ssidBytes ? { bytes: ssidBytes, ...describeSsid(ssidBytes) } : undefined,
    bssidTail: bssidTail.value,
    bssidMatchesFrames: frameBssid && frameBssid.length === 6 ? toHex(frameBssid.subarray(3)) === toHex(bssidTail.value.subarray(0, 3)) : undefined,
    checksum: { received, computed, ok: true },
  }
  if (productSecret === undefined) return ok(decoded)
  const plain = decryptPasswordCfb(productSecret, undefined, ciphertext)
  if (!isDeviceUtf8(plain)) return decodeFail('password', 'decrypted password is not valid UTF-8 for the device (wrong product secret?)', 2)
  const password = cString(plain)
  const bindToken = appToken ? completeBindToken(appToken, bssidTail.value, password) : undefined
  return ok({ ...decoded, password, passwordTruncatedAtNul: password.length < plain.length, bindToken, bindTokenHex: bindToken ? bindTokenHex(bindToken) : undefined })
}

export type McastEvent =
  | { kind: 'ignored'; reason: string }
  | { kind: 'stored'; pairIndex: number; received: number; expected?: number }
  | { kind: 'failed'; error: McastDecodeError }
  | { kind: 'complete'; result: McastDecoded }

export interface McastAssemblerOptions {
  productSecret?: string
  /**
   * 'ik32' (default, SDK v3.2): pair indices up to 63, payload exactly 1 byte, and after the first parse,
   * even a failed one, the device no longer listens to mcast. 'esl' (Living SDK): indices up to 62, payload 1
   * or 18 bytes, and a failed parse clears the table and keeps listening.
   */
  variant?: 'ik32' | 'esl'
}

const DATA_SLOTS = 128

/** awss_recv_callback_mcast_smartconfig(): stores pairs by index, locks on the first source, parses once complete. */
export class McastAssembler {
  private data = new Uint8Array(DATA_SLOTS)
  private received = new Uint8Array(DATA_SLOTS)
  private source: string | undefined
  private bssid: string | undefined
  private outcome: McastEvent | undefined

  constructor(private readonly options: McastAssemblerOptions = {}) {}

  get result(): McastDecoded | undefined {
    return this.outcome?.kind === 'complete' ? this.outcome.result : undefined
  }

  /** Which byte indices have been received so far. */
  receivedIndices(): number[] {
    const out: number[] = []
    for (let i = 0; i < DATA_SLOTS; i++) if (this.received[i]) out.push(i)
    return out
  }

  reset(): void {
    this.clearTable()
    this.outcome = undefined
  }

  private clearTable(): void {
    this.data = new Uint8Array(DATA_SLOTS)
    this.received = new Uint8Array(DATA_SLOTS)
    this.source = undefined
    this.bssid = undefined
  }

  push(frame: McastFrameInput): McastEvent {
    const esl = this.options.variant === 'esl'
    if (this.outcome) {
      return { kind: 'ignored', reason: 'the device already parsed a message and no longer listens to mcast until provisioning restarts' }
    }
    const mac = typeof frame.destination === 'string' ? parseMac(frame.destination) : ok(frame.destination)
    if (!mac.ok || mac.value.length !== 6) return { kind: 'ignored', reason: 'destination is not a 6-byte MAC address' }
    const dst = mac.value
    if (dst[0] !== 0x01 || dst[1] !== 0x00 || dst[2] !== 0x5e) return { kind: 'ignored', reason: 'destination is not an IPv4 multicast MAC (01:00:5e)' }
    const index = (dst[3] & 0x7f) << 1
    const maxIndex = esl ? MCAST_MAX_TOTAL_ESL - 2 : MCAST_MAX_TOTAL_IK32 - 1
    if (index > maxIndex) return { kind: 'ignored', reason: `pair index ${index >> 1} is beyond the device's table` }
    const payloadLength = frame.payloadLength ?? 1
    if (payloadLength !== 1 && !(esl && payloadLength === 18)) return { kind: 'ignored', reason: 'payload is not exactly 1 byte' }
    const source = frame.source ?? 'phone'
    if (this.source === undefined) {
      this.source = source
      this.bssid = frame.bssid
    } else if (source !== this.source) {
      return { kind: 'ignored', reason: 'interference: frame from another source than the locked phone' }
    }
    this.data[index] = dst[4]
    this.received[index] = 1
    this.data[index + 1] = dst[5]
    this.received[index + 1] = 1
    const count = this.received.reduce((sum, r) => sum + r, 0)
    if (!this.received[0]) return { kind: 'stored', pairIndex: index >> 1, received: count }
    const tlen = this.data[0]
    if (tlen > DATA_SLOTS) return { kind: 'stored', pairIndex: index >> 1, received: count, expected: tlen }
    for (let i = 0; i < tlen; i++) if (!this.received[i]) return { kind: 'stored', pairIndex: index >> 1, received: count, expected: tlen }
    const frameBssid = this.bssid ? parseMac(this.bssid) : undefined
    const decoded = decodeMcastData(this.data.subarray(0, Math.max(tlen, 2)), this.options.productSecret, frameBssid?.ok ? frameBssid.value : undefined)
    if (decoded.ok) {
      this.outcome = { kind: 'complete', result: decoded.value }
      return this.outcome
    }
    const failed: McastEvent = { kind: 'failed', error: decoded.error }
    if (esl) this.clearTable()
    else this.outcome = failed
    return failed
  }
}
