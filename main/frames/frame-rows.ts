import type { FrameRow } from '../../preload/contract'
import { ADVERTISING_ACCESS_ADDRESS } from '../codec/ble/index.js'
import { decodeEthernet } from '../codec/ethernet/index.js'
import { formatMacNumber, frameKindName } from '../codec/ieee80211/index.js'
import type { FrameStore, RecordRef } from './frame-store'
import {
  FLAG_ELEMENTS_TRUNCATED,
  FLAG_FCS_BAD,
  FLAG_FCS_PRESENT,
  FLAG_MALFORMED,
  FLAG_PROTECTED,
  KIND_BLE,
  KIND_ETHERNET,
  KIND_WIFI,
  NO_CHANNEL,
  NO_SIGNAL,
} from './record-block'

const KIND_NAMES = ['wifi', 'ethernet', 'ble', 'other'] as const
const mac = (n: number) => (n < 0 ? null : formatMacNumber(n))

/** One row of the frame table, from the record's columns (and, for non-802.11 frames, a look at the bytes). */
export function frameRow(store: FrameStore, index: number): FrameRow | undefined {
  const ref = store.ref(index)
  if (!ref) return undefined
  const { block: b, i } = ref
  const typeSubtype = b.typeSubtype[i]
  const kind = KIND_NAMES[b.kind[i]] ?? 'other'
  const flags = b.flags[i]
  const fcs = flags & FLAG_FCS_BAD ? 'bad' : flags & FLAG_FCS_PRESENT ? 'ok' : 'absent'
  const ssid = store.ssids.get(b.ssid[i]) ?? null
  const malformed = store.reasons.get(b.malformed[i]) ?? null
  const vendorList = store.vendorLists.get(b.vendors[i])
  const ra = mac(b.ra[i])
  const ta = mac(b.ta[i])
  const sa = mac(b.sa[i])
  const da = mac(b.da[i])
  const row: FrameRow = {
    index,
    time: b.seconds[i] + Math.floor(b.nanoseconds[i] / 1000) / 1e6,
    kind,
    type: typeSubtype >= 0 ? typeSubtype >> 4 : null,
    subtype: typeSubtype >= 0 ? typeSubtype & 0x0f : null,
    typeName: '',
    channel: b.channel[i] === NO_CHANNEL ? null : b.channel[i],
    freqMHz: b.freq[i] || null,
    signalDbm: b.signal[i] === NO_SIGNAL ? null : b.signal[i],
    source: sa ?? ta,
    destination: da ?? ra,
    bssid: mac(b.bssid[i]),
    ra,
    ta,
    sa,
    da,
    ssid,
    length: b.capturedLength[i],
    originalLength: b.originalLength[i],
    seq: b.seq[i] >= 0 ? b.seq[i] : null,
    protected: (flags & FLAG_PROTECTED) !== 0,
    fcs,
    vendorIes: vendorList ? vendorList.split(',') : [],
    claims: store.claimIds(b.claims[i]),
    malformed,
    info: '',
  }
  if (b.kind[i] === KIND_WIFI) {
    row.typeName = typeSubtype >= 0 ? frameKindName(typeSubtype >> 4, typeSubtype & 0x0f) : 'Radio record'
    row.info = wifiInfo(row, flags)
  } else if (b.kind[i] === KIND_ETHERNET) {
    Object.assign(row, ethernetInfo(store, ref))
  } else if (b.kind[i] === KIND_BLE) {
    Object.assign(row, bleInfo(store, ref))
  } else {
    row.typeName = `Link type ${store.interfaceOf(ref).linktype}`
    row.info = malformed ?? ''
  }
  if (malformed && b.kind[i] !== KIND_WIFI && !row.info.includes('malformed')) row.info += ` [malformed: ${malformed}]`
  return row
}

function wifiInfo(row: FrameRow, flags: number): string {
  let info = row.typeName
  if (row.seq !== null) info += `, SN=${row.seq}`
  if (row.ssid !== null) info += `, SSID=${JSON.stringify(row.ssid)}`
  if (row.protected) info += ' (protected)'
  if (flags & FLAG_FCS_BAD) info += ' [bad FCS]'
  if (flags & (FLAG_MALFORMED | FLAG_ELEMENTS_TRUNCATED)) info += ` [malformed: ${row.malformed ?? 'yes'}]`
  return info
}

function ethernetInfo(store: FrameStore, ref: RecordRef): { typeName: string; info: string } {
  const decoded = decodeEthernet(store.bytesOf(ref))
  if (!decoded.ok) return { typeName: 'Ethernet', info: '' }
  const e = decoded.value
  if (e.udp) {
    const u = e.udp
    return { typeName: 'UDP', info: `${u.srcIp}:${u.srcPort} → ${u.dstIp}:${u.dstPort}, ${u.payloadLength} bytes${u.captureTruncated ? ' (cut by snap length)' : ''}` }
  }
  const names: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6', 0x888e: 'EAPOL' }
  const name = names[e.ethertype] ?? `EtherType 0x${e.ethertype.toString(16).padStart(4, '0')}`
  return { typeName: name, info: `${name}${e.vlanIds.length ? ` (VLAN ${e.vlanIds.join('/')})` : ''}` }
}

function bleInfo(store: FrameStore, ref: RecordRef): { typeName: string; info: string } {
  const bytes = store.bytesOf(ref)
  if (bytes.length < 14) return { typeName: 'BLE LL', info: '' }
  const accessAddress = (bytes[10] | (bytes[11] << 8) | (bytes[12] << 16) | (bytes[13] << 24)) >>> 0
  const advertising = accessAddress === ADVERTISING_ACCESS_ADDRESS
  return {
    typeName: advertising ? 'BLE advertising' : 'BLE data',
    info: `${advertising ? 'Advertising' : 'Data'} PDU on RF channel ${bytes[0]}, access address 0x${accessAddress.toString(16).padStart(8, '0')}, ${bytes.length - 10} bytes`,
  }
}
