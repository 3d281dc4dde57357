import type { DecodedPacket } from '../codec/ieee80211/index.js'
import type { EthernetFrame } from '../codec/ethernet/index.js'
import type { DecodedWifiFrame } from '../codec/ieee80211/index.js'
import { type ApCiphers, cipherFromName, type OffsetInput, pairwiseCipher } from './cipher-offset'

// The few frame shapes smart-config decoding looks at (PROTOCOLS-awss.md §1.6 dispatch order): beacons and probe
// responses feed the AP list, probe requests may carry the p2p Device Name, and data frames with exactly one DS bit
// carry bcast/mcast lengths. Ethernet frames (a wired or loopback capture of the phone's datagrams) are rebuilt as the
// lengths an open network would carry; they have no sequence numbers, so the oracle numbers them in capture order.

export const BROADCAST = 'ff:ff:ff:ff:ff:ff'
const ZERO_MAC = '00:00:00:00:00:00'
/** aws_80211_frame_handler accepts 33..1736 bytes (header included, FCS removed). */
const MIN_FRAME = 33
const MAX_FRAME = 1736

export type AirFrame =
  | { kind: 'bss'; bssid: string; ssid: Uint8Array; channel?: number; ciphers: ApCiphers }
  | { kind: 'probe-request'; sa: string; deviceName: Uint8Array }
  | {
      kind: 'data'
      sa: string
      da: string
      bssid: string
      sequence: number
      /** 802.11 body length: frame length minus MAC header, no FCS. */
      bodyLength: number
      offsetInput: OffsetInput
    }
  | { kind: 'wired'; sender: string; da: string; bssid: string; payloadLength: number }

export type AirFrameResult = { frame: AirFrame } | { ignored: string }

const ignored = (reason: string): AirFrameResult => ({ ignored: reason })

/** `bytes` are the packet the decoder read; they give the IV bytes the cipher test of a protected frame looks at. */
export function airFrameFrom(packet: DecodedPacket | DecodedWifiFrame, bytes?: Uint8Array): AirFrameResult {
  if (packet.kind === 'ieee80211') return fromWifi(packet, bytes)
  if (packet.kind === 'ethernet') return fromEthernet(packet)
  return ignored(`${packet.kind} frames carry no smart-config`)
}

function fromWifi(f: DecodedWifiFrame, bytes: Uint8Array | undefined): AirFrameResult {
  const fc = f.fc
  if (!fc) return ignored('no frame control')
  if (fc.type === 0 && (fc.subtype === 8 || fc.subtype === 5)) {
    if (!f.bssid || !f.ssidBytes) return ignored('beacon without BSSID or SSID')
    const privacy = ((f.management?.capability ?? 0) & 0x10) !== 0
    const suites = f.rsn ?? f.wpa
    const ciphers: ApCiphers = { group: cipherFromName(suites?.group, privacy), pairwise: pairwiseCipher(suites?.pairwise, privacy) }
    return { frame: { kind: 'bss', bssid: f.bssid, ssid: f.ssidBytes, channel: f.channel, ciphers } }
  }
  if (fc.type === 0 && fc.subtype === 4) {
    if (!f.sa) return ignored('probe request without a source')
    for (const ie of f.ies ?? []) {
      if (ie.decoded.kind === 'wps' && ie.decoded.deviceName) return { frame: { kind: 'probe-request', sa: f.sa, deviceName: ie.decoded.deviceName } }
    }
    return ignored('probe request without a WPS Device Name')
  }
  if (fc.type !== 2) return ignored('not a data frame')
  // Data (0) and QoS Data (8) only: the Null and CF subtypes carry no body.
  if (fc.subtype !== 0 && fc.subtype !== 8) return ignored('data subtype without a body')
  if (fc.toDS === fc.fromDS) return ignored('smart-config frames have exactly one of ToDS/FromDS')
  if (fc.moreFrag || fc.order) return ignored('MoreFrag or Order bit set: the device drops the frame')
  if (!f.sa || !f.da || !f.bssid || f.seq === undefined) return ignored('data frame without addresses')
  if (f.frameLength < MIN_FRAME || f.frameLength > MAX_FRAME) return ignored(`frame length ${f.frameLength} outside 33..1736`)
  const bodyLength = f.frameLength - f.headerLength
  const iv = bytes ? bytes.slice(f.bodyOffset, Math.min(f.bodyOffset + 4, bytes.length)) : new Uint8Array(0)
  return {
    frame: {
      kind: 'data',
      sa: f.sa,
      da: f.da,
      bssid: f.bssid,
      sequence: f.seq,
      bodyLength,
      offsetInput: { direction: fc.toDS ? 'to-ds' : 'from-ds', protected: fc.protected, duration: f.duration ?? 0, iv },
    },
  }
}

function fromEthernet(e: EthernetFrame): AirFrameResult {
  const udp = e.udp
  if (!udp) return ignored('Ethernet frame without IPv4/UDP')
  const sender = e.src !== ZERO_MAC ? e.src : `${udp.srcIp}:${udp.srcPort}`
  return { frame: { kind: 'wired', sender, da: wiredDestination(e.dst, udp.dstIp), bssid: 'wired', payloadLength: udp.payloadLength } }
}

/**
 * The 802.11 DA the phone's datagram would have: the Ethernet destination, except on loopback, whose frames carry
 * blank MAC addresses; there it follows from the IPv4 destination (multicast → 01:00:5e + low 23 bits, a limited or
 * subnet broadcast → ff:ff:ff:ff:ff:ff).
 */
export function wiredDestination(dstMac: string, dstIp: string): string {
  if (dstMac !== ZERO_MAC) return dstMac
  const octets = dstIp.split('.').map(Number)
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o))) return dstMac
  if (octets[0] >= 224 && octets[0] <= 239) {
    return ['01', '00', '5e', octets[1] & 0x7f, octets[2], octets[3]].map((b) => (typeof b === 'string' ? b : b.toString(16).padStart(2, '0'))).join(':')
  }
  if (octets[3] === 255) return BROADCAST
  return dstMac
}
