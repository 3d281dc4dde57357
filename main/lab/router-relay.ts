import dgram from 'node:dgram'
import { buildLlcSnapIpv4Udp } from '../codec/ethernet/index.js'
import { buildDataFrame } from '../codec/ieee80211/index.js'
import type { Air, AirNode, Position } from './air'
import { frequencyOf, type VirtualRouter } from './router'

// How the workstation's smart-config datagrams reach the lab air (PROTOCOLS-awss.md §2.1, §3): as a phone on the
// router's network sends them, a ToDS copy from the phone to the AP, then the AP's FromDS re-broadcast to every
// station, each with the overhead of the network's cipher. A device in monitor mode hears both copies (or neither, on
// a 5 GHz router). The router may drop multicast (its `dropMulticast` knob): then only the phone's own copy flies.

export const WORKSTATION_NODE = 'workstation'

/** Cipher bytes inside the 802.11 body (§2.1 table minus LLC/SNAP, IPv4 and UDP). */
export const CIPHER_BODY_OVERHEAD = { open: 0, wep: 8, tkip: 20, ccmp: 16 } as const

export interface RelayDatagram {
  srcIp: string
  srcPort: number
  dstIp: string
  dstPort: number
  payloadLength: number
}

export interface RelayedFrameSpec {
  direction: 'to-ds' | 'from-ds'
  bssid: string
  sa: string
  da: string
  seq: number
  protected: boolean
  /** Packet number for the CCMP header. */
  pn: number
  datagram: RelayDatagram
}

/**
 * One copy of the datagram as 802.11 bytes. The phone's ToDS copy is QoS data at an OFDM rate (Duration 44 µs: the
 * SIFS + ACK of a unicast to the AP); the AP's FromDS copy to a group address is plain data with Duration 0. A
 * protected frame carries a CCMP header, the (stand-in) ciphertext and an 8-byte MIC: 16 bytes more than open.
 */
export function relayedFrame(spec: RelayedFrameSpec): Uint8Array {
  const d = spec.datagram
  const plain = buildLlcSnapIpv4Udp({ srcIp: d.srcIp, dstIp: d.dstIp, srcPort: d.srcPort, dstPort: d.dstPort, payload: new Uint8Array(d.payloadLength), udpChecksum: false })
  if (!plain.ok) throw new Error(plain.error.reason)
  let body = plain.value
  if (spec.protected) {
    const pn = spec.pn
    const header = Uint8Array.of(pn & 0xff, (pn >> 8) & 0xff, 0, 0x20, (pn >>> 16) & 0xff, (pn >>> 24) & 0xff, 0, 0)
    // Not real encryption (the lab does not model the group key): bytes that do not read as LLC/SNAP, of the right length.
    const sealed = body.map((b, i) => b ^ ((i * 29 + pn) & 0xff) ^ 0xa5)
    body = new Uint8Array(header.length + sealed.length + 8)
    body.set(header)
    body.set(sealed, header.length)
  }
  const toDs = spec.direction === 'to-ds'
  const frame = buildDataFrame({
    toDS: toDs,
    fromDS: !toDs,
    bssid: spec.bssid,
    sa: spec.sa,
    da: spec.da,
    seq: spec.seq & 0xfff,
    duration: toDs ? 44 : 0,
    protected: spec.protected,
    ...(toDs ? { qos: { tid: 0 } } : {}),
    body,
  })
  if (!frame.ok) throw new Error(frame.error.reason)
  return frame.value
}

/** The destination MAC of an IPv4 destination on the router's LAN: multicast mapping, broadcast, or none (unicast). */
export function groupMacFor(dstIp: string): string | undefined {
  const o = dstIp.split('.').map(Number)
  if (o.length !== 4 || o.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return undefined
  if (o[0] >= 224 && o[0] <= 239) return ['01', '00', '5e', ...[o[1] & 0x7f, o[2], o[3]].map((x) => x.toString(16).padStart(2, '0'))].join(':')
  if (o[3] === 255) return 'ff:ff:ff:ff:ff:ff'
  return undefined
}

export interface RelayEvents {
  /** The router dropped a multicast datagram (its dropMulticast knob): emitted once per relay, then counted. */
  multicastDropped?(count: number): void
  relayed?(copies: number): void
}

/** The workstation's position on the lab air: its ToDS copies come from here (a device may be out of its range). */
export class WorkstationNode implements AirNode {
  readonly id = WORKSTATION_NODE
  readonly medium = 'wifi' as const
  constructor(readonly position: Position) {}
  listening(): number | null {
    return null
  }
  receive(): void {}
}

export class RouterRelay {
  private seq = 0
  private pn = 1
  private dropped = 0
  private sockets: dgram.Socket[] = []
  private readonly detach: () => void

  constructor(
    readonly router: VirtualRouter,
    private readonly air: Air,
    readonly stationMac: string,
    workstationPosition: Position,
    private readonly events: RelayEvents = {},
  ) {
    this.detach = air.attach(new WorkstationNode(workstationPosition))
  }

  get droppedMulticast(): number {
    return this.dropped
  }

  /** Puts one datagram of the workstation on the air as the router's network would carry it. */
  ingest(datagram: RelayDatagram): void {
    const router = this.router
    if (!router.listening()) return
    const da = groupMacFor(datagram.dstIp)
    if (!da) return
    const { bssid, channel, security } = router.spec
    const isProtected = security === 'wpa2'
    const toDs = relayedFrame({ direction: 'to-ds', bssid, sa: this.stationMac, da, seq: (this.seq = (this.seq + 1) & 0xfff), protected: isProtected, pn: this.pn++, datagram })
    this.air.transmit({ medium: 'wifi', from: WORKSTATION_NODE, channel, freqMHz: frequencyOf(channel), bytes: toDs, rateKbps: 54000 })
    if (da.startsWith('01:00:5e') && router.knob<boolean>('dropMulticast')) {
      this.dropped++
      if (this.dropped === 1) this.events.multicastDropped?.(this.dropped)
      this.events.relayed?.(1)
      return
    }
    router.send(relayedFrame({ direction: 'from-ds', bssid, sa: this.stationMac, da, seq: router.nextSeq(), protected: isProtected, pn: this.pn++, datagram }))
    this.events.relayed?.(2)
  }

  /** The socket the lab router owns: real UDP on loopback, as the router's LAN side receives the phone's datagrams. */
  async listenUdp(address: string, port: number): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true })
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(port, address, () => {
        socket.off('error', reject)
        resolve()
      })
    })
    socket.on('error', () => undefined)
    socket.on('message', (message, from) => {
      this.ingest({ srcIp: from.address, srcPort: from.port, dstIp: address, dstPort: port, payloadLength: message.length })
    })
    this.sockets.push(socket)
  }

  async close(): Promise<void> {
    this.detach()
    const sockets = this.sockets
    this.sockets = []
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
  }
}
