export { decodeEthernet, type EthernetFrame } from './ethernet-frame.js'
export {
  ETHERTYPE_IPV4,
  IP_PROTOCOL_UDP,
  decodeIpv4Header,
  decodeIpv4Udp,
  type Ipv4Header,
  type Ipv4UdpDatagram,
} from './ipv4-udp.js'
export { LLC_SNAP_LENGTH, decodeLlcSnap, type LlcSnap } from './llc-snap.js'
export { buildEthernet, buildIpv4Udp, buildLlcSnap, buildLlcSnapIpv4Udp, type Ipv4UdpSpec } from './builders.js'
