import type { FrameDetail, FrameFilter, FramePage, FramesStatus } from '../../preload/contract'
import type { CaptureEnd, CaptureError, CaptureSink, CaptureSource } from '../radio/capture/capture-source'
import { frameDetail } from './frame-detail'
import { frameRow } from './frame-rows'
import { FrameStore } from './frame-store'

const services = new WeakMap<object, FramesService>()

/** The frames service installed on a station (for other capabilities: bundles, the air oracle), if any. */
export function framesServiceOf(station: object): FramesService | undefined {
  return services.get(station)
}

export function attachFramesService(station: object, service: FramesService): void {
  services.set(station, service)
}

/** Counters go out at most this often (10 per second), whatever the frame rate. */
export const COUNTER_INTERVAL_MS = 100

export class FilterError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

interface ActiveSource {
  source: CaptureSource
  state: 'starting' | 'running' | 'ended' | 'failed'
  end?: CaptureEnd
  error?: CaptureError
  problems: number
}

/**
 * The frames capability in main: one capture source at a time feeding the bounded store, pages and details on
 * request, and counters pushed to every window at most ten times a second (never a message per frame).
 */
export class FramesService {
  readonly store: FrameStore
  private active: ActiveSource | undefined
  private emitTimer: NodeJS.Timeout | undefined
  private lastEmit = 0
  private readonly rateSamples: { at: number; received: number }[] = []
  private closed = false
  private statusVersion = 0

  constructor(
    private readonly options: {
      limit: number
      emit: (status: FramesStatus) => void
      now?: () => number
      maxBytes?: number
    },
  ) {
    this.store = new FrameStore({ limit: options.limit, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) })
  }

  private now(): number {
    return this.options.now?.() ?? Date.now()
  }

  setLimit(limit: number): void {
    this.store.setLimit(limit)
    this.requestEmit()
  }

  /**
   * Replaces the current source (the store starts empty, as a new capture in Wireshark does) and starts it. A source
   * that cannot start leaves the status "failed" with its reason and remedy; that is an answer, not an exception.
   */
  async start(source: CaptureSource): Promise<FramesStatus> {
    await this.stopCurrent()
    this.store.clear()
    this.rateSamples.length = 0
    const active: ActiveSource = { source, state: 'starting', problems: 0 }
    this.active = active
    this.requestEmit()
    const store = this.store
    const sink: CaptureSink = {
      packet: (packet) => {
        if (this.active === active) store.append(packet)
      },
      batchEnd: () => {
        if (this.active !== active) return
        store.notifyAppended()
        this.requestEmit()
        // Backpressure for files: give the event loop (and the counters timer) a turn between chunks.
        return new Promise<void>((resolve) => setImmediate(resolve))
      },
      problem: () => {
        active.problems++
      },
    }
    void source.ended.then((end) => {
      if (this.active !== active) return
      active.end = end
      active.state = end.reason === 'failed' ? 'failed' : 'ended'
      if (end.error) active.error = end.error
      this.requestEmit()
    })
    try {
      await source.start(sink)
      if (active.state === 'starting') active.state = 'running'
    } catch (error) {
      active.state = 'failed'
      active.error = error as CaptureError
    }
    this.requestEmit()
    return this.status()
  }

  async stop(): Promise<FramesStatus> {
    await this.stopCurrent()
    this.requestEmit()
    return this.status()
  }

  private async stopCurrent(): Promise<void> {
    const active = this.active
    if (!active || active.state === 'ended' || active.state === 'failed') return
    const end = await active.source.stop()
    active.end = end
    active.state = end.reason === 'failed' ? 'failed' : 'ended'
    if (end.error) active.error = end.error
  }

  async clear(): Promise<FramesStatus> {
    this.store.clear()
    this.rateSamples.length = 0
    this.requestEmit()
    return this.status()
  }

  status(): FramesStatus {
    const store = this.store
    const a = this.active
    const received = store.nextIndex
    return {
      version: ++this.statusVersion,
      source: a
        ? {
            kind: a.source.description.kind,
            label: a.source.description.label,
            state: a.state,
            ...(a.source.description.monitorMode !== undefined ? { monitorMode: a.source.description.monitorMode } : {}),
            ...(a.source.description.filter ? { filter: a.source.description.filter } : {}),
            ...(a.end ? { endReason: a.end.reason } : {}),
            ...(a.error ? { error: { code: a.error.code ?? 'failed', message: a.error.message, ...(a.error.remedy ? { remedy: a.error.remedy } : {}) } } : {}),
            packets: a.source.packets,
            droppedByCapture: a.end?.droppedByCapture ?? 0,
            problems: a.problems,
          }
        : null,
      stored: store.size,
      received,
      dropped: store.dropped,
      limit: store.limit,
      provisioning: store.provisioning,
      rate: this.rate(received),
      firstTime: store.size > 0 ? store.timeOf(store.firstIndex)! : null,
      lastTime: store.size > 0 ? store.timeOf(store.nextIndex - 1)! : null,
      bytes: store.bytesAllocated,
    }
  }

  private rate(received: number): number {
    const now = this.now()
    const samples = this.rateSamples
    if (samples.length === 0 || now - samples[samples.length - 1].at >= 50) samples.push({ at: now, received })
    while (samples.length > 2 && now - samples[1].at >= 1000) samples.shift()
    const oldest = samples[0]
    const span = now - oldest.at
    return span > 0 ? Math.round(((received - oldest.received) * 1000) / span) : 0
  }

  /** Schedules a counters push, no sooner than COUNTER_INTERVAL_MS after the last one (trailing edge). */
  requestEmit(): void {
    if (this.emitTimer || this.closed) return
    const wait = Math.max(0, this.lastEmit + COUNTER_INTERVAL_MS - this.now())
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined
      this.lastEmit = this.now()
      this.options.emit(this.status())
    }, wait)
  }

  page(offset: number, limit: number, filter?: FrameFilter): FramePage {
    const compiled = this.store.compile(filter)
    if (!compiled.ok) throw new FilterError(compiled.error.path, compiled.error.reason)
    const { total, indices } = this.store.select(compiled.value, offset, limit)
    const rows = indices.map((i) => frameRow(this.store, i)).filter((r) => r !== undefined)
    return { total, offset, rows, stored: this.store.size }
  }

  detail(index: number): FrameDetail | undefined {
    return frameDetail(this.store, index)
  }

  /** Frame numbers to export: exactly `indices` (those still stored), or every match of `filter`. */
  selection(filter: FrameFilter | undefined, indices: number[] | undefined): number[] {
    if (indices) return [...new Set(indices)].filter((i) => this.store.ref(i) !== undefined).sort((a, b) => a - b)
    const compiled = this.store.compile(filter)
    if (!compiled.ok) throw new FilterError(compiled.error.path, compiled.error.reason)
    return [...this.store.matching(compiled.value)]
  }

  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.emitTimer)
    await this.stopCurrent()
  }
}
