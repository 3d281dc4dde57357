// A one-line description of a frame for the frame list's Info column, in the spirit of Wireshark's.
import { frameKindName } from './frame-kind.js'
import type { FrameSummary } from './frame-summary.js'
import type { DecodedWifiFrame } from './frame-types.js'

function describe(kind: string, seq: number | undefined, ssid: string | undefined, fcsBad: boolean, malformed: boolean): string {
  let info = kind
  if (seq !== undefined && seq >= 0) info += `, SN=${seq}`
  if (ssid !== undefined) info += `, SSID="${ssid}"`
  if (fcsBad) info += ' [bad FCS]'
  if (malformed) info += ' [malformed]'
  return info
}

export function frameInfo(frame: DecodedWifiFrame): string {
  if (frame.fc === undefined && frame.radiotap?.zeroLengthPsdu !== undefined) return 'Radio record without a frame (0-length PSDU)'
  const kind = frame.kindName ?? 'Unknown 802.11 frame'
  return describe(kind, frame.seq, frame.ssid, frame.fcs !== undefined && !frame.fcs.ok, frame.malformed !== undefined)
}

export function summaryInfo(summary: FrameSummary): string {
  if (summary.typeSubtype < 0) return summary.ok ? 'Radio record without a frame (0-length PSDU)' : `[malformed: ${summary.reason}]`
  const kind = frameKindName(summary.typeSubtype >> 4, summary.typeSubtype & 0x0f)
  const radiotapBadFcs = summary.radiotapFlags >= 0 && (summary.radiotapFlags & 0x40) !== 0
  return describe(kind, summary.seq, summary.ssid, radiotapBadFcs, !summary.ok || summary.elementsTruncated)
}
