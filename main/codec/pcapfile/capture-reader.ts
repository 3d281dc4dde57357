// Incremental pcap / pcapng reader. Chunks of any size go in; complete packets come out, and only the
// incomplete tail is held. Problems in the file become malformed records with a reason and file offset:
// pcapng resynchronises on the next plausible block, pcap (which has no block markers) stops cleanly.
import type { CodecError } from '../result.js'
import { ByteQueue } from './byte-queue.js'
import type {
  CaptureFormat,
  CaptureInterface,
  CaptureReaderOptions,
  CaptureStats,
  PacketRecord,
  PacketSink,
  PacketView,
} from './capture-types.js'
import { splitTicks, toNanoseconds, unitsPerSecond, type SplitTime } from './timestamps.js'

const PCAP_MAGIC_MICRO = 0xa1b2c3d4
const PCAP_MAGIC_NANO = 0xa1b23c4d
const PCAP_MAGIC_MICRO_SWAPPED = 0xd4c3b2a1
const PCAP_MAGIC_NANO_SWAPPED = 0x4d3cb2a1
const PCAP_HEADER_LENGTH = 24
const PCAP_RECORD_HEADER_LENGTH = 16

export const BLOCK_SHB = 0x0a0d0d0a
export const BLOCK_IDB = 0x00000001
export const BLOCK_OPB = 0x00000002
export const BLOCK_SPB = 0x00000003
export const BLOCK_NRB = 0x00000004
export const BLOCK_ISB = 0x00000005
export const BLOCK_EPB = 0x00000006
const BYTE_ORDER_MAGIC = 0x1a2b3c4d
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a
/** Block types a resynchronising reader accepts as a fresh start. */
const RESYNC_TYPES = new Set([BLOCK_SHB, BLOCK_IDB, BLOCK_OPB, BLOCK_SPB, BLOCK_NRB, BLOCK_ISB, BLOCK_EPB, 0x0a, 0x0bad, 0x40000bad])

const OPT_END = 0
const OPT_COMMENT = 1
const IF_NAME = 2
const IF_DESCRIPTION = 3
const IF_TSRESOL = 9
const IF_FCSLEN = 13
const IF_TSOFFSET = 14
const EPB_FLAGS = 2

type State = 'magic' | 'pcap-header' | 'pcap-record' | 'pcapng-block' | 'pcapng-resync' | 'stopped'

const utf8 = new TextDecoder('utf-8')
const EMPTY = new Uint8Array(0)

const pad4 = (n: number) => (n + 3) & ~3

function readU16(b: Uint8Array, o: number, little: boolean): number {
  return little ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]
}

function readU32(b: Uint8Array, o: number, little: boolean): number {
  return little
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0
}

export class CaptureReader {
  format: CaptureFormat | undefined
  /** Interfaces of the current section (pcap: the one pseudo-interface). */
  interfaces: CaptureInterface[] = []
  readonly stats: CaptureStats = { packets: 0, malformed: 0, skippedBlocks: 0, bytes: 0 }

  private readonly queue = new ByteQueue()
  private readonly maxPacketBytes: number
  private readonly maxBlockBytes: number
  private readonly maxResyncBytes: number
  private readonly copyPackets: boolean
  private state: State = 'magic'
  /** File offset of the first byte held in the queue. */
  private fileOffset = 0
  private little = true
  private section = -1
  private pcapNanoseconds = false
  private resyncStart = 0
  private ended = false
  /** What the parser waits for when it runs out of bytes (for the truncation message at end). */
  private waitingFor = 'file header'
  private waitingBytes = 4
  private readonly time: SplitTime = { seconds: 0, nanoseconds: 0 }
  private readonly view: PacketView = {
    interfaceId: 0,
    linktype: 0,
    buffer: EMPTY,
    offset: 0,
    capturedLength: 0,
    originalLength: 0,
    seconds: 0,
    nanoseconds: 0,
    fileOffset: 0,
  }

