import { encodeBcast } from '../../codec/awss/index.js'
import type { Air, AirNode, Position } from '../air'
import { frequencyOf } from '../router'
import { relayedFrame } from '../router-relay'

// A neighbour's phone provisioning the same product onto its own (open) network, next to the device: the fault
// "interfering sender" (§2.5). It sends bcast smart-config without pause; a device that hears its hint frame first
// locks on it and treats every other phone as interference.

export const INTERFERER_NETWORK = { ssid: 'Neighbour-AP', password: 'neighbour-pass', bssid: '02:00:1f:00:00:01' }
const INTERVAL_MS = 10

class InterfererNode implements AirNode {
  readonly medium = 'wifi' as const
  constructor(
    readonly id: string,
    readonly position: Position,
  ) {}
  listening(): number | null {
    return null
  }
  receive(): void {}
}

export class SmartconfigInterferer {
  readonly mac: string
  private stopTimer: (() => void) | undefined
  private detach: (() => void) | undefined
  private seq = 0

  constructor(
    private readonly air: Air,
    private readonly clock: { timer(ms: number, fn: () => void): () => void },
    readonly id: string,
    private readonly position: Position,
    private readonly channel: () => number,
    private readonly productSecret: string,
  ) {
    this.mac = `02:00:1f:00:${id.length.toString(16).padStart(2, '0')}:02`
  }

  start(): void {
    if (this.detach) return
    const encoded = encodeBcast({ ssid: INTERFERER_NETWORK.ssid, password: INTERFERER_NETWORK.password, productSecret: this.productSecret, ssidMode: 'ascii' })
    if (!encoded.ok) return
    const lengths = encoded.value.lengths
    this.detach = this.air.attach(new InterfererNode(`${this.id}-interferer`, this.position))
    let index = 0
    const tick = () => {
      const channel = this.channel()
      const bytes = relayedFrame({
        direction: 'to-ds',
        bssid: INTERFERER_NETWORK.bssid,
        sa: this.mac,
        da: 'ff:ff:ff:ff:ff:ff',
        seq: (this.seq = (this.seq + 1) & 0xfff),
        protected: false,
        pn: 0,
        datagram: { srcIp: '192.168.8.20', srcPort: 41000, dstIp: '192.168.8.255', dstPort: 7001, payloadLength: lengths[index++ % lengths.length] },
      })
      this.air.transmit({ medium: 'wifi', from: `${this.id}-interferer`, channel, freqMHz: frequencyOf(channel), bytes, rateKbps: 54000 })
      this.stopTimer = this.clock.timer(INTERVAL_MS, tick)
    }
    tick()
  }

  stop(): void {
    this.stopTimer?.()
    this.stopTimer = undefined
    this.detach?.()
    this.detach = undefined
  }
}
