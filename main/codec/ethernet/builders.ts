// Builders for the IP traffic the virtual lab puts on its air and wire: IPv4 + UDP with real checksums,
// wrapped in LLC/SNAP (for 802.11 data frames) or Ethernet II.
import { fail, ok, type Result } from '../result.js'
import { parseMac } from '../ieee80211/mac-address.js'
import { ETHERTYPE_IPV4, IP_PROTOCOL_UDP } from './ipv4-udp.js'

export interface Ipv4UdpSpec {
  srcIp: string
  dstIp: string
  srcPort: number
  dstPort: number
  payload: Uint8Array
  ttl?: number
  identification?: number
  /** Compute the UDP checksum (default true); false sends 0 = "no checksum", as many phones do. */
  udpChecksum?: boolean
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN))
  return bytes.every((n) => n >= 0 && n <= 255) ? Uint8Array.from(bytes) : undefined
}

function onesComplementSum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial
  for (let i = start; i < end; i += 2) sum += (bytes[i] << 8) | (i + 1 < end ? bytes[i + 1] : 0)
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return sum
}

export function buildIpv4Udp(spec: Ipv4UdpSpec): Result<Uint8Array> {
  const src = parseIpv4(spec.srcIp)
  const dst = parseIpv4(spec.dstIp)
  if (!src) return fail(`source IP "${spec.srcIp}" is not dotted IPv4`, 0)
  if (!dst) return fail(`destination IP "${spec.dstIp}" is not dotted IPv4`, 0)
  const udpLength = 8 + spec.payload.length
  const total = 20 + udpLength
  if (total > 0xffff) return fail(`UDP payload of ${spec.payload.length} bytes does not fit one IPv4 datagram`, 0)
  const out = new Uint8Array(total)
  out.set([0x45, 0, total >> 8, total & 0xff])
  const id = spec.identification ?? 0
  out.set([id >> 8, id & 0xff, 0x40, 0], 4) // don't-fragment
  out[8] = spec.ttl ?? 64
  out[9] = IP_PROTOCOL_UDP
  out.set(src, 12)
  out.set(dst, 16)
  const ipSum = ~onesComplementSum(out, 0, 20) & 0xffff
  out[10] = ipSum >> 8
  out[11] = ipSum & 0xff
  const u = 20
  out.set([spec.srcPort >> 8, spec.srcPort & 0xff, spec.dstPort >> 8, spec.dstPort & 0xff, udpLength >> 8, udpLength & 0xff], u)
  out.set(spec.payload, u + 8)
  if (spec.udpChecksum !== false) {
    const pseudo = new Uint8Array([...src, ...dst, 0, IP_PROTOCOL_UDP, udpLength >> 8, udpLength & 0xff])
    let sum = ~onesComplementSum(out, u, total, onesComplementSum(pseudo, 0, 12)) & 0xffff
    if (sum === 0) sum = 0xffff
    out[u + 6] = sum >> 8
    out[u + 7] = sum & 0xff
  }
  return ok(out)
}

/** LLC/SNAP (RFC 1042) header + payload, the body of an unprotected 802.11 data frame. */
export function buildLlcSnap(ethertype: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length)
  out.set([0xaa, 0xaa, 0x03, 0, 0, 0, ethertype >> 8, ethertype & 0xff])
  out.set(payload, 8)
  return out
}

export function buildLlcSnapIpv4Udp(spec: Ipv4UdpSpec): Result<Uint8Array> {
  const ip = buildIpv4Udp(spec)
  return ip.ok ? ok(buildLlcSnap(ETHERTYPE_IPV4, ip.value)) : ip
}

export function buildEthernet(spec: { dst: string; src: string; ethertype: number; payload: Uint8Array }): Result<Uint8Array> {
  const dst = parseMac(spec.dst)
  const src = parseMac(spec.src)
  if (!dst || !src) return fail('Ethernet addresses must be MAC addresses', 0)
  const out = new Uint8Array(14 + spec.payload.length)
  out.set(dst, 0)
  out.set(src, 6)
  out[12] = spec.ethertype >> 8
  out[13] = spec.ethertype & 0xff
  out.set(spec.payload, 14)
  return ok(out)
}
