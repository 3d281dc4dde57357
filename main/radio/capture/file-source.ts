import fs from 'node:fs/promises'
import path from 'node:path'
import { CaptureReader, type PacketSink } from '../../codec/pcapfile/index.js'
import { captureReaderSink } from './capture-reader-sink'
import { CaptureError, type CaptureDescription, type CaptureEnd, type CaptureSink, type CaptureSource } from './capture-source'

const CHUNK_BYTES = 1 << 20

/**
 * A pcap or pcapng file, read as a stream: one chunk at a time (plus at most one incomplete record), so a 2 GB file
 * never sits in memory. Between chunks the source waits for the sink (backpressure) and yields to the event loop,
 * so the station keeps answering while a big file loads.
 */
export class FileCaptureSource implements CaptureSource {
  readonly description: CaptureDescription
  private delivered = 0
  private stopping = false
  private started = false
  private settle!: (end: CaptureEnd) => void
  readonly ended: Promise<CaptureEnd>

  constructor(
    readonly file: string,
    options: { label?: string; chunkBytes?: number } = {},
  ) {
    this.description = { kind: 'file', label: options.label ?? path.basename(file) }
    this.chunkBytes = options.chunkBytes ?? CHUNK_BYTES
    this.ended = new Promise((resolve) => (this.settle = resolve))
  }

  private readonly chunkBytes: number

  get packets(): number {
    return this.delivered
  }

  async start(sink: CaptureSink): Promise<void> {
    if (this.started) throw new CaptureError('failed', 'This capture source was already started.')
    this.started = true
    let handle: fs.FileHandle
    try {
      handle = await fs.open(this.file, 'r')
      const stat = await handle.stat()
      if (stat.isDirectory()) {
        await handle.close()
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
      }
    } catch (error) {
      const end = this.failEnd(describeOpenError(this.file, error as NodeJS.ErrnoException))
      throw end.error
    }
    const reader = new CaptureReader()
    const packetSink = this.packetSink(sink, reader)
    // The first chunk is read before start() resolves, so "this is not a capture file" is an answer, not an event.
    const first = await this.readChunk(handle, reader, packetSink).catch((error: Error) => error)
    if (first instanceof Error || reader.stopped) {
      await handle.close()
      const end = this.failEnd(
        first instanceof Error
          ? new CaptureError('file-unreadable', `Cannot read ${this.description.label}: ${first.message}`)
          : new CaptureError('not-a-capture', `${this.description.label} is not a pcap or pcapng capture file.`, 'Open a .pcap or .pcapng file (Wireshark, tcpdump and Provbench write them).'),
      )
      throw end.error
    }
    void this.pump(handle, reader, packetSink, sink, first)
  }

  async stop(): Promise<CaptureEnd> {
    this.stopping = true
    if (!this.started) this.settle({ reason: 'stopped', packets: 0, droppedByCapture: 0 })
    return this.ended
  }

  private failEnd(error: CaptureError): CaptureEnd {
    const end: CaptureEnd = { reason: 'failed', packets: this.delivered, droppedByCapture: 0, error }
    this.settle(end)
    return end
  }

  private async pump(handle: fs.FileHandle, reader: CaptureReader, packetSink: PacketSink, sink: CaptureSink, first: number): Promise<void> {
    let end: CaptureEnd | undefined
    try {
      let bytes = first
      await sink.batchEnd?.()
      while (bytes > 0 && !this.stopping && !reader.stopped) {
        await new Promise<void>((resolve) => setImmediate(resolve))
        if (this.stopping) break
        bytes = await this.readChunk(handle, reader, packetSink)
        await sink.batchEnd?.()
      }
      if (!this.stopping) {
        reader.endScan(packetSink)
        await sink.batchEnd?.()
      }
      end = { reason: this.stopping ? 'stopped' : 'end-of-file', packets: this.delivered, droppedByCapture: 0 }
    } catch (error) {
      end = { reason: 'failed', packets: this.delivered, droppedByCapture: 0, error: new CaptureError('file-unreadable', `Reading ${this.description.label} failed: ${(error as Error).message}`) }
    } finally {
      await handle.close().catch(() => undefined)
    }
    this.settle(end)
  }

  private async readChunk(handle: fs.FileHandle, reader: CaptureReader, packetSink: PacketSink): Promise<number> {
    // A fresh buffer per chunk: the reader keeps the tail of the previous one until its record completes.
    const buffer = new Uint8Array(this.chunkBytes)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
    if (bytesRead > 0) reader.scan(buffer.subarray(0, bytesRead), packetSink)
    return bytesRead
  }

  private packetSink(sink: CaptureSink, reader: CaptureReader): PacketSink {
    return captureReaderSink(reader, sink, { label: this.description.label, active: () => !this.stopping, counted: () => this.delivered++ })
  }
}

function describeOpenError(file: string, error: NodeJS.ErrnoException): CaptureError {
  const name = path.basename(file)
  switch (error.code) {
    case 'ENOENT':
      return new CaptureError('file-unreadable', `${name}: no such file.`, 'Check the path (on the station’s machine, not the browser’s).')
    case 'EACCES':
    case 'EPERM':
      return new CaptureError('file-unreadable', `${name}: no permission to read it.`, 'Make the file readable by the user running Provbench.')
    case 'EISDIR':
      return new CaptureError('file-unreadable', `${name} is a folder, not a capture file.`)
    default:
      return new CaptureError('file-unreadable', `Cannot open ${name}: ${error.message}`)
  }
}
