import { decodePacket } from '../codec/ieee80211/index.js'
import type { CaptureSink, CapturedPacket } from '../radio/capture/capture-source'
import type { AirOracle } from './air-oracle'

/** The oracle as a sink of any capture source (live pcap, file, lab air): every packet decoded and handed over. */
export function oracleSink(oracle: AirOracle, next?: CaptureSink): CaptureSink {
  return {
    packet(packet: CapturedPacket) {
      // The source reuses its buffer: the oracle keeps nothing of these bytes beyond this call.
      const bytes = packet.buffer.subarray(packet.offset, packet.offset + packet.length)
      const decoded = decodePacket(packet.iface.linktype, bytes, { fcsAtEnd: packet.iface.fcsLength === 4 })
      oracle.pushPacket(decoded, bytes, packet.seconds * 1000 + packet.nanoseconds / 1e6)
      next?.packet(packet)
    },
    batchEnd: () => next?.batchEnd?.(),
    problem: (problem) => next?.problem?.(problem),
  }
}