  constructor(options: CaptureReaderOptions = {}) {
    this.maxPacketBytes = options.maxPacketBytes ?? 262144
    this.maxBlockBytes = options.maxBlockBytes ?? 16 * 1024 * 1024
    this.maxResyncBytes = options.maxResyncBytes ?? 1024 * 1024
    this.copyPackets = options.copyPackets ?? true
  }

  /** Bytes held for an incomplete record or block: at most one record plus the chunk that brought it. */
  get bufferedBytes(): number {
    return this.queue.available
  }

  /** True once the reader gave up on the file (a fatal problem, or end() was called). */
  get stopped(): boolean {
    return this.state === 'stopped'
  }

  /** Feeds a chunk and returns the complete packet (and problem) records it finished. */
  push(chunk: Uint8Array): PacketRecord[] {
    const records: PacketRecord[] = []
    this.scan(chunk, this.collector(records))
    return records
  }

  /** Signals the end of the stream: returns the records still pending, or a record saying the file was cut. */
  end(): PacketRecord[] {
    const records: PacketRecord[] = []
    this.endScan(this.collector(records))
    return records
  }

  /** Fast path: feeds a chunk and calls the sink for each packet with a reused view (no allocation). */
  scan(chunk: Uint8Array, sink: PacketSink): void {
    if (this.state === 'stopped') return
    this.stats.bytes += chunk.length
    this.queue.append(chunk)
    this.drain(sink)
  }

  endScan(sink: PacketSink): void {
    if (this.state === 'stopped') return
    this.ended = true
    this.drain(sink)
    if (this.stopped) return
    if (this.state === 'magic' && this.fileOffset === 0 && this.queue.available === 0) {
      this.fatal(sink, 'no capture data: the stream is empty', 0)
      return
    }
    if (this.queue.available > 0) {
      this.fatal(
        sink,
        `file ends inside the ${this.waitingFor}: ${this.queue.available} of ${this.waitingBytes} bytes present`,
        this.fileOffset,
      )
      return
    }
    this.state = 'stopped'
  }

  private collector(records: PacketRecord[]): PacketSink {
    const copy = this.copyPackets
    return {
      packet(v) {
        const end = v.offset + v.capturedLength
        const record: PacketRecord = {
          interfaceId: v.interfaceId,
          linktype: v.linktype,
          timestampNs: toNanoseconds(v.seconds, v.nanoseconds),
          capturedLength: v.capturedLength,
          originalLength: v.originalLength,
          data: copy ? v.buffer.slice(v.offset, end) : v.buffer.subarray(v.offset, end),
          fileOffset: v.fileOffset,
        }
        if (v.comments) record.comments = v.comments
        if (v.flags !== undefined) record.flags = v.flags
        records.push(record)
      },
      malformed(record) {
        records.push(record)
      },
    }
  }

  private need(bytes: number, what: string): boolean {
    if (this.queue.available >= bytes) return true
    this.waitingFor = what
    this.waitingBytes = bytes
    return false
  }

  private consume(n: number): void {
    this.queue.skip(n)
    this.fileOffset += n
  }

  private drain(sink: PacketSink): void {
    const q = this.queue
    for (;;) {
      switch (this.state) {
        case 'stopped':
          return
        case 'magic': {
          if (!this.need(4, 'file header')) return
          q.peek(4)
          const magic = readU32(q.buf, q.off, true)
          if (magic === BLOCK_SHB) {
            this.format = 'pcapng'
            this.state = 'pcapng-block'
          } else if (magic === PCAP_MAGIC_MICRO || magic === PCAP_MAGIC_NANO) {
            this.startPcap(true, magic === PCAP_MAGIC_NANO)
          } else if (magic === PCAP_MAGIC_MICRO_SWAPPED || magic === PCAP_MAGIC_NANO_SWAPPED) {
            this.startPcap(false, magic === PCAP_MAGIC_NANO_SWAPPED)
          } else {
            return this.fatal(sink, `not a pcap or pcapng file (magic 0x${magic.toString(16).padStart(8, '0')})`, 0)
          }
          break
        }
        case 'pcap-header':
          if (!this.need(PCAP_HEADER_LENGTH, 'pcap file header')) return
          this.readPcapHeader(sink)
          break
        case 'pcap-record':
          if (!this.readPcapRecord(sink)) return
          break
        case 'pcapng-block':
          if (!this.readBlock(sink)) return
          break
        case 'pcapng-resync':
          if (!this.resync(sink)) return
          break
      }
    }
  }

