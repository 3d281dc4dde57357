// 802.11 frame builders for the virtual lab: management frames with elements, data/QoS-data frames with
// any ToDS/FromDS combination and a body of a chosen length (smart-config encodes data in lengths), and the
// control frames the lab's air carries. Addresses are given by role (SA, DA, BSSID, RA, TA) and placed in
// addr1..addr4 as the standard's address table says, the inverse of what the decoder resolves.
import { fail, ok, type Result } from '../result.js'
import { crc32 } from './crc32.js'
import { encodeElements, type ElementSpec } from './element-builders.js'
import { BROADCAST_MAC, parseMac } from './mac-address.js'

export interface HeaderFlags {
  duration?: number
  seq?: number
  frag?: number
  retry?: boolean
  pwrMgmt?: boolean
  moreData?: boolean
  moreFrag?: boolean
  protected?: boolean
  /** Order/+HTC bit. On management and QoS data frames it adds the 4-byte HT control field. */
  order?: boolean
  htControl?: number
}

function flagsByte(toDS: boolean, fromDS: boolean, f: HeaderFlags): number {
  return (
    (toDS ? 0x01 : 0) |
    (fromDS ? 0x02 : 0) |
    (f.moreFrag ? 0x04 : 0) |
    (f.retry ? 0x08 : 0) |
    (f.pwrMgmt ? 0x10 : 0) |
    (f.moreData ? 0x20 : 0) |
    (f.protected ? 0x40 : 0) |
    (f.order ? 0x80 : 0)
  )
}

function macs(named: Record<string, string | undefined>): Result<Record<string, Uint8Array>> {
  const out: Record<string, Uint8Array> = {}
  for (const [role, text] of Object.entries(named)) {
    if (text === undefined) continue
    const mac = parseMac(text)
    if (!mac) return fail(`${role} "${text}" is not a MAC address`, 0)
    out[role] = mac
  }
  return ok(out)
}

function checkRanges(f: HeaderFlags): Result<true> {
  if (f.seq !== undefined && (!Number.isInteger(f.seq) || f.seq < 0 || f.seq > 4095)) return fail(`sequence number ${f.seq} is not 0..4095`, 0)
  if (f.frag !== undefined && (!Number.isInteger(f.frag) || f.frag < 0 || f.frag > 15)) return fail(`fragment number ${f.frag} is not 0..15`, 0)
  if (f.duration !== undefined && (!Number.isInteger(f.duration) || f.duration < 0 || f.duration > 0xffff)) {
    return fail(`duration ${f.duration} is not 0..65535`, 0)
  }
  return ok(true)
}

class FrameWriter {
  readonly bytes: Uint8Array
  at = 0
  constructor(length: number) {
    this.bytes = new Uint8Array(length)
  }
  u8(value: number) {
    this.bytes[this.at++] = value & 0xff
  }
  u16(value: number) {
    this.bytes[this.at++] = value & 0xff
    this.bytes[this.at++] = (value >> 8) & 0xff
  }
  u32(value: number) {
    this.u16(value & 0xffff)
    this.u16(value >>> 16)
  }
  put(bytes: Uint8Array) {
    this.bytes.set(bytes, this.at)
    this.at += bytes.length
  }
}

// ---------------------------------------------------------------------------------------------------
// Management frames

export interface ManagementAddresses {
  da: string
  sa: string
  bssid: string
}

export function buildManagementFrame(
  subtype: number,
  addresses: ManagementAddresses,
  body: Uint8Array,
  flags: HeaderFlags = {},
): Result<Uint8Array> {
  if (!Number.isInteger(subtype) || subtype < 0 || subtype > 15) return fail(`management subtype ${subtype} is not 0..15`, 0)
  const range = checkRanges(flags)
  if (!range.ok) return range
  const parsed = macs({ da: addresses.da, sa: addresses.sa, bssid: addresses.bssid })
  if (!parsed.ok) return parsed
  const { da, sa, bssid } = parsed.value
  const w = new FrameWriter(24 + (flags.order ? 4 : 0) + body.length)
  w.u8(subtype << 4)
  w.u8(flagsByte(false, false, flags))
  w.u16(flags.duration ?? 0)
  w.put(da)
  w.put(sa)
  w.put(bssid)
  w.u16(((flags.seq ?? 0) << 4) | (flags.frag ?? 0))
  if (flags.order) w.u32(flags.htControl ?? 0)
  w.put(body)
  return ok(w.bytes)
}

