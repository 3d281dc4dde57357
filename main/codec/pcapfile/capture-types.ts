// Shapes shared by the pcap/pcapng readers and writers.
import type { CodecError } from '../result.js'

export type CaptureFormat = 'pcap' | 'pcapng'

export interface PacketRecord {
  /** pcapng interface index within its section (0 for pcap); -1 on a malformed record with no interface. */
  interfaceId: number
  /** LINKTYPE_* of the interface; -1 when unknown. */
  linktype: number
  /** Nanoseconds since the Unix epoch (interface timestamp offset applied). */
  timestampNs: bigint
  capturedLength: number
  originalLength: number
  data: Uint8Array
  /** Offset of the record (pcap) or block (pcapng) in the file. */
  fileOffset: number
  /** pcapng opt_comment values. */
  comments?: string[]
  /** pcapng epb_flags (direction, reception type, FCS length, link-layer errors). */
  flags?: number
  /** Set on a record that reports a problem in the file instead of a packet; `data` is then empty. */
  malformed?: CodecError
}

export interface CaptureInterface {
  /** Index within its pcapng section (0 for pcap). */
  id: number
  /** pcapng section number, counting from 0 (always 0 for pcap). */
  section: number
  linktype: number
  snapLength: number
  name?: string
  description?: string
  /** Ticks per second of the interface's timestamps (pcapng if_tsresol; 1e6 or 1e9 for pcap). */
  timestampUnitsPerSecond: number
  /** pcapng if_tsoffset: seconds added to every timestamp. */
  timestampOffsetSeconds: number
  /** Bytes of FCS at the end of each packet, when the file says (pcapng if_fcslen, pcap FCS bits). */
  fcsLength?: number
}

/**
 * The fast path's per-packet view, reused for every packet: no allocation per record. The packet bytes are
 * buffer[offset .. offset+capturedLength) and stay valid only during the sink call.
 */
export interface PacketView {
  interfaceId: number
  linktype: number
  buffer: Uint8Array
  offset: number
  capturedLength: number
  originalLength: number
  seconds: number
  nanoseconds: number
  fileOffset: number
  /** pcapng opt_comment values, when the block has any. */
  comments?: string[]
  /** pcapng epb_flags, when present. */
  flags?: number
}

export interface PacketSink {
  packet(view: PacketView): void
  /** A problem in the file; parsing continues after it unless the reader has stopped. */
  malformed(record: PacketRecord): void
}

export interface CaptureReaderOptions {
  /**
   * Largest captured packet accepted (pcap record or pcapng packet); larger lengths are treated as corrupt.
   * Default 262144, Wireshark's limit for ordinary link types.
   */
  maxPacketBytes?: number
  /** Largest pcapng block accepted. Default 16 MiB. */
  maxBlockBytes?: number
  /** How far to scan for the next plausible pcapng block after a broken one. Default 1 MiB. */
  maxResyncBytes?: number
  /**
   * push()/readCapture(): copy each packet's bytes (default true) so a record does not pin the whole chunk
   * it came from (and survives structured cloning cheaply). false gives views into the pushed chunks.
   */
  copyPackets?: boolean
}

export interface CaptureStats {
  packets: number
  malformed: number
  skippedBlocks: number
  bytes: number
}