  // ------------------------------------------------------------------------------------------------
  // pcap

  private startPcap(little: boolean, nanoseconds: boolean): void {
    this.format = 'pcap'
    this.little = little
    this.pcapNanoseconds = nanoseconds
    this.state = 'pcap-header'
  }

  private readPcapHeader(sink: PacketSink): void {
    const q = this.queue
    q.peek(PCAP_HEADER_LENGTH)
    const b = q.buf
    const o = q.off
    const major = readU16(b, o + 4, this.little)
    if (major !== 2) return this.fatal(sink, `pcap version ${major} is not 2`, 4)
    const network = readU32(b, o + 20, this.little)
    const fcsPresent = (network & 0x04000000) !== 0
    this.interfaces = [
      {
        id: 0,
        section: 0,
        linktype: network & 0xffff,
        snapLength: readU32(b, o + 16, this.little),
        timestampUnitsPerSecond: this.pcapNanoseconds ? 1e9 : 1e6,
        timestampOffsetSeconds: 0,
        ...(fcsPresent ? { fcsLength: (network >>> 28) * 2 } : {}),
      },
    ]
    this.consume(PCAP_HEADER_LENGTH)
    this.state = 'pcap-record'
  }

  private readPcapRecord(sink: PacketSink): boolean {
    const q = this.queue
    if (!this.need(PCAP_RECORD_HEADER_LENGTH, 'pcap record header')) return false
    q.peek(PCAP_RECORD_HEADER_LENGTH)
    const little = this.little
    const captured = readU32(q.buf, q.off + 8, little)
    if (captured > this.maxPacketBytes) {
      this.fatal(sink, `pcap record claims ${captured} captured bytes, more than the ${this.maxPacketBytes}-byte limit`, this.fileOffset + 8)
      return false
    }
    const total = PCAP_RECORD_HEADER_LENGTH + captured
    if (!this.need(total, 'pcap record')) return false
    q.peek(total)
    const b = q.buf
    const o = q.off
    let seconds = readU32(b, o, little)
    let fraction = readU32(b, o + 4, little)
    const v = this.view
    if (this.pcapNanoseconds) {
      if (fraction >= 1e9) {
        seconds += Math.floor(fraction / 1e9)
        fraction %= 1e9
      }
      v.nanoseconds = fraction
    } else {
      if (fraction >= 1e6) {
        seconds += Math.floor(fraction / 1e6)
        fraction %= 1e6
      }
      v.nanoseconds = fraction * 1000
    }
    v.seconds = seconds
    v.interfaceId = 0
    v.linktype = this.interfaces[0].linktype
    v.buffer = b
    v.offset = o + PCAP_RECORD_HEADER_LENGTH
    v.capturedLength = captured
    v.originalLength = readU32(b, o + 12, little)
    v.fileOffset = this.fileOffset
    v.comments = undefined
    v.flags = undefined
    this.stats.packets++
    sink.packet(v)
    this.consume(total)
    return true
  }

  // ------------------------------------------------------------------------------------------------
  // pcapng