function withElements(fixed: Uint8Array, elements: readonly ElementSpec[]): Result<Uint8Array> {
  const encoded = encodeElements(elements)
  if (!encoded.ok) return encoded
  const body = new Uint8Array(fixed.length + encoded.value.length)
  body.set(fixed)
  body.set(encoded.value, fixed.length)
  return ok(body)
}

function fixedFields(...fields: [value: number | bigint, size: 2 | 8][]): Uint8Array {
  const size = fields.reduce((n, [, s]) => n + s, 0)
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  let at = 0
  for (const [value, s] of fields) {
    if (s === 8) view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true)
    else view.setUint16(at, Number(value) & 0xffff, true)
    at += s
  }
  return out
}

export interface BeaconSpec extends HeaderFlags {
  bssid: string
  /** Defaults to the BSSID. */
  sa?: string
  /** Defaults to broadcast. */
  da?: string
  /** TSF timer in microseconds. */
  timestamp?: bigint | number
  /** In time units (1.024 ms); default 100. */
  beaconInterval?: number
  /** Capability information; default 0x0001 (ESS). Add 0x0010 for privacy. */
  capability?: number
  elements: readonly ElementSpec[]
}

function beaconLike(subtype: 5 | 8, spec: BeaconSpec): Result<Uint8Array> {
  const body = withElements(
    fixedFields([spec.timestamp ?? 0n, 8], [spec.beaconInterval ?? 100, 2], [spec.capability ?? 0x0001, 2]),
    spec.elements,
  )
  if (!body.ok) return body
  return buildManagementFrame(subtype, { da: spec.da ?? BROADCAST_MAC, sa: spec.sa ?? spec.bssid, bssid: spec.bssid }, body.value, spec)
}

export const buildBeacon = (spec: BeaconSpec): Result<Uint8Array> => beaconLike(8, spec)

export const buildProbeResponse = (spec: BeaconSpec & { da: string }): Result<Uint8Array> => beaconLike(5, spec)

export interface ProbeRequestSpec extends HeaderFlags {
  sa: string
  da?: string
  bssid?: string
  elements: readonly ElementSpec[]
}

export function buildProbeRequest(spec: ProbeRequestSpec): Result<Uint8Array> {
  const body = encodeElements(spec.elements)
  if (!body.ok) return body
  return buildManagementFrame(4, { da: spec.da ?? BROADCAST_MAC, sa: spec.sa, bssid: spec.bssid ?? BROADCAST_MAC }, body.value, spec)
}

export interface AuthenticationSpec extends HeaderFlags, ManagementAddresses {
  /** 0 open system (default), 1 shared key, 2 FT, 3 SAE. */
  algorithm?: number
  transaction?: number
  status?: number
  elements?: readonly ElementSpec[]
}

export function buildAuthentication(spec: AuthenticationSpec): Result<Uint8Array> {
  const body = withElements(fixedFields([spec.algorithm ?? 0, 2], [spec.transaction ?? 1, 2], [spec.status ?? 0, 2]), spec.elements ?? [])
  return body.ok ? buildManagementFrame(11, spec, body.value, spec) : body
}

export interface AssociationRequestSpec extends HeaderFlags, ManagementAddresses {
  capability?: number
  listenInterval?: number
  elements: readonly ElementSpec[]
}

export function buildAssociationRequest(spec: AssociationRequestSpec): Result<Uint8Array> {
  const body = withElements(fixedFields([spec.capability ?? 0x0001, 2], [spec.listenInterval ?? 10, 2]), spec.elements)
  return body.ok ? buildManagementFrame(0, spec, body.value, spec) : body
}

