// One LE connection's data channel link, as both ends run it (Core Vol 6 Part B §4.5.9): SN/NESN acknowledgement
// and retransmission, L2CAP fragmentation into LL payloads (LLID start / continuation), control PDUs.
import { readU16LE } from '../../../codec/ble/bytes'
import { buildDataPdu, Llid, parseDataPdu } from '../../../codec/ble/ll-data'
import { buildLinkLayerPacket, parseLinkLayerPacket } from '../../../codec/ble/ll-packet'

/** Without the Data Length Extension a data PDU carries at most 27 payload bytes. */
export const LL_MAX_PAYLOAD = 27
export const LL_TERMINATE_IND = 0x02
/** Error codes carried by LL_TERMINATE_IND. */
export const TerminateReason = { remoteUser: 0x13, localHost: 0x16 } as const

interface TxPdu {
  llid: 1 | 2 | 3
  payload: Uint8Array
}

const EMPTY: TxPdu = { llid: Llid.continuation, payload: new Uint8Array(0) }

export class DataLink {
  private sn: 0 | 1 = 0
  private nesn: 0 | 1 = 0
  private queue: TxPdu[] = []
  private inFlight: TxPdu | undefined
  private rxBuffer: Uint8Array | undefined
  /** Packets sent again because the peer did not acknowledge them (for counters). */
  retransmissions = 0
  private sentOnce = false

  onL2cap: (frame: Uint8Array) => void = () => {}
  onControl: (payload: Uint8Array) => void = () => {}
  onAcked: (pdu: TxPdu) => void = () => {}

  constructor(
    readonly accessAddress: number,
    readonly crcInit: number,
  ) {}

  /** Queues one L2CAP frame, cut into LL payloads. */
  sendL2cap(frame: Uint8Array): void {
    for (let at = 0; at < frame.length; at += LL_MAX_PAYLOAD) {
      this.queue.push({ llid: at === 0 ? Llid.start : Llid.continuation, payload: frame.subarray(at, at + LL_MAX_PAYLOAD) })
    }
  }

  sendControl(payload: Uint8Array): void {
    this.queue.push({ llid: Llid.control, payload })
  }

  get pending(): number {
    return this.queue.length + (this.inFlight && this.inFlight !== EMPTY ? 1 : 0)
  }

  /** The packet (AA | PDU | CRC) to send in this connection event: the unacknowledged one again, or the next. */
  nextPacket(): Uint8Array {
    if (this.inFlight) {
      if (this.inFlight !== EMPTY) this.retransmissions++
    } else this.inFlight = this.queue.shift() ?? EMPTY
    this.sentOnce = true
    const pdu = buildDataPdu({ llid: this.inFlight.llid, nesn: this.nesn, sn: this.sn, md: this.queue.length > 0, payload: this.inFlight.payload })
    if (!pdu.ok) throw new Error(`LL data PDU: ${pdu.error.reason}`)
    const packet = buildLinkLayerPacket(this.accessAddress, pdu.value, this.crcInit)
    if (!packet.ok) throw new Error(`LL packet: ${packet.error.reason}`)
    return packet.value
  }

  /** Takes a packet heard on the data channel; false when it is not this link's (other AA, bad CRC, bad PDU). */
  receive(bytes: Uint8Array): boolean {
    const ll = parseLinkLayerPacket(bytes, this.crcInit)
    if (!ll.ok || ll.value.accessAddress !== this.accessAddress || ll.value.crcValid === false) return false
    const pdu = parseDataPdu(ll.value.pdu)
    if (!pdu.ok) return false
    if (this.sentOnce && pdu.value.nesn !== this.sn) {
      this.sn ^= 1
      const acked = this.inFlight
      this.inFlight = undefined
      if (acked && acked !== EMPTY) this.onAcked(acked)
    }
    if (pdu.value.sn === this.nesn) {
      this.nesn ^= 1
      this.deliver(pdu.value.llid, pdu.value.payload)
    }
    return true
  }

  private deliver(llid: 1 | 2 | 3, payload: Uint8Array): void {
    if (llid === Llid.control) return this.onControl(Uint8Array.from(payload))
    if (llid === Llid.start) this.rxBuffer = Uint8Array.from(payload)
    else if (payload.length === 0 || !this.rxBuffer) return
    else {
      const joined = new Uint8Array(this.rxBuffer.length + payload.length)
      joined.set(this.rxBuffer)
      joined.set(payload, this.rxBuffer.length)
      this.rxBuffer = joined
    }
    const buffer = this.rxBuffer
    if (buffer.length < 4) return
    const total = 4 + readU16LE(buffer, 0)
    if (buffer.length < total) return
    this.rxBuffer = undefined
    this.onL2cap(buffer.subarray(0, total))
  }
}

/** CSA #1 (Core Vol 6 Part B §4.5.8.2): the data channel of connection event `event` (0 = the first). */
export function dataChannelFor(event: number, hop: number, used: readonly number[]): number {
  const unmapped = ((event + 1) * hop) % 37
  return used.includes(unmapped) ? unmapped : used[unmapped % used.length]
}

export const ALL_DATA_CHANNELS: readonly number[] = Array.from({ length: 37 }, (_, i) => i)
