// Ethernet II (linktype 1), with 802.1Q/802.1ad tags skipped and 802.3 + LLC/SNAP recognised.
import { fail, ok, type CodecError, type Result } from '../result.js'
import { u16be } from '../ieee80211/bytes.js'
import { formatMac } from '../ieee80211/mac-address.js'
import { ETHERTYPE_IPV4, decodeIpv4Udp, type Ipv4UdpDatagram } from './ipv4-udp.js'
import { decodeLlcSnap } from './llc-snap.js'

const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100])

export interface EthernetFrame {
  kind: 'ethernet'
  dst: string
  src: string
  vlanIds: number[]
  ethertype: number
  payloadOffset: number
  /** IPv4/UDP details when the payload is a first-fragment UDP datagram. */
  udp?: Ipv4UdpDatagram
  malformed?: CodecError
}

export function decodeEthernet(b: Uint8Array): Result<EthernetFrame> {
  if (b.length < 14) return fail(`Ethernet header needs 14 bytes, frame has ${b.length}`, 0)
  const frame: EthernetFrame = {
    kind: 'ethernet',
    dst: formatMac(b, 0),
    src: formatMac(b, 6),
    vlanIds: [],
    ethertype: u16be(b, 12),
    payloadOffset: 14,
  }
  while (VLAN_TAGS.has(frame.ethertype)) {
    if (frame.payloadOffset + 4 > b.length) {
      frame.malformed = { reason: 'VLAN tag runs past the frame', offset: frame.payloadOffset }
      return ok(frame)
    }
    frame.vlanIds.push(u16be(b, frame.payloadOffset) & 0x0fff)
    frame.ethertype = u16be(b, frame.payloadOffset + 2)
    frame.payloadOffset += 4
  }
  if (frame.ethertype < 0x0600) {
    // 802.3 length field: an LLC header follows; only SNAP carries an EtherType.
    const snap = decodeLlcSnap(b, frame.payloadOffset, b.length)
    if (!snap.ok) return ok(frame)
    frame.ethertype = snap.value.ethertype
    frame.payloadOffset = snap.value.payloadOffset
  }
  if (frame.ethertype === ETHERTYPE_IPV4) {
    const udp = decodeIpv4Udp(b, frame.payloadOffset, b.length)
    if (udp.ok) frame.udp = udp.value
  }
  return ok(frame)
}