export interface AssociationResponseSpec extends HeaderFlags, ManagementAddresses {
  capability?: number
  status?: number
  /** Association ID (1..2007); the two top bits are set on the air as the standard requires. */
  aid: number
  elements?: readonly ElementSpec[]
}

export function buildAssociationResponse(spec: AssociationResponseSpec): Result<Uint8Array> {
  const body = withElements(
    fixedFields([spec.capability ?? 0x0001, 2], [spec.status ?? 0, 2], [(spec.aid & 0x3fff) | 0xc000, 2]),
    spec.elements ?? [],
  )
  return body.ok ? buildManagementFrame(1, spec, body.value, spec) : body
}

export interface ReasonSpec extends HeaderFlags, ManagementAddresses {
  reason: number
}

export const buildDeauthentication = (spec: ReasonSpec): Result<Uint8Array> =>
  buildManagementFrame(12, spec, fixedFields([spec.reason, 2]), spec)

export const buildDisassociation = (spec: ReasonSpec): Result<Uint8Array> =>
  buildManagementFrame(10, spec, fixedFields([spec.reason, 2]), spec)

// ---------------------------------------------------------------------------------------------------
// Data frames

export interface QosSpec {
  tid: number
  eosp?: boolean
  /** 0 normal ack (default), 1 no ack, 2 no explicit ack, 3 block ack. */
  ackPolicy?: number
  amsduPresent?: boolean
  /** High byte: TXOP limit / queue size. */
  high?: number
}

export interface DataFrameSpec extends HeaderFlags {
  toDS: boolean
  fromDS: boolean
  /** Required unless toDS and fromDS are both set (WDS frames have no BSSID field). */
  bssid?: string
  sa: string
  da: string
  /** WDS (4-address) frames only: receiver and transmitter. */
  ra?: string
  ta?: string
  /** Present = QoS data subtype. */
  qos?: QosSpec
  /** Null (no data) subtype: Null or QoS Null. */
  nullData?: boolean
  /** Body bytes; without it, `bodyLength` bytes of `fill`. */
  body?: Uint8Array
  bodyLength?: number
  fill?: number
}

/** Largest body a builder will allocate; well above the 11454-byte maximum MPDU. */
const MAX_BODY_LENGTH = 65535

export function buildDataFrame(spec: DataFrameSpec): Result<Uint8Array> {
  const range = checkRanges(spec)
  if (!range.ok) return range
  const wds = spec.toDS && spec.fromDS
  if (wds && (spec.ra === undefined || spec.ta === undefined)) return fail('a frame with ToDS and FromDS needs ra and ta', 0)
  if (!wds && spec.bssid === undefined) return fail('a data frame with at most one DS bit needs a bssid', 0)
  const parsed = macs({ bssid: spec.bssid, sa: spec.sa, da: spec.da, ra: spec.ra, ta: spec.ta })
  if (!parsed.ok) return parsed
  const m = parsed.value
  const addresses: Uint8Array[] = !spec.toDS
    ? spec.fromDS
      ? [m.da, m.bssid, m.sa]
      : [m.da, m.sa, m.bssid]
    : spec.fromDS
      ? [m.ra, m.ta, m.da, m.sa]
      : [m.bssid, m.sa, m.da]
  const wanted = spec.bodyLength
  if (spec.body === undefined && wanted !== undefined && (!Number.isInteger(wanted) || wanted < 0 || wanted > MAX_BODY_LENGTH)) {
    return fail(`body length ${wanted} is not an integer 0..${MAX_BODY_LENGTH}`, 0)
  }
  const body = spec.body ?? new Uint8Array(spec.bodyLength ?? 0).fill(spec.fill ?? 0)
  if (spec.nullData && body.length > 0) return fail('a Null data frame carries no body', 0)
  const subtype = (spec.qos ? 0x08 : 0) | (spec.nullData ? 0x04 : 0)
  const htc = spec.qos !== undefined && spec.order === true
  const headerLength = 24 + (wds ? 6 : 0) + (spec.qos ? 2 : 0) + (htc ? 4 : 0)
  const w = new FrameWriter(headerLength + body.length)
  w.u8(0x08 | (subtype << 4))
  w.u8(flagsByte(spec.toDS, spec.fromDS, spec))
  w.u16(spec.duration ?? 0)
  w.put(addresses[0])
  w.put(addresses[1])
  w.put(addresses[2])
  w.u16(((spec.seq ?? 0) << 4) | (spec.frag ?? 0))
  if (wds) w.put(addresses[3])
  if (spec.qos) {
    const q = spec.qos
    w.u8((q.tid & 0x0f) | (q.eosp ? 0x10 : 0) | ((q.ackPolicy ?? 0) & 0x03) << 5 | (q.amsduPresent ? 0x80 : 0))
    w.u8(q.high ?? 0)
  }
  if (htc) w.u32(spec.htControl ?? 0)
  w.put(body)
  return ok(w.bytes)
}

