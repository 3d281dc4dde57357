import type { ChildProcess } from 'node:child_process'
import { CaptureReader } from '../../codec/pcapfile/index.js'
import { spawnNodeModule } from '../../runtime/node-child'
import { captureReaderSink } from './capture-reader-sink'
import { CaptureError, type CaptureDescription, type CaptureEnd, type CaptureSink, type CaptureSource } from './capture-source'
import { LIVE_STATUS_PREFIX, type LiveChildOptions, type LiveStatus } from './live-protocol'

export interface LiveCaptureOptions {
  interface: string
  /** BPF (tcpdump syntax); empty or undefined = everything. */
  filter?: string
  monitor?: 'auto' | 'on' | 'off'
  snapLength?: number
  /** How long to wait for the helper to open the interface. */
  startTimeoutMs?: number
}

/** Starts the helper process; tests replace it to run the helper under another user. */
export type SpawnHelper = (moduleUrl: URL, args: string[]) => ChildProcess

const HELPER = new URL('./live-pcap-child.js', import.meta.url)

/**
 * Live capture with libpcap on one interface, monitor mode where the OS and adapter allow it. The native driver runs
 * in a helper process that streams pcap to us: a driver crash or an unplugged adapter ends the capture with a
 * reason, never the station.
 */
export class LivePcapSource implements CaptureSource {
  readonly description: CaptureDescription
  private child: ChildProcess | undefined
  private delivered = 0
  private droppedByCapture = 0
  private started = false
  private stopping = false
  private failure: CaptureError | undefined
  private settle!: (end: CaptureEnd) => void
  readonly ended: Promise<CaptureEnd>
  /** The last lines the driver printed that were not status lines (for a failure's detail). */
  private driverOutput: string[] = []
  readonly warnings: string[] = []

  constructor(
    private readonly options: LiveCaptureOptions,
    private readonly spawnHelper: SpawnHelper = spawnNodeModule,
  ) {
    this.description = { kind: 'live', label: options.interface, ...(options.filter ? { filter: options.filter } : {}) }
    this.ended = new Promise((resolve) => (this.settle = resolve))
  }

  get packets(): number {
    return this.delivered
  }

  start(sink: CaptureSink): Promise<void> {
    if (this.started) return Promise.reject(new CaptureError('failed', 'This capture source was already started.'))
    this.started = true
    const childOptions: LiveChildOptions = {
      interface: this.options.interface,
      monitor: this.options.monitor ?? 'auto',
      snapLength: this.options.snapLength ?? 262144,
      ...(this.options.filter ? { filter: this.options.filter } : {}),
    }
    return new Promise<void>((resolve, reject) => {
      let opened = false
      const child = this.spawnHelper(HELPER, [JSON.stringify(childOptions)])
      this.child = child
      const reader = new CaptureReader()
      const packetSink = captureReaderSink(reader, sink, { label: this.options.interface, active: () => true, counted: () => this.delivered++ })
      const timer = setTimeout(() => {
        if (opened) return
        this.failure = new CaptureError('failed', `The capture helper did not open ${this.options.interface} within ${this.options.startTimeoutMs ?? 15_000} ms.`, 'Check the interface and the driver (try tcpdump -i on it).')
        child.kill('SIGKILL')
      }, this.options.startTimeoutMs ?? 15_000)

      child.stdout?.on('data', (chunk: Buffer) => {
        reader.scan(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length), packetSink)
        void sink.batchEnd?.()
      })
      let stderr = ''
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        let newline: number
        while ((newline = stderr.indexOf('\n')) >= 0) {
          const line = stderr.slice(0, newline)
          stderr = stderr.slice(newline + 1)
          if (!line.startsWith(LIVE_STATUS_PREFIX)) {
            if (line.trim()) this.driverOutput = [...this.driverOutput.slice(-9), line.slice(0, 300)]
            continue
          }
          let message: LiveStatus
          try {
            message = JSON.parse(line.slice(LIVE_STATUS_PREFIX.length)) as LiveStatus
          } catch {
            continue
          }
          if (message.type === 'started') {
            opened = true
            clearTimeout(timer)
            this.description.monitorMode = message.monitorMode
            this.description.linktype = message.linktype
            this.description.label = `${this.options.interface}${message.monitorMode ? ' (monitor mode)' : ''}`
            resolve()
          } else if (message.type === 'stats') {
            this.droppedByCapture = message.dropped
          } else if (message.type === 'warning') {
            this.warnings.push(message.message)
          } else if (message.type === 'error') {
            this.failure = new CaptureError(message.code, message.message, message.remedy)
          }
        }
      })
      child.on('error', (error) => {
        this.failure ??= new CaptureError('driver-unavailable', `Cannot start the capture helper: ${error.message}`, 'Reinstall dependencies (npm ci).')
      })
      child.on('close', (code, signal) => {
        clearTimeout(timer)
        reader.endScan(packetSink)
        void sink.batchEnd?.()
        const failure =
          this.failure ??
          (this.stopping || code === 0
            ? undefined
            : new CaptureError('failed', `The capture helper stopped (${signal ?? `exit ${code}`})${this.driverOutput.length ? `: ${this.driverOutput.at(-1)}` : ''}.`, 'Check the interface and the driver (try tcpdump -i on it).'))
        const end: CaptureEnd = failure
          ? { reason: 'failed', packets: this.delivered, droppedByCapture: this.droppedByCapture, error: failure }
          : { reason: 'stopped', packets: this.delivered, droppedByCapture: this.droppedByCapture }
        this.child = undefined
        this.settle(end)
        if (!opened) reject(failure ?? new CaptureError('failed', 'The capture helper ended before the capture started.'))
      })
    })
  }

  async stop(): Promise<CaptureEnd> {
    this.stopping = true
    const child = this.child
    if (!child) {
      if (!this.started) this.settle({ reason: 'stopped', packets: 0, droppedByCapture: 0 })
      return this.ended
    }
    child.kill('SIGTERM')
    const killer = setTimeout(() => child.kill('SIGKILL'), 3_000)
    const end = await this.ended
    clearTimeout(killer)
    return end
  }
}
