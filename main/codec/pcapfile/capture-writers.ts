// pcap and pcapng writers. Incremental: header() once, then packet() per record, each returning the bytes
// to append, so the lab can stream its air to a file of any size. Output is checked against tshark.
import { fail, ok, type Result } from '../result.js'

export interface WriterInterface {
  linktype: number
  /** Default 262144. */
  snapLength?: number
  name?: string
  /** pcapng if_fcslen: bytes of FCS at the end of each packet. */
  fcsLength?: number
}

export interface WritablePacket {
  /** Index into the interfaces given to header(); default 0. */
  interfaceId?: number
  timestampNs: bigint
  data: Uint8Array
  /** Length on the wire; default data.length. */
  originalLength?: number
  /** pcapng only: opt_comment values. */
  comments?: string[]
}

const DEFAULT_SNAP_LENGTH = 262144
const utf8 = new TextEncoder()
const NS_PER_SECOND = 1_000_000_000n
const MAX_U32 = 0xffffffff

function checkInterfaces(interfaces: readonly WriterInterface[]): Result<true> {
  if (interfaces.length === 0) return fail('a capture needs at least one interface', 0)
  for (const [i, iface] of interfaces.entries()) {
    if (!Number.isInteger(iface.linktype) || iface.linktype < 0 || iface.linktype > 0xffff) {
      return fail(`interface ${i} has linktype ${iface.linktype}`, i)
    }
    const snap = iface.snapLength ?? DEFAULT_SNAP_LENGTH
    if (!Number.isInteger(snap) || snap < 0 || snap > MAX_U32) return fail(`interface ${i} has snap length ${snap}`, i)
  }
  return ok(true)
}

function checkPacket(packet: WritablePacket, interfaces: readonly WriterInterface[]): Result<WriterInterface> {
  const id = packet.interfaceId ?? 0
  const iface = interfaces[id]
  if (!iface) return fail(`packet names interface ${id}, the header declared ${interfaces.length}`, 0)
  if (packet.timestampNs < 0n) return fail('packet timestamp is before 1970', 0)
  const snap = iface.snapLength ?? DEFAULT_SNAP_LENGTH
  if (snap > 0 && packet.data.length > snap) return fail(`packet of ${packet.data.length} bytes exceeds the snap length ${snap}`, 0)
  const original = packet.originalLength ?? packet.data.length
  if (!Number.isInteger(original) || original < 0 || original > MAX_U32) return fail(`original length ${original} is out of range`, 0)
  return ok(iface)
}

export interface PcapWriterOptions {
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nanosecond?: boolean
  /** Default true. */
  littleEndian?: boolean
}

export class PcapWriter {
  private interfaces: WriterInterface[] = []
  private readonly nanosecond: boolean
  private readonly little: boolean

  constructor(options: PcapWriterOptions = {}) {
    this.nanosecond = options.nanosecond ?? false
    this.little = options.littleEndian ?? true
  }

  /** pcap has one link type per file: every interface given must share it. */
  header(interfaces: readonly WriterInterface[]): Result<Uint8Array> {
    const valid = checkInterfaces(interfaces)
    if (!valid.ok) return valid
    const linktype = interfaces[0].linktype
    if (interfaces.some((i) => i.linktype !== linktype)) return fail('pcap holds one link type; use pcapng for several', 0)
    this.interfaces = [...interfaces]
    const out = new Uint8Array(24)
    const v = new DataView(out.buffer)
    v.setUint32(0, this.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, this.little)
    v.setUint16(4, 2, this.little)
    v.setUint16(6, 4, this.little)
    v.setUint32(16, Math.max(...interfaces.map((i) => i.snapLength ?? DEFAULT_SNAP_LENGTH)), this.little)
    v.setUint32(20, linktype, this.little)
    return ok(out)
  }

  packet(packet: WritablePacket): Result<Uint8Array> {
    const checked = checkPacket(packet, this.interfaces)
    if (!checked.ok) return checked
    const seconds = packet.timestampNs / NS_PER_SECOND
    if (seconds > BigInt(MAX_U32)) return fail('packet timestamp is past 2106, beyond pcap', 0)
    const nanos = Number(packet.timestampNs % NS_PER_SECOND)
    const out = new Uint8Array(16 + packet.data.length)
    const v = new DataView(out.buffer)
    v.setUint32(0, Number(seconds), this.little)
    v.setUint32(4, this.nanosecond ? nanos : Math.floor(nanos / 1000), this.little)
    v.setUint32(8, packet.data.length, this.little)
    v.setUint32(12, packet.originalLength ?? packet.data.length, this.little)
    out.set(packet.data, 16)
    return ok(out)
  }
}

export interface PcapngWriterOptions {
  /** Timestamp resolution of every interface: 'ns' (default) or 'us'. */
  resolution?: 'ns' | 'us'
  /** shb_userappl. */
  application?: string
}

const pad4 = (n: number) => (n + 3) & ~3

/** Encodes pcapng options (code, value) followed by opt_endofopt; empty list = no options at all. */
function encodeOptions(options: [code: number, value: Uint8Array][]): Uint8Array {
  if (options.length === 0) return new Uint8Array(0)
  const size = options.reduce((n, [, value]) => n + 4 + pad4(value.length), 0) + 4
  const out = new Uint8Array(size)
  const v = new DataView(out.buffer)
  let at = 0
  for (const [code, value] of options) {
    v.setUint16(at, code, true)
    v.setUint16(at + 2, value.length, true)
    out.set(value, at + 4)
    at += 4 + pad4(value.length)
  }
  return out
}