  /** Reads type, length (in the right byte order) and checks framing. Undefined = need more bytes. */
  private blockHeader(): { type: number; length: number; little: boolean; problem?: string } | undefined {
    const q = this.queue
    if (!this.need(8, 'pcapng block header')) return undefined
    q.peek(8)
    let type = readU32(q.buf, q.off, this.little)
    let little = this.little
    if (readU32(q.buf, q.off, true) === BLOCK_SHB) {
      if (!this.need(12, 'section header block')) return undefined
      q.peek(12)
      const bom = readU32(q.buf, q.off + 8, true)
      if (bom === BYTE_ORDER_MAGIC) little = true
      else if (bom === BYTE_ORDER_MAGIC_SWAPPED) little = false
      else return { type: BLOCK_SHB, length: 0, little, problem: `section header has byte-order magic 0x${bom.toString(16)}` }
      type = BLOCK_SHB
    }
    const length = readU32(q.buf, q.off + 4, little)
    const minimum = type === BLOCK_SHB ? 28 : 12
    let problem: string | undefined
    if (length < minimum) problem = `block type 0x${type.toString(16)} has length ${length}, below the minimum ${minimum}`
    else if (length % 4 !== 0) problem = `block type 0x${type.toString(16)} has length ${length}, not a multiple of 4`
    else if (length > this.maxBlockBytes) problem = `block type 0x${type.toString(16)} claims ${length} bytes, over the ${this.maxBlockBytes}-byte limit`
    return { type, length, little, problem }
  }

  private readBlock(sink: PacketSink): boolean {
    const header = this.blockHeader()
    if (!header) return false
    if (header.problem) {
      this.startResync(sink, header.problem)
      return true
    }
    const { type, length, little } = header
    if (!this.need(length, 'pcapng block')) return false
    const q = this.queue
    q.peek(length)
    const trailer = readU32(q.buf, q.off + length - 4, little)
    if (trailer !== length) {
      this.startResync(sink, `block type 0x${type.toString(16)} length ${length} does not match its trailing length ${trailer}`)
      return true
    }
    const b = q.buf
    const start = q.off
    const bodyEnd = start + length - 4
    switch (type) {
      case BLOCK_SHB:
        if (!this.sectionHeader(sink, b, start, little)) return false
        break
      case BLOCK_IDB:
        this.interfaceDescription(sink, b, start, bodyEnd)
        break
      case BLOCK_EPB:
        this.enhancedPacket(sink, b, start, bodyEnd)
        break
      case BLOCK_SPB:
        this.simplePacket(sink, b, start, bodyEnd)
        break
      case BLOCK_OPB:
        this.obsoletePacket(sink, b, start, bodyEnd)
        break
      default:
        this.stats.skippedBlocks++
    }
    this.consume(length)
    return true
  }

  private sectionHeader(sink: PacketSink, b: Uint8Array, start: number, little: boolean): boolean {
    const major = readU16(b, start + 12, little)
    if (major !== 1) {
      this.fatal(sink, `pcapng section version ${major} is not 1`, this.fileOffset + 12)
      return false
    }
    this.little = little
    this.section++
    this.interfaces = []
    return true
  }

  private interfaceDescription(sink: PacketSink, b: Uint8Array, start: number, bodyEnd: number): void {
    const body = start + 8
    if (body + 8 > bodyEnd) return this.problem(sink, 'interface description block is shorter than its fixed fields', this.fileOffset)
    const little = this.little
    const iface: CaptureInterface = {
      id: this.interfaces.length,
      section: this.section,
      linktype: readU16(b, body, little),
      snapLength: readU32(b, body + 4, little),
      timestampUnitsPerSecond: 1e6,
      timestampOffsetSeconds: 0,
    }
    this.interfaces.push(iface)
    const problem = this.options(b, body + 8, bodyEnd, (code, at, length) => {
      switch (code) {
        case IF_NAME:
          iface.name = utf8.decode(b.subarray(at, at + length))
          break
        case IF_DESCRIPTION:
          iface.description = utf8.decode(b.subarray(at, at + length))
          break
        case IF_TSRESOL: {
          if (length !== 1) return `if_tsresol option has length ${length}, not 1`
          const units = unitsPerSecond(b[at])
          if (units === undefined) return `if_tsresol 0x${b[at].toString(16)} is out of range`
          iface.timestampUnitsPerSecond = units
          break
        }
        case IF_FCSLEN:
          if (length !== 1) return `if_fcslen option has length ${length}, not 1`
          iface.fcsLength = b[at]
          break
        case IF_TSOFFSET:
          if (length !== 8) return `if_tsoffset option has length ${length}, not 8`
          iface.timestampOffsetSeconds = Number(
            little
              ? (BigInt.asIntN(32, BigInt(readU32(b, at + 4, true))) << 32n) | BigInt(readU32(b, at, true))
              : (BigInt.asIntN(32, BigInt(readU32(b, at, false))) << 32n) | BigInt(readU32(b, at + 4, false)),
          )
          break
      }
      return undefined
    })
    if (problem) this.problem(sink, `interface ${iface.id}: ${problem.reason}`, this.fileOffset + (problem.offset - start))
  }

