import { buildLePhdr } from '../../codec/ble/index.js'
import { LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR, LINKTYPE_IEEE802_11_RADIOTAP } from '../../codec/ieee80211/index.js'
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
      const bytes = frame.medium === 'wifi' ? radiotapPacket(frame) : blePacket(frame)
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

function blePacket(frame: Reception): Uint8Array | undefined {
  const rfChannel = Math.round((frame.freqMHz - 2402) / 2)
  const built = buildLePhdr({ rfChannel, signalDbm: Math.max(-128, Math.min(127, Math.round(frame.rssiDbm))), dewhitened: true, crcChecked: true, crcValid: true }, frame.bytes)
  return built.ok ? built.value : undefined
}
