import fs from 'node:fs'
import { PcapngWriter } from '../../codec/pcapfile/index.js'
import type { CaptureEnd, CaptureInterfaceInfo, CaptureSource } from './capture-source'

/**
 * Writes what a capture source delivers to a pcapng file as it arrives (for `provision --capture` with hardware).
 * The file gets the first interface the source reports; a live source has exactly one.
 */
export class CaptureRecorder {
  private readonly writer = new PcapngWriter({ resolution: 'ns', application: 'Provbench' })
  private readonly out: fs.WriteStream
  private iface: CaptureInterfaceInfo | undefined
  private frames = 0
  private skipped = 0

  constructor(
    private readonly source: CaptureSource,
    readonly file: string,
  ) {
    this.out = fs.createWriteStream(file)
  }

  /** Starts the source; rejects (and removes the empty file) when it cannot capture. */
  async start(): Promise<void> {
    try {
      await this.source.start({
        packet: (p) => {
          if (!this.iface) {
            this.iface = p.iface
            const header = this.writer.header([{ linktype: p.iface.linktype, name: p.iface.name, ...(p.iface.fcsLength !== undefined ? { fcsLength: p.iface.fcsLength } : {}) }])
            if (header.ok) this.out.write(header.value)
          }
          if (p.iface !== this.iface) {
            this.skipped++
            return
          }
          const block = this.writer.packet({ timestampNs: BigInt(p.seconds) * 1_000_000_000n + BigInt(p.nanoseconds), data: p.buffer.slice(p.offset, p.offset + p.length), originalLength: p.originalLength })
          if (block.ok) {
            this.out.write(block.value)
            this.frames++
          }
        },
      })
    } catch (error) {
      this.out.destroy()
      fs.rmSync(this.file, { force: true })
      throw error
    }
  }

  /** Stops the source and closes the file; resolves with what was written and how the capture ended. */
  async stop(): Promise<{ frames: number; skipped: number; end: CaptureEnd }> {
    const end = await this.source.stop()
    // Nothing captured is still a capture file: header only, so Wireshark opens it and shows it empty.
    if (!this.iface) {
      const header = this.writer.header([{ linktype: this.source.description.linktype ?? 127, name: this.source.description.label }])
      if (header.ok) this.out.write(header.value)
    }
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())))
    return { frames: this.frames, skipped: this.skipped, end }
  }
}