  private enhancedPacket(sink: PacketSink, b: Uint8Array, start: number, bodyEnd: number): void {
    const body = start + 8
    if (body + 20 > bodyEnd) return this.problem(sink, 'enhanced packet block is shorter than its fixed fields', this.fileOffset)
    const little = this.little
    const interfaceId = readU32(b, body, little)
    const captured = readU32(b, body + 12, little)
    const dataEnd = body + 20 + captured
    if (captured > this.maxPacketBytes) {
      return this.problem(sink, `packet claims ${captured} captured bytes, more than the ${this.maxPacketBytes}-byte limit`, this.fileOffset + 20)
    }
    if (dataEnd > bodyEnd) {
      return this.problem(sink, `packet claims ${captured} captured bytes, the block holds ${bodyEnd - body - 20}`, this.fileOffset + 20)
    }
    const iface = this.interfaces[interfaceId]
    if (!iface) return this.problem(sink, `packet names interface ${interfaceId}, the section has ${this.interfaces.length}`, this.fileOffset + 8)
    const v = this.view
    v.comments = undefined
    v.flags = undefined
    const optionsStart = body + 20 + pad4(captured)
    if (optionsStart < bodyEnd) {
      const problem = this.options(b, optionsStart, bodyEnd, (code, at, length) => {
        if (code === OPT_COMMENT) (v.comments ??= []).push(utf8.decode(b.subarray(at, at + length)))
        else if (code === EPB_FLAGS && length === 4) v.flags = readU32(b, at, little)
        return undefined
      })
      if (problem) this.problem(sink, `packet options: ${problem.reason}`, this.fileOffset + (problem.offset - start))
    }
    this.emitTicks(iface, readU32(b, body + 4, little), readU32(b, body + 8, little))
    v.buffer = b
    v.offset = body + 20
    v.capturedLength = captured
    v.originalLength = readU32(b, body + 16, little)
    this.deliver(sink)
  }

  private simplePacket(sink: PacketSink, b: Uint8Array, start: number, bodyEnd: number): void {
    const body = start + 8
    if (body + 4 > bodyEnd) return this.problem(sink, 'simple packet block is shorter than its fixed field', this.fileOffset)
    const iface = this.interfaces[0]
    if (!iface) return this.problem(sink, 'simple packet block before any interface description', this.fileOffset)
    const original = readU32(b, body, this.little)
    let captured = Math.min(original, bodyEnd - body - 4)
    if (iface.snapLength > 0) captured = Math.min(captured, iface.snapLength)
    const v = this.view
    v.comments = undefined
    v.flags = undefined
    // Simple packet blocks carry no timestamp.
    v.interfaceId = 0
    v.linktype = iface.linktype
    v.seconds = 0
    v.nanoseconds = 0
    v.buffer = b
    v.offset = body + 4
    v.capturedLength = captured
    v.originalLength = original
    this.deliver(sink)
  }

  private obsoletePacket(sink: PacketSink, b: Uint8Array, start: number, bodyEnd: number): void {
    const body = start + 8
    if (body + 20 > bodyEnd) return this.problem(sink, 'packet block is shorter than its fixed fields', this.fileOffset)
    const little = this.little
    const interfaceId = readU16(b, body, little)
    const captured = readU32(b, body + 12, little)
    if (captured > this.maxPacketBytes || body + 20 + captured > bodyEnd) {
      return this.problem(sink, `packet block claims ${captured} captured bytes, the block holds ${bodyEnd - body - 20}`, this.fileOffset + 20)
    }
    const iface = this.interfaces[interfaceId]
    if (!iface) return this.problem(sink, `packet block names interface ${interfaceId}, the section has ${this.interfaces.length}`, this.fileOffset + 8)
    const v = this.view
    v.comments = undefined
    v.flags = undefined
    this.emitTicks(iface, readU32(b, body + 4, little), readU32(b, body + 8, little))
    v.buffer = b
    v.offset = body + 20
    v.capturedLength = captured
    v.originalLength = readU32(b, body + 16, little)
    this.deliver(sink)
  }

