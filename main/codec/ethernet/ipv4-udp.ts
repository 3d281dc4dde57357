// IPv4 and UDP headers, decoded just far enough for the smart-config air oracle: addresses, ports and the
// UDP payload length (which is where broadcast smart-config hides its symbols).
import { fail, ok, type Result } from '../result.js'
import { u16be } from '../ieee80211/bytes.js'

export const ETHERTYPE_IPV4 = 0x0800
export const IP_PROTOCOL_UDP = 17

export interface Ipv4UdpDatagram {
  srcIp: string
  dstIp: string
  ttl: number
  identification: number
  /** Offset of the IPv4 header within the decoded input. */
  ipOffset: number
  ipHeaderLength: number
  ipTotalLength: number
  srcPort: number
  dstPort: number
  /** UDP length field (header + payload). */
  udpLength: number
  payloadOffset: number
  /** UDP payload length as the UDP header states it. */
  payloadLength: number
  /** True when fewer bytes were captured than the headers announce (snap length). */
  captureTruncated: boolean
}

const ipText = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`

export interface Ipv4Header {
  version: number
  headerLength: number
  totalLength: number
  identification: number
  moreFragments: boolean
  fragmentOffset: number
  ttl: number
  protocol: number
  srcIp: string
  dstIp: string
}

export function decodeIpv4Header(b: Uint8Array, start: number, end: number): Result<Ipv4Header> {
  if (end - start < 20) return fail(`IPv4 header needs 20 bytes, ${Math.max(0, end - start)} present`, start)
  const version = b[start] >> 4
  if (version !== 4) return fail(`IP version ${version} is not 4`, start)
  const headerLength = (b[start] & 0x0f) * 4
  if (headerLength < 20) return fail(`IPv4 header length ${headerLength} is below 20`, start)
  if (start + headerLength > end) return fail(`IPv4 options (${headerLength} bytes of header) run past the data`, start)
  const totalLength = u16be(b, start + 2)
  if (totalLength < headerLength) return fail(`IPv4 total length ${totalLength} is below its header length`, start + 2)
  const flagsFragment = u16be(b, start + 6)
  return ok({
    version,
    headerLength,
    totalLength,
    identification: u16be(b, start + 4),
    moreFragments: (flagsFragment & 0x2000) !== 0,
    fragmentOffset: (flagsFragment & 0x1fff) * 8,
    ttl: b[start + 8],
    protocol: b[start + 9],
    srcIp: ipText(b, start + 12),
    dstIp: ipText(b, start + 16),
  })
}

/**
 * Decodes IPv4 + UDP at b[start..end). Fails when it is not a first-fragment UDP datagram or a header is
 * inconsistent; a datagram cut short by the capture is still returned, flagged captureTruncated.
 */
export function decodeIpv4Udp(b: Uint8Array, start: number, end: number): Result<Ipv4UdpDatagram> {
  const ip = decodeIpv4Header(b, start, end)
  if (!ip.ok) return ip
  const { headerLength, totalLength, protocol, fragmentOffset } = ip.value
  if (protocol !== IP_PROTOCOL_UDP) return fail(`IPv4 protocol ${protocol} is not UDP`, start + 9)
  if (fragmentOffset !== 0) return fail('IPv4 fragment without the UDP header', start + 6)
  const udp = start + headerLength
  if (udp + 8 > end) return fail('UDP header runs past the captured data', udp)
  const udpLength = u16be(b, udp + 4)
  if (udpLength < 8) return fail(`UDP length ${udpLength} is below 8`, udp + 4)
  if (udpLength > totalLength - headerLength && !ip.value.moreFragments) {
    return fail(`UDP length ${udpLength} exceeds the IPv4 payload of ${totalLength - headerLength}`, udp + 4)
  }
  return ok({
    srcIp: ip.value.srcIp,
    dstIp: ip.value.dstIp,
    ttl: ip.value.ttl,
    identification: ip.value.identification,
    ipOffset: start,
    ipHeaderLength: headerLength,
    ipTotalLength: totalLength,
    srcPort: u16be(b, udp),
    dstPort: u16be(b, udp + 2),
    udpLength,
    payloadOffset: udp + 8,
    payloadLength: udpLength - 8,
    captureTruncated: start + totalLength > end,
  })
}