/** 802.11 header length of a data frame with these options (what smart-config subtracts). */
export function dataHeaderLength(spec: { toDS: boolean; fromDS: boolean; qos?: boolean; order?: boolean }): number {
  return 24 + (spec.toDS && spec.fromDS ? 6 : 0) + (spec.qos ? 2 : 0) + (spec.qos && spec.order ? 4 : 0)
}

// ---------------------------------------------------------------------------------------------------
// Control frames

export interface ControlFrameSpec {
  /** 8 BlockAckReq, 9 BlockAck, 10 PS-Poll, 11 RTS, 12 CTS, 13 ACK, 14 CF-End, 15 CF-End+CF-Ack, 7 wrapper. */
  subtype: number
  ra: string
  /** RTS, PS-Poll, BlockAck(Req): transmitter. CF-End: BSSID. */
  ta?: string
  duration?: number
  /** PS-Poll: association ID, carried in the Duration/ID field. */
  aid?: number
  /** Bytes after the addresses: BlockAck(Req) control + information, or the wrapper's carried FC + HTC + frame. */
  body?: Uint8Array
  flags?: HeaderFlags
}

export function buildControlFrame(spec: ControlFrameSpec): Result<Uint8Array> {
  const twoAddresses = ![12, 13, 7, 6, 0, 1].includes(spec.subtype)
  if (!Number.isInteger(spec.subtype) || spec.subtype < 0 || spec.subtype > 15) return fail(`control subtype ${spec.subtype} is not 0..15`, 0)
  if (twoAddresses && spec.ta === undefined) return fail(`control subtype ${spec.subtype} needs a second address (ta)`, 0)
  const parsed = macs({ ra: spec.ra, ta: twoAddresses ? spec.ta : undefined })
  if (!parsed.ok) return parsed
  const body = spec.body ?? new Uint8Array(0)
  const w = new FrameWriter(10 + (twoAddresses ? 6 : 0) + body.length)
  w.u8(0x04 | (spec.subtype << 4))
  w.u8(flagsByte(false, false, spec.flags ?? {}))
  w.u16(spec.subtype === 10 ? ((spec.aid ?? 0) & 0x3fff) | 0xc000 : (spec.duration ?? 0))
  w.put(parsed.value.ra)
  if (twoAddresses) w.put(parsed.value.ta)
  w.put(body)
  return ok(w.bytes)
}

// ---------------------------------------------------------------------------------------------------
// FCS

/** Returns a copy of `frame` with its CRC-32 FCS appended (little-endian, as transmitted). */
export function appendFcs(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 4)
  out.set(frame)
  const fcs = crc32(frame)
  out[frame.length] = fcs & 0xff
  out[frame.length + 1] = (fcs >>> 8) & 0xff
  out[frame.length + 2] = (fcs >>> 16) & 0xff
  out[frame.length + 3] = fcs >>> 24
  return out
}

/** True when the last 4 bytes are the CRC-32 of the rest. */
export function verifyFcs(frameWithFcs: Uint8Array): boolean {
  const n = frameWithFcs.length
  if (n < 4) return false
  const stored = (frameWithFcs[n - 4] | (frameWithFcs[n - 3] << 8) | (frameWithFcs[n - 2] << 16) | (frameWithFcs[n - 1] << 24)) >>> 0
  return crc32(frameWithFcs, 0, n - 4) === stored
}
