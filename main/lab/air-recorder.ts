import fs from 'node:fs'
import { buildRadiotap } from '../codec/ieee80211/radiotap-builder'
import { LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR } from '../codec/ble/phdr'
import { PcapngWriter } from '../codec/pcapfile'
import { BlePhdrTracker } from '../radio/ble/capture-phdr'
import type { Air, Position, Reception } from './air'

export const LINKTYPE_IEEE802_11_RADIOTAP = 127

/** The bytes a monitor-mode sniffer at the workstation would capture: radiotap + the 802.11 frame. */
export function radiotapPacket(frame: Reception): Uint8Array {
  const radiotap = buildRadiotap({ tsftMicros: frame.timeMicros, flags: 0, rateKbps: frame.rateKbps ?? 1000, freqMHz: frame.freqMHz, dbmSignal: frame.rssiDbm, dbmNoise: -95, antenna: 0 })
  const out = new Uint8Array(radiotap.length + frame.bytes.length)
  out.set(radiotap, 0)
  out.set(frame.bytes, radiotap.length)
  return out
}

/**
 * Writes what crosses the lab air to a pcapng file as it happens, so a run can be opened in Wireshark: 802.11 on
 * interface 0 (radiotap, linktype 127), BLE link-layer packets on interface 1 (LE LL with PHDR, linktype 256).
 */
export class AirRecorder {
  private readonly writer = new PcapngWriter({ resolution: 'us', application: 'Provbench lab' })
  private readonly out: fs.WriteStream
  private readonly detach: () => void
  private frames = 0
  private readonly ble = new BlePhdrTracker()

  constructor(air: Air, file: string, position: Position) {
    this.out = fs.createWriteStream(file)
    const header = this.writer.header([
      { linktype: LINKTYPE_IEEE802_11_RADIOTAP, name: 'lab-air' },
      { linktype: LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR, name: 'lab-ble' },
    ])
    if (!header.ok) throw new Error(`Cannot write capture header: ${header.error.reason}`)
    this.out.write(header.value)
    const startNs = BigInt(Math.round(air.startedAt)) * 1_000_000n
    this.detach = air.tap((frame) => {
      const data = frame.medium === 'wifi' ? radiotapPacket(frame) : this.ble.record(frame)
      if (!data) return
      const packet = this.writer.packet({ interfaceId: frame.medium === 'wifi' ? 0 : 1, timestampNs: startNs + frame.timeMicros * 1000n, data })
      if (packet.ok) {
        this.out.write(packet.value)
        this.frames++
      }
    }, position)
  }

  get count(): number {
    return this.frames
  }

  async close(): Promise<number> {
    this.detach()
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())))
    return this.frames
  }
}
