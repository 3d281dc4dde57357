import type { CaptureInterface, CaptureReader, PacketRecord, PacketSink, PacketView } from '../../codec/pcapfile/index.js'
import type { CaptureInterfaceInfo, CapturedPacket, CaptureSink } from './capture-source'

/**
 * Adapts the pcap/pcapng reader's per-packet views to CapturedPacket for a capture sink, reusing one object (no
 * allocation per packet). Used by the file source and by the live source (whose helper streams pcap).
 */
export function captureReaderSink(reader: CaptureReader, sink: CaptureSink, options: { label: string; active(): boolean; counted(): void; defaultFcsLength?: number }): PacketSink {
  const interfaces = new WeakMap<CaptureInterface, CaptureInterfaceInfo>()
  const packet: CapturedPacket = { iface: { linktype: -1, name: options.label }, buffer: new Uint8Array(0), offset: 0, length: 0, originalLength: 0, seconds: 0, nanoseconds: 0 }
  const infoFor = (view: PacketView): CaptureInterfaceInfo => {
    const iface = reader.interfaces[view.interfaceId]
    if (!iface) return { linktype: view.linktype, name: `interface ${view.interfaceId}` }
    let info = interfaces.get(iface)
    if (!info) {
      info = { linktype: iface.linktype, name: iface.name ?? (reader.format === 'pcap' ? options.label : `interface ${iface.id}`) }
      const fcsLength = iface.fcsLength ?? options.defaultFcsLength
      if (fcsLength !== undefined) info.fcsLength = fcsLength
      interfaces.set(iface, info)
    }
    return info
  }
  return {
    packet(view: PacketView) {
      if (!options.active()) return
      packet.iface = infoFor(view)
      packet.buffer = view.buffer
      packet.offset = view.offset
      packet.length = view.capturedLength
      packet.originalLength = view.originalLength
      packet.seconds = view.seconds
      packet.nanoseconds = view.nanoseconds
      options.counted()
      sink.packet(packet)
    },
    malformed(record: PacketRecord) {
      if (record.malformed) sink.problem?.(record.malformed)
    },
  }
}