  private emitTicks(iface: CaptureInterface, high: number, low: number): void {
    splitTicks(high, low, iface.timestampUnitsPerSecond, this.time)
    const v = this.view
    v.interfaceId = iface.id
    v.linktype = iface.linktype
    v.seconds = this.time.seconds + iface.timestampOffsetSeconds
    v.nanoseconds = this.time.nanoseconds
  }

  private deliver(sink: PacketSink): void {
    this.view.fileOffset = this.fileOffset
    this.stats.packets++
    sink.packet(this.view)
  }

  /**
   * Walks pcapng options in b[start..end). Each iteration advances at least 4 bytes, so a zero-length or
   * looping option list cannot hang the reader. The callback may return a complaint about one option.
   */
  private options(
    b: Uint8Array,
    start: number,
    end: number,
    onOption: (code: number, at: number, length: number) => string | undefined,
  ): CodecError | undefined {
    let at = start
    while (at + 4 <= end) {
      const code = readU16(b, at, this.little)
      const length = readU16(b, at + 2, this.little)
      if (code === OPT_END) return undefined
      if (at + 4 + length > end) return { reason: `option ${code} with ${length} bytes runs past the block`, offset: at }
      const complaint = onOption(code, at + 4, length)
      if (complaint) return { reason: complaint, offset: at }
      at += 4 + pad4(length)
    }
    return undefined
  }

  private startResync(sink: PacketSink, reason: string): void {
    this.problem(sink, `${reason}; skipping to the next valid block`, this.fileOffset)
    this.resyncStart = this.fileOffset
    this.state = 'pcapng-resync'
    this.consume(4)
  }

  /** Scans 4-byte steps for a block whose type is known and whose trailing length matches. */
  private resync(sink: PacketSink): boolean {
    const q = this.queue
    for (;;) {
      if (this.fileOffset - this.resyncStart > this.maxResyncBytes) {
        this.fatal(sink, `no valid pcapng block within ${this.maxResyncBytes} bytes after offset ${this.resyncStart}`, this.resyncStart)
        return false
      }
      if (q.available < 12) {
        if (!this.ended) return this.need(12, 'pcapng block header')
        if (q.available === 0) {
          this.state = 'stopped'
          return false
        }
        this.fatal(sink, `no valid pcapng block after offset ${this.resyncStart} before the end of the file`, this.resyncStart)
        return false
      }
      const header = this.blockHeader()!
      if (!header.problem && RESYNC_TYPES.has(header.type)) {
        if (q.available < header.length && !this.ended) return this.need(header.length, 'pcapng block')
        if (q.available >= header.length) {
          q.peek(header.length)
          if (readU32(q.buf, q.off + header.length - 4, header.little) === header.length) {
            this.state = 'pcapng-block'
            return true
          }
        }
      }
      this.consume(4)
    }
  }

  private problem(sink: PacketSink, reason: string, offset: number): void {
    this.stats.malformed++
    sink.malformed({
      interfaceId: -1,
      linktype: -1,
      timestampNs: 0n,
      capturedLength: 0,
      originalLength: 0,
      data: EMPTY,
      fileOffset: offset,
      malformed: { reason, offset },
    })
  }

  private fatal(sink: PacketSink, reason: string, offset: number): void {
    this.problem(sink, reason, offset)
    this.state = 'stopped'
    this.queue.skip(this.queue.available)
  }
}

export function createCaptureReader(options?: CaptureReaderOptions): CaptureReader {
  return new CaptureReader(options)
}