function block(type: number, body: Uint8Array): Uint8Array {
  const length = 12 + pad4(body.length)
  const out = new Uint8Array(length)
  const v = new DataView(out.buffer)
  v.setUint32(0, type, true)
  v.setUint32(4, length, true)
  out.set(body, 8)
  v.setUint32(length - 4, length, true)
  return out
}

export class PcapngWriter {
  private interfaces: WriterInterface[] = []
  private readonly units: bigint
  private readonly resolutionByte: number
  private readonly application: string

  constructor(options: PcapngWriterOptions = {}) {
    const micro = options.resolution === 'us'
    this.units = micro ? 1_000_000n : 1_000_000_000n
    this.resolutionByte = micro ? 6 : 9
    this.application = options.application ?? 'provbench'
  }

  /** Section header block + one interface description block per interface. */
  header(interfaces: readonly WriterInterface[]): Result<Uint8Array> {
    const valid = checkInterfaces(interfaces)
    if (!valid.ok) return valid
    this.interfaces = [...interfaces]
    const shbOptions = encodeOptions([[4, utf8.encode(this.application)]])
    const shbBody = new Uint8Array(16 + shbOptions.length)
    const sv = new DataView(shbBody.buffer)
    sv.setUint32(0, 0x1a2b3c4d, true)
    sv.setUint16(4, 1, true)
    sv.setUint16(6, 0, true)
    sv.setBigInt64(8, -1n, true) // section length unknown: we stream
    shbBody.set(shbOptions, 16)
    const blocks = [block(0x0a0d0d0a, shbBody)]
    for (const iface of interfaces) {
      const options: [number, Uint8Array][] = []
      if (iface.name !== undefined) options.push([2, utf8.encode(iface.name)])
      options.push([9, Uint8Array.of(this.resolutionByte)])
      if (iface.fcsLength !== undefined) options.push([13, Uint8Array.of(iface.fcsLength & 0xff)])
      const encoded = encodeOptions(options)
      const body = new Uint8Array(8 + encoded.length)
      const v = new DataView(body.buffer)
      v.setUint16(0, iface.linktype, true)
      v.setUint32(4, iface.snapLength ?? DEFAULT_SNAP_LENGTH, true)
      body.set(encoded, 8)
      blocks.push(block(1, body))
    }
    const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0))
    let at = 0
    for (const b of blocks) {
      out.set(b, at)
      at += b.length
    }
    return ok(out)
  }

  /** One enhanced packet block. */
  packet(packet: WritablePacket): Result<Uint8Array> {
    const checked = checkPacket(packet, this.interfaces)
    if (!checked.ok) return checked
    const ticks = (packet.timestampNs * this.units) / NS_PER_SECOND
    if (ticks >= 1n << 64n) return fail('packet timestamp does not fit 64 bits of ticks', 0)
    const options = encodeOptions((packet.comments ?? []).map((c) => [1, utf8.encode(c)] as [number, Uint8Array]))
    const data = packet.data
    const body = new Uint8Array(20 + pad4(data.length) + options.length)
    const v = new DataView(body.buffer)
    v.setUint32(0, packet.interfaceId ?? 0, true)
    v.setUint32(4, Number(ticks >> 32n), true)
    v.setUint32(8, Number(ticks & 0xffffffffn), true)
    v.setUint32(12, data.length, true)
    v.setUint32(16, packet.originalLength ?? data.length, true)
    body.set(data, 20)
    body.set(options, 20 + pad4(data.length))
    return ok(block(6, body))
  }
}

export interface WriteCaptureOptions {
  format?: 'pcap' | 'pcapng'
  /** Interfaces indexed by the records' interfaceId. Without it, one interface per distinct linktype. */
  interfaces?: WriterInterface[]
  /** pcap: nanosecond timestamps; pcapng: 'ns' resolution. Default true for pcapng, false for pcap. */
  nanosecond?: boolean
}

/** Writes a whole capture to one buffer (for tests and small exports; stream with the writers otherwise). */
export function writePcap(
  records: Iterable<WritablePacket & { linktype?: number }>,
  options: WriteCaptureOptions = {},
): Result<Uint8Array> {
  const list = [...records]
  let interfaces = options.interfaces
  let packets: WritablePacket[] = list
  if (!interfaces) {
    const linktypes: number[] = []
    for (const r of list) {
      if (r.linktype === undefined) return fail('records need a linktype when no interfaces are given', 0)
      if (!linktypes.includes(r.linktype)) linktypes.push(r.linktype)
    }
    interfaces = (linktypes.length ? linktypes : [1]).map((linktype) => ({ linktype }))
    packets = list.map((r) => ({ ...r, interfaceId: linktypes.indexOf(r.linktype!) }))
  }
  const format = options.format ?? 'pcap'
  const writer =
    format === 'pcap'
      ? new PcapWriter({ nanosecond: options.nanosecond ?? false })
      : new PcapngWriter({ resolution: options.nanosecond === false ? 'us' : 'ns' })
  const parts: Uint8Array[] = []
  const header = writer.header(interfaces)
  if (!header.ok) return header
  parts.push(header.value)
  for (const [i, packet] of packets.entries()) {
    const bytes = writer.packet(packet)
    if (!bytes.ok) return fail(`record ${i}: ${bytes.error.reason}`, i)
    parts.push(bytes.value)
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return ok(out)
}
