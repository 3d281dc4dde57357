import type { Encoding } from '../../preload/contract/common'
import { classifyBcastLength } from '../codec/awss/index.js'
import { decodePacket, LINKTYPE_ETHERNET, TYPE_SUBTYPE } from '../codec/ieee80211/index.js'
import type { AnnotationNode, ClaimClassifier, ClaimFrame, ProvisioningClaim } from '../frames/claims/claim-types'
import { AirOracle } from './air-oracle'
import { CIPHER_OFFSETS } from './cipher-offset'

// smart-config bcast and mcast in the Frames view (PROTOCOLS-awss.md §2, §3): a frame is "provisioning-related" when it
// belongs to a sender the oracle tracks (one that sent a hint frame, or a 1-byte multicast datagram), decoded as the
// device decodes it. Only group-addressed data frames, beacons (for the AP list's ciphers) and wired UDP are decoded
// on the ingest path; everything else is dismissed from the summary alone.

const BROADCAST = 0xffffffffffff
const IPV4_MULTICAST_OUI = 0x01005e
const CIPHERS = [['open', CIPHER_OFFSETS.open], ['wep', CIPHER_OFFSETS.wep], ['ccmp', CIPHER_OFFSETS.ccmp], ['tkip', CIPHER_OFFSETS.tkip]] as const

const isGroupData = (frame: ClaimFrame, encoding: Encoding): boolean => {
  const s = frame.wifi!
  if (s.typeSubtype !== TYPE_SUBTYPE.data && s.typeSubtype !== TYPE_SUBTYPE.qosData) return false
  if ((s.fcFlags & 0x03) !== 1 && (s.fcFlags & 0x03) !== 2) return false
  return encoding === 'bcast' ? s.da === BROADCAST : Math.floor(s.da / 0x1000000) === IPV4_MULTICAST_OUI
}

const HINTS = new Set([0x4e0, 0x3e1, 0x3e2, 0x3e3, 0x3e4, 0x3e5, 0x3e6, 0x3e7])

/** Could this body length start a sender under some cipher offset (a hint frame; a 1-byte mcast payload)? */
function couldStart(encoding: Encoding, body: number): boolean {
  for (const [, offset] of CIPHERS) {
    const symbol = body - offset
    if (encoding === 'bcast' ? HINTS.has(symbol) : symbol === 1) return true
  }
  return false
}

function classifier(encoding: Encoding): ClaimClassifier {
  const oracle = new AirOracle({ encodings: [encoding] })
  // Summaries give addresses as 48-bit numbers: what was learnt is remembered that way, so most frames cost no decode.
  const knownBss = new Set<number>()
  const tracked = new Set<number>()
  return {
    claims(frame) {
      const s = frame.wifi
      if (s) {
        if (!s.ok) return false
        if (s.typeSubtype === TYPE_SUBTYPE.beacon || s.typeSubtype === TYPE_SUBTYPE.probeResponse) {
          // An AP's ciphers do not change between beacons: one decode per BSSID feeds the AP list.
          if (knownBss.has(s.bssid)) return false
          knownBss.add(s.bssid)
        } else {
          if (!isGroupData(frame, encoding)) return false
          const header = 24 + (s.typeSubtype === TYPE_SUBTYPE.qosData ? 2 + (s.fcFlags & 0x80 ? 4 : 0) : 0)
          if (!tracked.has(s.sa) && !couldStart(encoding, s.frameLength - header)) return false
        }
      } else if (frame.linktype !== LINKTYPE_ETHERNET) return false
      const bytes = frame.bytes.subarray(frame.offset, frame.offset + frame.length)
      const packet = decodePacket(frame.linktype, bytes)
      const sender = oracle.pushPacket(packet, bytes, frame.time * 1000)
      const claimed = sender !== undefined && oracle.track(encoding, sender) !== undefined
      if (claimed && s) tracked.add(s.sa)
      return claimed
    },
    annotate(_frame, decoded) {
      if (decoded.kind === 'ethernet' && decoded.udp) {
        return [{ label: `Smart-config ${encoding} (wired)`, value: symbolText(encoding, decoded.udp.payloadLength, decoded.udp.dstIp) }]
      }
      if (decoded.kind !== 'ieee80211' || !decoded.fc) return []
      const body = decoded.frameLength - decoded.headerLength
      const children: AnnotationNode[] = CIPHERS.map(([cipher, offset]) => ({
        label: `If the device assumes ${cipher.toUpperCase()} (offset ${offset})`,
        value: symbolText(encoding, body - offset, decoded.da),
      }))
      return [
        {
          label: `Smart-config ${encoding}: the ${encoding === 'bcast' ? 'length' : 'destination'} carries the data (§${encoding === 'bcast' ? '2' : '3'})`,
          value: `802.11 body ${body} bytes, ${decoded.fc.protected ? 'protected' : 'open'}, Duration ${decoded.duration ?? 0}`,
          offset: decoded.bodyOffset,
          length: body,
          children,
        },
      ]
    },
  }
}

function symbolText(encoding: Encoding, symbol: number, destination: string | undefined): string {
  if (encoding === 'mcast') {
    if (symbol !== 1) return `payload ${symbol} bytes: not an mcast frame (needs exactly 1)`
    const mac = destination?.split(':').map((h) => parseInt(h, 16)) ?? []
    const dotted = destination?.split('.').map(Number)
    const [i, a, b] = mac.length === 6 ? [mac[3] & 0x7f, mac[4], mac[5]] : dotted && dotted.length === 4 ? [dotted[1] & 0x7f, dotted[2], dotted[3]] : [NaN, NaN, NaN]
    return `pair ${i}: data[${2 * i}] = ${a}, data[${2 * i + 1}] = ${b}`
  }
  const kind = classifyBcastLength(symbol)
  if (kind.kind === 'start') return `${symbol} = start frame (group 0, a hint)`
  if (kind.kind === 'group') return `${symbol} = group ${kind.group} marker${kind.group <= 7 ? ' (a hint)' : ''}`
  if (kind.kind === 'data') return `${symbol} = position ${kind.index} of its group, value ${kind.value}`
  return `${symbol}: not a bcast symbol`
}

export const smartconfigBcastClaim: ProvisioningClaim = {
  id: 'smart-config-bcast',
  method: 'smart-config',
  encoding: 'bcast',
  label: 'Smart-config bcast (UDP payload lengths)',
  create: () => classifier('bcast'),
}

export const smartconfigMcastClaim: ProvisioningClaim = {
  id: 'smart-config-mcast',
  method: 'smart-config',
  encoding: 'mcast',
  label: 'Smart-config mcast (multicast destinations)',
  create: () => classifier('mcast'),
}
