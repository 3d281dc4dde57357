import type { BundleFrameRow } from '../../preload/contract'
import { decodePacket, LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR, LINKTYPE_IEEE802_11, LINKTYPE_IEEE802_11_RADIOTAP } from '../codec/ieee80211'
import type { RecordedFrames } from './frame-source'

/** The frame list of an opened bundle: one decoded row per packet, times relative to the session start. */
export function frameRows(frames: Pick<RecordedFrames, 'interfaces' | 'packets'>, sessionStartMs: number, offset: number, limit: number): BundleFrameRow[] {
  const rows: BundleFrameRow[] = []
  const end = Math.min(frames.packets.length, offset + limit)
  for (let index = offset; index < end; index++) {
    const packet = frames.packets[index]
    const linktype = frames.interfaces[packet.interfaceId]?.linktype ?? -1
    rows.push(rowOf(index, linktype, packet.data, Number(packet.timestampNs / 1000n) / 1000 - sessionStartMs))
  }
  return rows
}

function rowOf(index: number, linktype: number, data: Uint8Array, offsetMs: number): BundleFrameRow {
  const base = { index, offsetMs: Math.round(offsetMs * 1000) / 1000, linktype, length: data.length }
  const known = linktype === LINKTYPE_IEEE802_11_RADIOTAP || linktype === LINKTYPE_IEEE802_11 || linktype === LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR
  if (!known) return { ...base, kind: `linktype ${linktype}`, info: '' }
  const decoded = decodePacket(linktype, data)
  if (decoded.kind === 'ieee80211') {
    const f = decoded
    const info = [
      f.ssid !== undefined ? `SSID "${f.ssid}"` : '',
      f.management?.reasonCode !== undefined ? `reason ${f.management.reasonCode}` : '',
      f.management?.statusCode !== undefined ? `status ${f.management.statusCode}` : '',
      f.ethertype === 0x888e ? 'EAPOL' : '',
      f.fc?.protected ? 'protected' : '',
      f.malformed ? `malformed: ${f.malformed.reason}` : '',
    ]
      .filter(Boolean)
      .join(', ')
    return {
      ...base,
      kind: f.kindName ?? 'unknown',
      ...(f.radiotap?.channel?.freqMHz !== undefined ? { channel: channelOf(f.radiotap.channel.freqMHz) } : f.channel !== undefined ? { channel: f.channel } : {}),
      ...(f.radiotap?.dbmSignal !== undefined ? { signalDbm: f.radiotap.dbmSignal } : {}),
      ...(f.ta ?? f.sa ? { source: f.ta ?? f.sa } : {}),
      ...(f.ra ?? f.da ? { destination: f.ra ?? f.da } : {}),
      ...(f.bssid ? { bssid: f.bssid } : {}),
      ...(f.ssid !== undefined ? { ssid: f.ssid } : {}),
      info,
    }
  }
  if (decoded.kind === 'ble-ll') {
    return { ...base, kind: 'BLE LL', channel: decoded.rfChannel, ...(decoded.signalDbm !== undefined ? { signalDbm: decoded.signalDbm } : {}), info: '' }
  }
  return { ...base, kind: 'unknown', info: '' }
}

function channelOf(freqMHz: number): number {
  if (freqMHz === 2484) return 14
  if (freqMHz >= 2412 && freqMHz <= 2472) return (freqMHz - 2407) / 5
  if (freqMHz >= 5000) return (freqMHz - 5000) / 5
  return freqMHz
}
