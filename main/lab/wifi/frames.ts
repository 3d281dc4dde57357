import {
  type DecodedWifiFrame,
  type ElementSpec,
  buildAssociationRequest,
  buildAssociationResponse,
  buildAuthentication,
  buildBeacon,
  buildDataFrame,
  buildDeauthentication,
  buildProbeRequest,
  buildProbeResponse,
  decode80211,
  dsParameterElement,
  rateElements,
  rsnWpa2CcmpElement,
  ssidElement,
} from '../../codec/ieee80211'
import type { Result } from '../../codec/result'

// The frame shapes lab routers and device radios exchange, built and parsed with the project's 802.11 codec.
export type Security = 'open' | 'wpa2'

export interface BssDescription {
  bssid: string
  ssid: string
  channel: number
  security: Security
}

export const MGMT = {
  assocRequest: 0x0,
  assocResponse: 0x1,
  probeRequest: 0x4,
  probeResponse: 0x5,
  beacon: 0x8,
  authentication: 0xb,
  deauthentication: 0xc,
} as const

export const ETHERTYPE_EAPOL = 0x888e
const RATES_24_KBPS = [1000, 2000, 5500, 11000, 6000, 9000, 12000, 18000]
const EXT_RATES_24_KBPS = [24000, 36000, 48000, 54000]
const RATES_5_KBPS = [6000, 9000, 12000, 18000, 24000, 36000, 48000, 54000]

export const RSN_ELEMENT = rsnWpa2CcmpElement()
export const RSN_IE_CCMP_PSK = Uint8Array.of(RSN_ELEMENT.id, RSN_ELEMENT.body.length, ...RSN_ELEMENT.body)

/** Lab inputs are always well-formed; a builder refusing one is a bug in the lab, not a user error. */
function must(result: Result<Uint8Array>): Uint8Array {
  if (!result.ok) throw new Error(`lab frame builder: ${result.error.reason}`)
  return result.value
}

/** Supported Rates, then Extended Supported Rates when more than eight (2.4 GHz). */
function rates(channel: number): ElementSpec[] {
  return channel > 14 ? rateElements(RATES_5_KBPS, [6000, 12000, 24000]) : rateElements([...RATES_24_KBPS, ...EXT_RATES_24_KBPS], [1000, 2000, 5500, 11000])
}

function bssElements(bss: BssDescription): ElementSpec[] {
  const [supported, ...extended] = rates(bss.channel)
  return [ssidElement(bss.ssid), supported, dsParameterElement(bss.channel), ...extended, ...(bss.security === 'wpa2' ? [RSN_ELEMENT] : [])]
}

const capability = (bss: BssDescription) => 0x0001 | (bss.security === 'wpa2' ? 0x0010 : 0) | (bss.channel > 14 ? 0 : 0x0400)

export const build = {
  beacon: (bss: BssDescription, seq: number, tsfMicros: bigint) =>
    must(buildBeacon({ bssid: bss.bssid, seq, timestamp: tsfMicros, capability: capability(bss), elements: bssElements(bss) })),
  probeResponse: (bss: BssDescription, da: string, seq: number, tsfMicros: bigint) =>
    must(buildProbeResponse({ bssid: bss.bssid, da, seq, duration: 314, timestamp: tsfMicros, capability: capability(bss), elements: bssElements(bss) })),
  probeRequest: (sa: string, ssid: string, seq: number) => must(buildProbeRequest({ sa, seq, elements: [ssidElement(ssid), ...rates(1)] })),
  authentication: (da: string, sa: string, bssid: string, transaction: number, status: number, seq: number) =>
    must(buildAuthentication({ da, sa, bssid, transaction, status, seq, duration: 314 })),
  assocRequest: (bss: BssDescription, sa: string, seq: number) =>
    must(
      buildAssociationRequest({
        da: bss.bssid,
        sa,
        bssid: bss.bssid,
        seq,
        duration: 314,
        capability: capability(bss),
        elements: [ssidElement(bss.ssid), ...rates(bss.channel), ...(bss.security === 'wpa2' ? [RSN_ELEMENT] : [])],
      }),
    ),
  assocResponse: (da: string, bssid: string, status: number, aid: number, seq: number, channel: number) =>
    must(buildAssociationResponse({ da, sa: bssid, bssid, status, aid, seq, duration: 314, elements: rates(channel) })),
  deauthentication: (da: string, sa: string, bssid: string, reason: number, seq: number) =>
    must(buildDeauthentication({ da, sa, bssid, reason, seq, duration: 314 })),
  /** A data frame carrying an LLC/SNAP payload, from the AP (FromDS) or to it (ToDS). */
  data: (dir: 'to-ds' | 'from-ds', bssid: string, sa: string, da: string, seq: number, ethertype: number, payload: Uint8Array, isProtected = false) =>
    must(
      buildDataFrame({
        toDS: dir === 'to-ds',
        fromDS: dir === 'from-ds',
        bssid,
        sa,
        da,
        seq,
        duration: 44,
        protected: isProtected,
        body: Uint8Array.of(0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, ethertype >> 8, ethertype & 0xff, ...payload),
      }),
    ),
}

export interface LabFrame {
  type: number
  subtype: number
  toDS: boolean
  fromDS: boolean
  addr1: string
  addr2: string
  addr3: string
  seq: number
  /** Frame body after the MAC header. */
  body: Uint8Array
  /** The codec's full decode (SSID, channel, RSN for beacons and probes). */
  decoded: DecodedWifiFrame
}

/** Decodes a frame heard on the lab air (no FCS); undefined for anything the lab does not use. */
export function parseLabFrame(bytes: Uint8Array): LabFrame | undefined {
  const decoded = decode80211(bytes, { fcsAtEnd: false })
  if (decoded.malformed || !decoded.fc || !decoded.addr1 || !decoded.addr2 || !decoded.addr3) return undefined
  return {
    type: decoded.fc.type,
    subtype: decoded.fc.subtype,
    toDS: decoded.fc.toDS,
    fromDS: decoded.fc.fromDS,
    addr1: decoded.addr1,
    addr2: decoded.addr2,
    addr3: decoded.addr3,
    seq: decoded.seq ?? 0,
    body: bytes.subarray(decoded.bodyOffset, decoded.bodyOffset + decoded.bodyLength),
    decoded,
  }
}

/** SSID, channel and whether RSN is present, from a beacon, probe response or probe request. */
export function bssInfo(frame: LabFrame): { ssid?: string; channel?: number; rsn: boolean } {
  return { ssid: frame.decoded.ssid, channel: frame.decoded.channel, rsn: frame.decoded.rsn !== undefined }
}
