// Public API of the pcap / pcapng codec: an incremental reader and streaming writers. Pure: no file I/O.
export { CaptureReader, createCaptureReader } from './capture-reader.js'
export { readCapture, readCaptureBatches } from './read-capture.js'
export {
  PcapWriter,
  PcapngWriter,
  writePcap,
  type PcapWriterOptions,
  type PcapngWriterOptions,
  type WritablePacket,
  type WriteCaptureOptions,
  type WriterInterface,
} from './capture-writers.js'
export type {
  CaptureFormat,
  CaptureInterface,
  CaptureReaderOptions,
  CaptureStats,
  PacketRecord,
  PacketSink,
  PacketView,
} from './capture-types.js'
export { splitTicks, toNanoseconds, unitsPerSecond } from './timestamps.js'
