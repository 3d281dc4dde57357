import { decodeRadiotapFrame, decode80211, type DecodedWifiFrame } from '../../codec/ieee80211'
import { parseEapolKey } from '../../codec/eapol/key-frame'
import type { FrameObservation, JoinMilestone } from './frame-observation'

export type { FrameObservation, JoinMilestone } from './frame-observation'

const LINKTYPE_IEEE802_11 = 105
const LINKTYPE_RADIOTAP = 127
const ETHERTYPE_EAPOL = 0x888e
const SUBTYPE = { assocRequest: 0x00, assocResponse: 0x01, probeResponse: 0x05, beacon: 0x08, disassoc: 0x0a, auth: 0x0b, deauth: 0x0c } as const

export interface CapturedPacket {
  linktype: number
  timestampNs: bigint
  data: Uint8Array
}

export interface FrameTarget {
  ssid: string
  bssid?: string
}

const JOIN_ORDER: JoinMilestone[] = ['beacon', 'probe-response', 'authentication', 'association', 'eapol-1', 'eapol-2', 'eapol-3', 'eapol-4']
const MILESTONE_TEXT: Record<JoinMilestone, string> = {
  beacon: 'beacon',
  'probe-response': 'probe response',
  authentication: 'authentication',
  association: 'association',
  'eapol-1': 'EAPOL 1/4',
  'eapol-2': 'EAPOL 2/4',
  'eapol-3': 'EAPOL 3/4',
  'eapol-4': 'EAPOL 4/4',
  deauthentication: 'deauthentication',
  disassociation: 'disassociation',
}

function decode(packet: CapturedPacket): DecodedWifiFrame | undefined {
  if (packet.linktype === LINKTYPE_RADIOTAP) return decodeRadiotapFrame(packet.data)
  if (packet.linktype === LINKTYPE_IEEE802_11) return decode80211(packet.data, { fcsAtEnd: false, dataPad: false })
  return undefined
}

const normalizeMac = (mac: string) => mac.toLowerCase().replace(/-/g, ':')

/**
 * Reads the Wi-Fi join of any client with the target router out of captured frames: which milestones were seen, how
 * often, and which never appeared. Pure; hostile or foreign packets are skipped, never thrown on.
 */
export function observeFrames(packets: Iterable<CapturedPacket>, target: FrameTarget, source: { name: string; allChannels: boolean }): FrameObservation {
  const frames: { frame: DecodedWifiFrame; data: Uint8Array }[] = []
  let frameCount = 0
  for (const packet of packets) {
    frameCount++
    const frame = decode(packet)
    if (frame?.fc && frame.typeSubtype !== undefined && !frame.malformed) frames.push({ frame, data: packet.data })
  }
  let bssid = target.bssid ? normalizeMac(target.bssid) : undefined
  let protectedBss: boolean | undefined
  for (const { frame } of frames) {
    if (frame.typeSubtype !== SUBTYPE.beacon && frame.typeSubtype !== SUBTYPE.probeResponse) continue
    if (!bssid && frame.ssid === target.ssid && frame.bssid) bssid = frame.bssid
    if (bssid && frame.bssid === bssid) {
      protectedBss = Boolean(frame.rsn || frame.wpa)
      break
    }
  }

  const counts = new Map<JoinMilestone, number>()
  const reasons = new Map<JoinMilestone, Set<number>>()
  const see = (milestone: JoinMilestone, reason?: number) => {
    counts.set(milestone, (counts.get(milestone) ?? 0) + 1)
    if (reason !== undefined) reasons.set(milestone, (reasons.get(milestone) ?? new Set()).add(reason))
  }
  const involvesBss = (f: DecodedWifiFrame) => bssid !== undefined && (f.bssid === bssid || f.ra === bssid || f.ta === bssid)

  for (const { frame, data } of frames) {
    if (!involvesBss(frame)) continue
    const ts = frame.typeSubtype!
    if (frame.fc!.type === 0) {
      if (ts === SUBTYPE.beacon) see('beacon')
      else if (ts === SUBTYPE.probeResponse) see('probe-response')
      else if (ts === SUBTYPE.auth) see('authentication')
      else if (ts === SUBTYPE.assocRequest || ts === SUBTYPE.assocResponse) see('association')
      else if (ts === SUBTYPE.deauth) see('deauthentication', frame.management?.reasonCode)
      else if (ts === SUBTYPE.disassoc) see('disassociation', frame.management?.reasonCode)
    } else if (frame.fc!.type === 2 && frame.ethertype === ETHERTYPE_EAPOL) {
      // LLC/SNAP (8 bytes) precedes the EAPOL packet in the body.
      const key = parseEapolKey(data.subarray(frame.bodyOffset + 8, frame.bodyOffset + frame.bodyLength))
      if (key.ok && key.value.message) see(`eapol-${key.value.message}` as JoinMilestone)
    }
  }

  const has = (m: JoinMilestone) => counts.has(m)
  const router: FrameObservation['router'] = has('beacon') || has('probe-response') ? 'heard' : source.allChannels && bssid ? 'not-heard' : 'unknown'
  let handshake: FrameObservation['handshake']
  if (has('eapol-4')) handshake = 'completed'
  else if (has('eapol-2') && !has('eapol-3') && (has('deauthentication') || has('disassociation'))) handshake = 'rejected'
  else if (has('eapol-1')) handshake = 'incomplete'
  else if (protectedBss === false && has('association')) handshake = 'not-needed'
  else if (protectedBss === undefined && !source.allChannels) handshake = 'unknown'
  else handshake = 'not-started'

  const expected = JOIN_ORDER.filter((m) => m !== 'probe-response' && (protectedBss !== false || !m.startsWith('eapol')))
  const seen = [...JOIN_ORDER, 'deauthentication' as const, 'disassociation' as const]
    .filter((m) => has(m))
    .map((milestone) => {
      const codes = reasons.get(milestone)
      return { milestone, count: counts.get(milestone)!, ...(codes ? { detail: `reason ${[...codes].join(', ')}` } : {}) }
    })
  return {
    source: source.name,
    allChannels: source.allChannels,
    frameCount,
    ...(bssid ? { bssid } : {}),
    router,
    handshake,
    seen,
    notSeen: router === 'unknown' && !source.allChannels ? [] : expected.filter((m) => !has(m)),
  }
}

export function milestoneText(milestone: JoinMilestone): string {
  return MILESTONE_TEXT[milestone]
}
