import { buildLePhdr } from '../../codec/ble/index.js'
import { LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR, LINKTYPE_IEEE802_11_RADIOTAP, parseRadiotap } from '../../codec/ieee80211/index.js'
import type { Air, Position, Reception } from '../../lab/air'
import { radiotapPacket } from '../../lab/air-recorder'
import { CaptureError, type CaptureDescription, type CaptureEnd, type CaptureInterfaceInfo, type CapturedPacket, type CaptureSink, type CaptureSource } from './capture-source'

/**
 * The lab air as a monitor-mode sniffer at the workstation would see it: radiotap + 802.11 for Wi-Fi (linktype 127)
 * and BLE LL with a PHDR (linktype 256), with the RSSI of the link to the workstation's position.
 */
export class LabAirSource implements CaptureSource {
  readonly description: CaptureDescription = { kind: 'lab', label: 'lab air', monitorMode: true }
  private readonly wifi: CaptureInterfaceInfo = { linktype: LINKTYPE_IEEE802_11_RADIOTAP, name: 'lab-air', fcsLength: 0 }
  private readonly ble: CaptureInterfaceInfo = { linktype: LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR, name: 'lab-air-ble' }
  private readonly radiotap = new RadiotapTemplates()
  private detach: (() => void) | undefined
  private delivered = 0
  private started = false
  private batchPending = false
  private settle!: (end: CaptureEnd) => void
  readonly ended: Promise<CaptureEnd>

  constructor(
    private readonly air: Air,
    private readonly position: Position,
  ) {
    this.ended = new Promise((resolve) => (this.settle = resolve))
  }

  get packets(): number {
    return this.delivered
  }

  async start(sink: CaptureSink): Promise<void> {
    if (this.started) throw new CaptureError('failed', 'This capture source was already started.')
    this.started = true
    const packet: CapturedPacket = { iface: this.wifi, buffer: new Uint8Array(0), offset: 0, length: 0, originalLength: 0, seconds: 0, nanoseconds: 0 }
    const originMicros = Math.round(this.air.startedAt * 1000)
    this.detach = this.air.tap((frame: Reception) => {
      const bytes = frame.medium === 'wifi' ? this.radiotap.packet(frame) : blePacket(frame)
      if (!bytes) return
      const micros = originMicros + Number(frame.timeMicros)
      packet.iface = frame.medium === 'wifi' ? this.wifi : this.ble
      packet.buffer = bytes
      packet.offset = 0
      packet.length = packet.originalLength = bytes.length
      packet.seconds = Math.floor(micros / 1_000_000)
      packet.nanoseconds = (micros % 1_000_000) * 1000
      this.delivered++
      sink.packet(packet)
      // The air transmits from many call stacks; one batchEnd per event-loop turn is enough for counters.
      if (!this.batchPending && sink.batchEnd) {
        this.batchPending = true
        setImmediate(() => {
          this.batchPending = false
          if (this.detach) void sink.batchEnd?.()
        })
      }
    }, this.position)
  }

  async stop(): Promise<CaptureEnd> {
    this.detach?.()
    this.detach = undefined
    this.settle({ reason: 'stopped', packets: this.delivered, droppedByCapture: 0 })
    return this.ended
  }
}

/**
 * radiotapPacket() for every frame, faster: the radiotap header depends only on rate, frequency and RSSI besides the
 * TSFT, so it is built once per combination (by the codec) and only the TSFT is written per frame. The bytes are
 * identical (a unit test compares them).
 */
export class RadiotapTemplates {
  private readonly headers = new Map<string, { header: Uint8Array; tsftAt: number }>()

  packet(frame: Reception): Uint8Array {
    const key = `${frame.rateKbps ?? 1000}/${frame.freqMHz}/${frame.rssiDbm}`
    let template = this.headers.get(key)
    if (!template) {
      const header = radiotapPacket({ ...frame, bytes: new Uint8Array(0), timeMicros: 0n })
      const parsed = parseRadiotap(header)
      const tsft = parsed.ok ? parsed.value.radiotap.fields.find((f) => f.name === 'tsft') : undefined
      if (!tsft) return radiotapPacket(frame)
      template = { header, tsftAt: tsft.offset }
      if (this.headers.size >= 4096) this.headers.clear()
      this.headers.set(key, template)
    }
    const { header, tsftAt } = template
    const out = new Uint8Array(header.length + frame.bytes.length)
    out.set(header)
    const micros = Number(frame.timeMicros)
    const low = micros % 4294967296
    const high = Math.floor(micros / 4294967296)
    out[tsftAt] = low & 0xff
    out[tsftAt + 1] = (low >>> 8) & 0xff
    out[tsftAt + 2] = (low >>> 16) & 0xff
    out[tsftAt + 3] = (low >>> 24) & 0xff
    out[tsftAt + 4] = high & 0xff
    out[tsftAt + 5] = (high >>> 8) & 0xff
    out[tsftAt + 6] = (high >>> 16) & 0xff
    out[tsftAt + 7] = (high >>> 24) & 0xff
    out.set(frame.bytes, header.length)
    return out
  }
}

function blePacket(frame: Reception): Uint8Array | undefined {
  const rfChannel = Math.round((frame.freqMHz - 2402) / 2)
  const built = buildLePhdr({ rfChannel, signalDbm: Math.max(-128, Math.min(127, Math.round(frame.rssiDbm))), dewhitened: true, crcChecked: true, crcValid: true }, frame.bytes)
  return built.ok ? built.value : undefined
}
