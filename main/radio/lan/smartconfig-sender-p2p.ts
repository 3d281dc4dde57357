import { buildWpsIe } from '../../codec/awss/index.js'
import { buildProbeRequest, buildRadiotap, element, rateElements, ssidElement } from '../../codec/ieee80211/index.js'
import type { Result } from '../../codec/result'
import { PcapChildInjector } from './smartconfig-sender-pcap'
import type { ProbeInjector } from './smartconfig-sender'

// p2p smart-config (§4) is a probe request an Android phone sends while it looks for Wi-Fi Direct peers, its WPS
// Device Name set to the encoded credentials. Sending one takes raw 802.11: a monitor-mode interface that can inject.

/** Social channels where Wi-Fi Direct discovery probes, and where the device's scan starts (1, 6, 11). */
export const P2P_CHANNELS = [1, 6, 11] as const

/**
 * The probe request: wildcard SSID, the 802.11b/g rates, and the WPS IE whose Device Name carries the message.
 * `sa` should be locally administered, as a phone's P2P device address is.
 */
export function p2pProbeRequest(sa: string, deviceName: Uint8Array, seq: number): Result<Uint8Array> {
  const wps = buildWpsIe(deviceName)
  if (!wps.ok) return wps
  // buildWpsIe returns the whole IE (DD len ...); the element builder wants id + body.
  const body = wps.value.subarray(2)
  return buildProbeRequest({
    sa,
    seq: seq & 0xfff,
    elements: [ssidElement(''), ...rateElements([1000, 2000, 5500, 11000, 6000, 9000, 12000, 18000], [1000, 2000, 5500, 11000]), element(221, body)],
  })
}

/**
 * Hardware: the frames go through a pcap injector on a monitor-mode interface, on whatever channel the interface is
 * tuned to (pcap cannot change channels: tune it to the router's channel first, e.g. `iw dev wlan0mon set channel 6`).
 */
export class PcapProbeInjector implements ProbeInjector {
  private running: PcapChildInjector | undefined
  private runningFor: string | undefined

  constructor(
    private readonly iface: string,
    private readonly sa: string,
    private readonly intervalMs: number,
  ) {}

  async inject(deviceName: Uint8Array, index: number): Promise<void> {
    const key = Buffer.from(deviceName).toString('hex')
    if (this.running && this.runningFor === key) return
    await this.running?.close()
    const frames: Uint8Array[] = []
    // A few sequence numbers in rotation: a receiver drops exact repeats as retransmissions.
    for (let i = 0; i < 16; i++) {
      const frame = p2pProbeRequest(this.sa, deviceName, index + i)
      if (!frame.ok) throw new Error(frame.error.reason)
      const radiotap = buildRadiotap({})
      const packet = new Uint8Array(radiotap.length + frame.value.length)
      packet.set(radiotap)
      packet.set(frame.value, radiotap.length)
      frames.push(packet)
    }
    this.running = await PcapChildInjector.start(this.iface, this.intervalMs, frames)
    this.runningFor = key
  }

  async close(): Promise<void> {
    await this.running?.close()
    this.running = undefined
  }
}

