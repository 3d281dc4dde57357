// 802.11 frames the lab's routers and device radios exchange. Bytes are real (tshark decodes them); this file only
// knows the few frame shapes the lab sends. Captures of any origin are decoded by main/codec/ieee80211.
export type Security = 'open' | 'wpa2'

const SUBTYPE = {
  assocRequest: 0x0,
  assocResponse: 0x1,
  probeRequest: 0x4,
  probeResponse: 0x5,
  beacon: 0x8,
  authentication: 0xb,
  deauthentication: 0xc,
} as const

export function macBytes(mac: string): Uint8Array {
  return new Uint8Array(mac.split(':').map((h) => parseInt(h, 16)))
}

export function macText(bytes: Uint8Array, offset: number): string {
  let out = ''
  for (let i = 0; i < 6; i++) out += (i ? ':' : '') + bytes[offset + i].toString(16).padStart(2, '0')
  return out
}

const BROADCAST = 'ff:ff:ff:ff:ff:ff'
const RATES_24 = [0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]
const EXT_RATES_24 = [0x30, 0x48, 0x60, 0x6c]
const RATES_5 = [0x8c, 0x12, 0x98, 0x24, 0xb0, 0x48, 0x60, 0x6c]
// RSN: version 1, group CCMP, 1 pairwise CCMP, 1 AKM PSK, capabilities 0.
const RSN_CCMP_PSK = [0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x02, 0x00, 0x00]

function ie(id: number, body: ArrayLike<number>): number[] {
  return [id, body.length, ...Array.from(body)]
}

function header(subtypeType: number, flags: number, duration: number, a1: string, a2: string, a3: string, seq: number): number[] {
  return [
    subtypeType,
    flags,
    duration & 0xff,
    duration >> 8,
    ...macBytes(a1),
    ...macBytes(a2),
    ...macBytes(a3),
    (seq << 4) & 0xff,
    (seq >> 4) & 0xff,
  ]
}

function mgmt(subtype: number, a1: string, a2: string, a3: string, seq: number, body: number[]): Uint8Array {
  return new Uint8Array([...header(subtype << 4, 0, subtype === SUBTYPE.beacon ? 0 : 314, a1, a2, a3, seq), ...body])
}

export interface BssDescription {
  bssid: string
  ssid: string
  channel: number
  security: Security
}

function tsf(micros: bigint): number[] {
  const out: number[] = []
  let value = micros
  for (let i = 0; i < 8; i++) {
    out.push(Number(value & 0xffn))
    value >>= 8n
  }
  return out
}

function bssBody(bss: BssDescription, tsfMicros: bigint): number[] {
  const ssid = Array.from(new TextEncoder().encode(bss.ssid))
  const fiveGHz = bss.channel > 14
  const capability = 0x0001 | (bss.security === 'wpa2' ? 0x0010 : 0) | (fiveGHz ? 0 : 0x0400)
  return [
    ...tsf(tsfMicros),
    100, 0, // beacon interval 100 TU
    capability & 0xff,
    capability >> 8,
    ...ie(0, ssid),
    ...ie(1, fiveGHz ? RATES_5 : RATES_24),
    ...ie(3, [bss.channel]),
    ...(fiveGHz ? [] : ie(50, EXT_RATES_24)),
    ...(bss.security === 'wpa2' ? ie(48, RSN_CCMP_PSK) : []),
  ]
}

