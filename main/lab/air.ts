import type { Clock } from '../runtime/clock'
import type { RandomSource } from '../runtime/random'

// The lab air: every 802.11 frame and BLE PDU a lab node sends crosses it as real bytes, reaches each listening node
// on that channel with a per-link RSSI and loss, and is seen by monitor taps (the lab capture source, pcap writers).
export type Medium = 'wifi' | 'ble'

export interface Position {
  x: number
  y: number
}

export interface Transmission {
  medium: Medium
  from: string
  /** Wi-Fi channel number, or BLE channel index 0..39. */
  channel: number
  freqMHz: number
  /** 802.11 frame without FCS, or a BLE LL packet (access address .. CRC). */
  bytes: Uint8Array
  rateKbps?: number
  txPowerDbm?: number
}

export interface Reception extends Transmission {
  rssiDbm: number
  /** Air time in µs since the lab started (radiotap TSFT / pcap timestamp). */
  timeMicros: bigint
  at: number
}

export interface AirNode {
  id: string
  medium: Medium
  position: Position
  /** The channel the node's radio is tuned to now, or null when not listening. */
  listening(): number | null
  receive(frame: Reception): void
  /** Extra loss for this receiver (0..1), e.g. a device-level fault knob. */
  extraLoss?(): number
}

export interface AirTap {
  /** Every transmission on any channel, with the RSSI at the tap's position. */
  (frame: Reception): void
}

export interface AirKnobs {
  /** Probability that a frame is lost on a link (0..0.9). */
  loss: number
  /** Receivers below this RSSI hear nothing. */
  sensitivityDbm: number
}

const DEFAULT_TX_POWER_DBM = 20

export class Air {
  private nodes = new Map<string, AirNode>()
  private taps = new Set<{ tap: AirTap; position: Position }>()
  private rssiOverrides = new Map<string, number>()
  readonly knobs: AirKnobs = { loss: 0, sensitivityDbm: -92 }
  readonly startedAt: number
  /** Transmissions so far, by medium (for counters and benchmarks). */
  readonly counters = { wifi: 0, ble: 0, delivered: 0, lost: 0 }

  constructor(
    private readonly clock: Clock,
    private readonly random: RandomSource,
  ) {
    this.startedAt = clock.now()
  }

  attach(node: AirNode): () => void {
    this.nodes.set(node.id, node)
    return () => this.nodes.delete(node.id)
  }

  tap(tap: AirTap, position: Position): () => void {
    const entry = { tap, position }
    this.taps.add(entry)
    return () => this.taps.delete(entry)
  }

  /** Fixes the RSSI of one link (both directions), e.g. "device out of range". */
  setLinkRssi(a: string, b: string, rssiDbm: number | undefined): void {
    const key = linkKey(a, b)
    if (rssiDbm === undefined) this.rssiOverrides.delete(key)
    else this.rssiOverrides.set(key, rssiDbm)
  }

  nowMicros(): bigint {
    return BigInt(Math.round((this.clock.now() - this.startedAt) * 1000))
  }

  rssiBetween(from: string, fromPosition: Position, to: string, toPosition: Position, txPowerDbm = DEFAULT_TX_POWER_DBM): number {
    const override = this.rssiOverrides.get(linkKey(from, to))
    if (override !== undefined) return override
    const distance = Math.max(1, Math.hypot(fromPosition.x - toPosition.x, fromPosition.y - toPosition.y))
    // Log-distance path loss, exponent 2.5 indoors, 40 dB at 1 m (2.4 GHz).
    return Math.round(txPowerDbm - 40 - 25 * Math.log10(distance))
  }

  transmit(tx: Transmission): void {
    const sender = this.nodes.get(tx.from)
    const senderPosition = sender?.position ?? { x: 0, y: 0 }
    this.counters[tx.medium]++
    const timeMicros = this.nowMicros()
    const at = this.clock.now()
    for (const { tap, position } of this.taps) {
      // Object.assign, not spread: V8 (Node 20) takes a slow path for this spread, ~10 µs per tap per frame.
      tap(Object.assign({}, tx, { rssiDbm: this.rssiBetween(tx.from, senderPosition, 'workstation', position, tx.txPowerDbm), timeMicros, at }))
    }
    for (const node of this.nodes.values()) {
      if (node.id === tx.from || node.medium !== tx.medium || node.listening() !== tx.channel) continue
      const rssiDbm = this.rssiBetween(tx.from, senderPosition, node.id, node.position, tx.txPowerDbm)
      if (rssiDbm < this.knobs.sensitivityDbm) continue
      const loss = Math.min(0.99, this.knobs.loss + (node.extraLoss?.() ?? 0))
      if (loss > 0 && this.random.float() < loss) {
        this.counters.lost++
        continue
      }
      this.counters.delivered++
      const reception: Reception = Object.assign({}, tx, { rssiDbm, timeMicros, at })
      // Delivery is asynchronous so a node answering a frame never re-enters the sender's call stack.
      this.clock.timer(0, () => node.receive(reception))
    }
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`
}
