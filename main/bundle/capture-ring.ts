import type { CapturedPacket, CaptureInterfaceInfo, CaptureSink } from '../radio/capture/capture-source'
import type { RecordedFrames, RecordedInterface, SessionFrameSource } from './frame-source'

export interface CaptureRingOptions {
  name: string
  allChannels: boolean
  /** With no horizon set (no session running), only this much of the recent past is kept. */
  rollingMs?: number
  maxFrames?: number
  maxBytes?: number
}

interface Kept {
  timeMs: number
  timestampNs: bigint
  interfaceId: number
  data: Uint8Array
}

/**
 * The recent past of a capture source, kept only as long as someone may still ask for it: `retainSince` moves the
 * horizon (the oldest running session's start minus a pre-roll), and hard limits on frames and bytes bound memory
 * whatever the air does. Feeds session records when no frame store is installed.
 */
export class CaptureRing implements CaptureSink, SessionFrameSource {
  readonly name: string
  private readonly allChannels: boolean
  private readonly maxFrames: number
  private readonly maxBytes: number
  private kept: Kept[] = []
  private head = 0
  private bytes = 0
  private horizonMs: number | undefined
  private readonly rollingMs: number
  private latestMs = -Infinity
  /** Time of the newest frame let go: a window starting at or before it is not complete. */
  private droppedEarly = -Infinity
  private readonly interfaces: RecordedInterface[] = []
  private readonly interfaceIds = new Map<CaptureInterfaceInfo, number>()

  constructor(options: CaptureRingOptions) {
    this.name = options.name
    this.allChannels = options.allChannels
    this.maxFrames = options.maxFrames ?? 200_000
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024
    this.rollingMs = options.rollingMs ?? 2_000
  }

  get size(): number {
    return this.kept.length - this.head
  }

  packet(packet: CapturedPacket): void {
    let interfaceId = this.interfaceIds.get(packet.iface)
    if (interfaceId === undefined) {
      interfaceId = this.interfaces.push({ linktype: packet.iface.linktype, name: packet.iface.name }) - 1
      this.interfaceIds.set(packet.iface, interfaceId)
    }
    const timestampNs = BigInt(packet.seconds) * 1_000_000_000n + BigInt(packet.nanoseconds)
    const timeMs = packet.seconds * 1000 + packet.nanoseconds / 1e6
    const data = packet.buffer.slice(packet.offset, packet.offset + packet.length)
    this.kept.push({ timeMs, timestampNs, interfaceId, data })
    this.latestMs = Math.max(this.latestMs, timeMs)
    this.bytes += data.length
    this.trim()
  }

  /** Frames older than this may go; undefined: keep only the rolling recent past. */
  retainSince(ms: number | undefined): void {
    this.horizonMs = ms
    this.trim()
  }

  private trim(): void {
    const horizon = this.horizonMs ?? this.latestMs - this.rollingMs
    while (this.size > 0) {
      const oldest = this.kept[this.head]
      const overLimit = this.size > this.maxFrames || this.bytes > this.maxBytes
      if (!overLimit && oldest.timeMs >= horizon) break
      this.droppedEarly = Math.max(this.droppedEarly, oldest.timeMs)
      this.bytes -= oldest.data.length
      this.head++
    }
    if (this.head > 4096 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head)
      this.head = 0
    }
  }

  between(fromMs: number, toMs: number, limit: number): RecordedFrames | undefined {
    let lo = this.head
    let hi = this.kept.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.kept[mid].timeMs < fromMs) lo = mid + 1
      else hi = mid
    }
    const packets: RecordedFrames['packets'] = []
    let truncated = this.droppedEarly >= fromMs
    for (let i = lo; i < this.kept.length && this.kept[i].timeMs <= toMs; i++) {
      if (packets.length >= limit) {
        truncated = true
        break
      }
      const k = this.kept[i]
      packets.push({ interfaceId: k.interfaceId, timestampNs: k.timestampNs, data: k.data })
    }
    if (packets.length === 0) return undefined
    return { source: this.name, allChannels: this.allChannels, interfaces: [...this.interfaces], packets, truncated }
  }
}