export const build = {
  beacon: (bss: BssDescription, seq: number, tsfMicros: bigint) =>
    mgmt(SUBTYPE.beacon, BROADCAST, bss.bssid, bss.bssid, seq, bssBody(bss, tsfMicros)),
  probeResponse: (bss: BssDescription, da: string, seq: number, tsfMicros: bigint) =>
    mgmt(SUBTYPE.probeResponse, da, bss.bssid, bss.bssid, seq, bssBody(bss, tsfMicros)),
  probeRequest: (sa: string, ssid: string, seq: number) =>
    mgmt(SUBTYPE.probeRequest, BROADCAST, sa, BROADCAST, seq, [...ie(0, new TextEncoder().encode(ssid)), ...ie(1, RATES_24), ...ie(50, EXT_RATES_24)]),
  authentication: (da: string, sa: string, bssid: string, transaction: number, status: number, seq: number) =>
    mgmt(SUBTYPE.authentication, da, sa, bssid, seq, [0, 0, transaction, 0, status & 0xff, status >> 8]),
  assocRequest: (bss: BssDescription, sa: string, seq: number) =>
    mgmt(SUBTYPE.assocRequest, bss.bssid, sa, bss.bssid, seq, [
      0x01 | (bss.security === 'wpa2' ? 0x10 : 0), 0x04, // capability
      10, 0, // listen interval
      ...ie(0, new TextEncoder().encode(bss.ssid)),
      ...ie(1, bss.channel > 14 ? RATES_5 : RATES_24),
      ...(bss.security === 'wpa2' ? ie(48, RSN_CCMP_PSK) : []),
    ]),
  assocResponse: (da: string, bssid: string, status: number, aid: number, seq: number, channel: number) =>
    mgmt(SUBTYPE.assocResponse, da, bssid, bssid, seq, [
      0x01, 0x04, status & 0xff, status >> 8, aid & 0xff, 0xc0 | (aid >> 8),
      ...ie(1, channel > 14 ? RATES_5 : RATES_24),
    ]),
  deauthentication: (da: string, sa: string, bssid: string, reason: number, seq: number) =>
    mgmt(SUBTYPE.deauthentication, da, sa, bssid, seq, [reason & 0xff, reason >> 8]),
  /** A data frame carrying an LLC/SNAP payload, from the AP (FromDS) or to it (ToDS). */
  data: (dir: 'to-ds' | 'from-ds', bssid: string, sa: string, da: string, seq: number, ethertype: number, payload: Uint8Array, isProtected = false) => {
    const [a1, a2, a3] = dir === 'to-ds' ? [bssid, sa, da] : [da, bssid, sa]
    const flags = (dir === 'to-ds' ? 0x01 : 0x02) | (isProtected ? 0x40 : 0)
    return new Uint8Array([
      ...header(0x08, flags, 44, a1, a2, a3, seq),
      0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, ethertype >> 8, ethertype & 0xff,
      ...payload,
    ])
  },
}

export const RSN_IE_CCMP_PSK = new Uint8Array(ie(48, RSN_CCMP_PSK))

export interface LabFrame {
  type: number
  subtype: number
  toDS: boolean
  fromDS: boolean
  addr1: string
  addr2: string
  addr3: string
  seq: number
  /** Frame body after the 24-byte header. */
  body: Uint8Array
}

/** Parses the frames lab nodes receive (all built above): 3-address, no QoS, no FCS. */
export function parseLabFrame(bytes: Uint8Array): LabFrame | undefined {
  if (bytes.length < 24) return undefined
  const flags = bytes[1]
  return {
    type: (bytes[0] >> 2) & 0x3,
    subtype: bytes[0] >> 4,
    toDS: !!(flags & 0x01),
    fromDS: !!(flags & 0x02),
    addr1: macText(bytes, 4),
    addr2: macText(bytes, 10),
    addr3: macText(bytes, 16),
    seq: (bytes[22] | (bytes[23] << 8)) >> 4,
    body: bytes.subarray(24),
  }
}

/** SSID and DS channel from a beacon/probe response body (after the 12 fixed bytes), or a probe request body. */
export function readBssIes(body: Uint8Array, fixed: number): { ssid?: string; channel?: number; rsn: boolean } {
  let offset = fixed
  const out: { ssid?: string; channel?: number; rsn: boolean } = { rsn: false }
  while (offset + 2 <= body.length) {
    const id = body[offset]
    const length = body[offset + 1]
    if (offset + 2 + length > body.length) break
    const value = body.subarray(offset + 2, offset + 2 + length)
    if (id === 0) out.ssid = new TextDecoder().decode(value)
    else if (id === 3 && length >= 1) out.channel = value[0]
    else if (id === 48) out.rsn = true
    offset += 2 + length
  }
  return out
}

export const MGMT = SUBTYPE
export const ETHERTYPE_EAPOL = 0x888e
