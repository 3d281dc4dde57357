import { joinBytes } from '../codec/bytes'
import { createCaptureReader, PcapngWriter } from '../codec/pcapfile'
import type { RecordedFrames, RecordedInterface, RecordedPacket } from './frame-source'

/** Recorded frames as one pcapng file (one interface block per recorded interface), nanosecond timestamps. */
export function framesToPcapng(frames: Pick<RecordedFrames, 'interfaces' | 'packets'>, application: string): Uint8Array {
  const writer = new PcapngWriter({ resolution: 'ns', application })
  const interfaces = frames.interfaces.length > 0 ? frames.interfaces : [{ linktype: 127, name: 'none' }]
  const header = writer.header(interfaces.map((i) => ({ linktype: i.linktype, name: i.name })))
  if (!header.ok) throw new Error(`Cannot write the capture header: ${header.error.reason}`)
  const parts: Uint8Array[] = [header.value]
  for (const packet of frames.packets) {
    const block = writer.packet({ interfaceId: packet.interfaceId, timestampNs: packet.timestampNs, data: packet.data })
    if (block.ok) parts.push(block.value)
  }
  return joinBytes(parts)
}

export type ReadFrames = { ok: true; interfaces: RecordedInterface[]; packets: RecordedPacket[] } | { ok: false; reason: string }

/** Reads a pcap or pcapng file held in memory; malformed records are skipped, a file that is not a capture fails. */
export function pcapngToFrames(bytes: Uint8Array, maxPackets = 1_000_000): ReadFrames {
  const reader = createCaptureReader()
  const records = [...reader.push(bytes), ...reader.end()]
  const packets: RecordedPacket[] = []
  let firstProblem: string | undefined
  for (const record of records) {
    if (record.malformed) {
      firstProblem ??= record.malformed.reason
      continue
    }
    if (packets.length < maxPackets) packets.push({ interfaceId: record.interfaceId, timestampNs: record.timestampNs, data: record.data })
  }
  if (reader.format === undefined) return { ok: false, reason: firstProblem ?? 'not a pcap or pcapng file' }
  return { ok: true, interfaces: reader.interfaces.map((i) => ({ linktype: i.linktype, name: i.name ?? `interface ${i.id}` })), packets }
}
