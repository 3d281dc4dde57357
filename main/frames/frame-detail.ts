import type { FrameDetail, FrameDetailNode } from '../../preload/contract'
import type { EthernetFrame } from '../codec/ethernet/index.js'
import {
  decodePacket,
  toHex,
  type BleLlWithPhdr,
  type DecodedPacket,
  type DecodedWifiFrame,
  type InformationElement,
} from '../codec/ieee80211/index.js'
import type { ClaimClassifier, ClaimFrame } from './claims/claim-types'
import { frameRow } from './frame-rows'
import type { FrameStore } from './frame-store'

/** A decoded field's value in one line: flags by name, numbers as numbers, bytes as hex. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Uint8Array) return toHex(value)
  if (Array.isArray(value)) return value.map(describeValue).join('; ')
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== false && v !== undefined)
      .map(([k, v]) => (v === true ? k : `${k}=${describeValue(v)}`))
      .join(', ')
  }
  return String(value)
}
const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`

/** Classifiers used only to annotate (one set per store, apart from the ingest ones, which keep state). */
const annotators = new WeakMap<FrameStore, ClaimClassifier[]>()

/** The detail view of one frame: the decoded tree with byte ranges, its hex, and what the AWSS decoders see in it. */
export function frameDetail(store: FrameStore, index: number): FrameDetail | undefined {
  const ref = store.ref(index)
  const row = frameRow(store, index)
  if (!ref || !row) return undefined
  const iface = store.interfaceOf(ref)
  const bytes = store.bytesOf(ref).slice()
  const decoded = decodePacket(iface.linktype, bytes, { fcsAtEnd: iface.fcsLength === 4 })
  const tree: FrameDetailNode[] = [
    {
      label: `Frame ${index}`,
      value: `${row.length} bytes captured${row.originalLength !== row.length ? ` of ${row.originalLength}` : ''}, ${iface.name}, link type ${iface.linktype}`,
      offset: 0,
      length: bytes.length,
      children: [
        { label: 'Capture time', value: new Date(row.time * 1000).toISOString().replace('Z', `${String(Math.round(row.time * 1e6) % 1000).padStart(3, '0')}Z`) },
        { label: 'Interface', value: iface.name },
      ],
    },
  ]
  if (decoded.kind === 'ieee80211') tree.push(...wifiTree(decoded, bytes))
  else if (decoded.kind === 'ethernet') tree.push(...ethernetTree(decoded, bytes))
  else if (decoded.kind === 'ble-ll') tree.push(...bleTree(decoded, bytes))
  if ('malformed' in decoded && decoded.malformed) {
    tree.push({ label: 'Malformed', value: `${decoded.malformed.reason} (at byte ${decoded.malformed.offset})`, offset: Math.min(decoded.malformed.offset, bytes.length), length: Math.max(0, bytes.length - decoded.malformed.offset), tone: 'problem' })
  }
  const awss = annotations(store, ref.block.claims[ref.i], bytes, iface.linktype, decoded)
  if (awss.length > 0) tree.push({ label: 'Provisioning (AWSS)', value: row.claims.join(', '), tone: 'awss', children: awss })
  return { row, linktype: iface.linktype, interfaceName: iface.name, hex: toHex(bytes), tree: tree.map((node) => clamp(node, bytes.length)) }
}

/** A truncated frame can name fields it does not hold: highlight only the bytes that are there. */
function clamp(node: FrameDetailNode, size: number): FrameDetailNode {
  const out: FrameDetailNode = { ...node }
  if (out.offset !== undefined) {
    if (out.offset > size) {
      delete out.offset
      delete out.length
    } else if (out.length !== undefined) out.length = Math.max(0, Math.min(out.length, size - out.offset))
  }
  if (node.children) out.children = node.children.map((child) => clamp(child, size))
  return out
}

function annotations(store: FrameStore, bits: number, bytes: Uint8Array, linktype: number, decoded: DecodedPacket): FrameDetailNode[] {
  if (bits === 0) return []
  let classifiers = annotators.get(store)
  if (!classifiers) {
    classifiers = store.claimDefinitions.map((c) => c.create())
    annotators.set(store, classifiers)
  }
  const wifi = decoded.kind === 'ieee80211' ? decoded : undefined
  const frame: ClaimFrame = { linktype, bytes, offset: 0, length: bytes.length, wifi: undefined, mpduOffset: wifi ? wifi.frameOffset : -1, time: 0 }
  const nodes: FrameDetailNode[] = []
  store.claimDefinitions.forEach((claim, c) => {
    if (!(bits & (1 << c))) return
    let children: FrameDetailNode[] = []
    try {
      children = (classifiers![c].annotate?.(frame, decoded) ?? []).map((n) => tone(n))
    } catch (error) {
      children = [{ label: 'The decoder could not annotate this frame', value: (error as Error).message, tone: 'problem' }]
    }
    nodes.push({ label: claim.label, value: `${claim.method}${claim.encoding ? ` (${claim.encoding})` : ''}`, tone: 'awss', children })
  })
  return nodes
}

function tone(node: FrameDetailNode): FrameDetailNode {
  return { ...node, tone: node.tone ?? 'awss', ...(node.children ? { children: node.children.map(tone) } : {}) }
}

function wifiTree(f: DecodedWifiFrame, bytes: Uint8Array): FrameDetailNode[] {
  const nodes: FrameDetailNode[] = []
  if (f.radiotap) {
    const rt = f.radiotap
    nodes.push({
      label: 'Radiotap header',
      value: `${rt.length} bytes${rt.channel ? `, ${rt.channel.freqMHz} MHz${rt.channel.number ? ` (channel ${rt.channel.number})` : ''}` : ''}${rt.dbmSignal !== undefined ? `, ${rt.dbmSignal} dBm` : ''}`,
      offset: 0,
      length: rt.length,
      children: rt.fields.map((field) => ({ label: field.name, value: describeValue(field.value), offset: field.offset, length: field.length })),
    })
  }
  if (!f.fc) return nodes
  const fo = f.frameOffset
  const fc = f.fc
  const header: FrameDetailNode[] = [
    {
      label: 'Frame control',
      value: `${f.kindName} (type ${fc.type}, subtype ${fc.subtype})`,
      offset: fo,
      length: 2,
      children: [
        { label: 'Flags', value: hex(fc.raw >> 8, 2), offset: fo + 1, length: 1 },
        ...(
          [
            ['To DS', fc.toDS],
            ['From DS', fc.fromDS],
            ['More fragments', fc.moreFrag],
            ['Retry', fc.retry],
            ['Power management', fc.pwrMgmt],
            ['More data', fc.moreData],
            ['Protected', fc.protected],
            ['+HTC / Order', fc.order],
          ] as const
        ).map(([label, on]) => ({ label, value: on ? 'yes' : 'no', offset: fo + 1, length: 1 })),
      ],
    },
    { label: fc.type === 1 && fc.subtype === 10 ? 'Association ID' : 'Duration', value: String(f.duration ?? ''), offset: fo + 2, length: 2 },
  ]
  const roles = addressRoles(f)
  ;[f.addr1, f.addr2, f.addr3].forEach((address, k) => {
    if (address !== undefined) header.push({ label: `Address ${k + 1}${roles[k] ? ` (${roles[k]})` : ''}`, value: address, offset: fo + 4 + 6 * k, length: 6 })
  })
  if (f.seq !== undefined) header.push({ label: 'Sequence control', value: `SN=${f.seq}, fragment ${f.frag ?? 0}`, offset: fo + 22, length: 2 })
  if (f.addr4 !== undefined) header.push({ label: `Address 4${roles[3] ? ` (${roles[3]})` : ''}`, value: f.addr4, offset: fo + 24, length: 6 })
  if (f.qos) {
    const at = fo + (f.addr4 !== undefined ? 30 : 24)
    header.push({ label: 'QoS control', value: `TID ${f.qos.tid}, ack policy ${f.qos.ackPolicy}${f.qos.amsduPresent ? ', A-MSDU' : ''}`, offset: at, length: 2 })
  }
  if (f.htControl !== undefined) header.push({ label: 'HT control', value: hex(f.htControl, 8), offset: fo + f.headerLength - 4, length: 4 })
  nodes.push({ label: '802.11 header', value: f.kindName ?? '', offset: fo, length: f.headerLength, children: header })
  if (f.management) {
    const fixed = managementFields(f)
    if (fixed.length > 0) nodes.push({ label: 'Fixed parameters', offset: f.bodyOffset, length: fixed.reduce((n, x) => n + (x.length ?? 0), 0), children: fixed })
  }
  if (f.ies && f.ies.length > 0) {
    const first = f.ies[0].offset
    const last = f.ies[f.ies.length - 1]
    nodes.push({ label: `Information elements (${f.ies.length})`, offset: first, length: last.offset + 2 + last.length - first, children: f.ies.map(elementNode) })
  }
  if (fc.type === 2 && f.bodyLength > 0) {
    const children: FrameDetailNode[] = []
    if (f.ethertype !== undefined) children.push({ label: 'LLC/SNAP', value: `EtherType ${hex(f.ethertype, 4)}`, offset: f.bodyOffset, length: 8 })
    if (f.udp) children.push(...udpNodes(f.udp, bytes))
    nodes.push({ label: fc.protected ? 'Encrypted body' : 'Data', value: `${f.bodyLength} bytes`, offset: f.bodyOffset, length: f.bodyLength, children })
  }
  if (f.fcs) nodes.push({ label: 'Frame check sequence', value: `${hex(f.fcs.value, 8)} (${f.fcs.ok ? 'correct' : 'incorrect'})`, offset: f.fcs.offset, length: 4, ...(f.fcs.ok ? {} : { tone: 'problem' as const }) })
  return nodes
}

function addressRoles(f: DecodedWifiFrame): string[] {
  const fc = f.fc!
  if (fc.type === 0) return ['destination', 'source', 'BSSID']
  if (fc.type === 1) return ['receiver', 'transmitter', '']
  const ds = (fc.toDS ? 1 : 0) | (fc.fromDS ? 2 : 0)
  return [
    ['destination', 'source', 'BSSID'],
    ['BSSID / receiver', 'source / transmitter', 'destination'],
    ['destination / receiver', 'BSSID / transmitter', 'source'],
    ['receiver', 'transmitter', 'destination', 'source'],
  ][ds]
}

function managementFields(f: DecodedWifiFrame): FrameDetailNode[] {
  const m = f.management!
  const at = f.bodyOffset
  const sub = f.fc!.subtype
  const n = (label: string, value: unknown, offset: number, length: number): FrameDetailNode | undefined =>
    value === undefined ? undefined : { label, value: typeof value === 'bigint' ? `${value} µs` : String(value), offset, length }
  const list: (FrameDetailNode | undefined)[] =
    sub === 8 || sub === 5
      ? [n('Timestamp', m.timestamp, at, 8), n('Beacon interval', m.beaconInterval, at + 8, 2), n('Capability', m.capability !== undefined ? hex(m.capability, 4) : undefined, at + 10, 2)]
      : sub === 0 || sub === 2
        ? [n('Capability', m.capability !== undefined ? hex(m.capability, 4) : undefined, at, 2), n('Listen interval', m.listenInterval, at + 2, 2), n('Current AP', m.currentAp, at + 4, 6)]
        : sub === 1 || sub === 3
          ? [n('Capability', m.capability !== undefined ? hex(m.capability, 4) : undefined, at, 2), n('Status code', m.statusCode, at + 2, 2), n('Association ID', m.aid, at + 4, 2)]
          : sub === 10 || sub === 12
            ? [n('Reason code', m.reasonCode, at, 2)]
            : sub === 11
              ? [n('Authentication algorithm', m.authAlgorithm, at, 2), n('Authentication sequence', m.authSeq, at + 2, 2), n('Status code', m.statusCode, at + 4, 2)]
              : sub === 13 || sub === 14
                ? [n('Category', m.category, at, 1), n('Action', m.action, at + 1, 1), n('OUI', m.actionOui, at + 1, 3)]
                : []
  return list.filter((x): x is FrameDetailNode => x !== undefined)
}

const IE_NAMES: Record<number, string> = {
  0: 'SSID',
  1: 'Supported rates',
  3: 'DS parameter set',
  5: 'TIM',
  7: 'Country',
  45: 'HT capabilities',
  48: 'RSN',
  50: 'Extended supported rates',
  61: 'HT operation',
  114: 'Mesh ID',
  191: 'VHT capabilities',
  192: 'VHT operation',
  221: 'Vendor specific',
}

function elementNode(ie: InformationElement): FrameDetailNode {
  const d = ie.decoded
  const base = { offset: ie.offset, length: 2 + ie.length }
  const name = IE_NAMES[ie.id] ?? `Element ${ie.id}${ie.extId !== undefined ? `/${ie.extId}` : ''}`
  const child = (label: string, value: string, offset?: number, length?: number): FrameDetailNode => ({ label, value, ...(offset !== undefined ? { offset, length } : {}) })
  let value = `${ie.length} bytes`
  let children: FrameDetailNode[] = []
  switch (d.kind) {
    case 'ssid':
      value = `${JSON.stringify(d.text)}${d.encoding !== 'utf-8' && d.encoding !== 'ascii' ? ` (${d.encoding})` : ''}`
      break
    case 'rates':
      value = d.rates.map((r) => (r.kbps !== undefined ? `${r.kbps / 1000}${r.basic ? '*' : ''}` : `selector ${r.selector}`)).join(' ') + ' Mbit/s'
      break
    case 'ds-parameter':
      value = `channel ${d.channel}`
      break
    case 'tim':
      value = `DTIM ${d.dtimCount}/${d.dtimPeriod}`
      break
    case 'country':
      value = d.code
      break
    case 'rsn':
    case 'wpa':
      value = `${d.kind.toUpperCase()}: ${d.pairwiseCiphers.map((c) => c.name).join('/')} ${d.akms.map((a) => a.name).join('/')}`
      children = [
        child('Group cipher', d.groupCipher?.name ?? 'none'),
        child('Pairwise ciphers', d.pairwiseCiphers.map((c) => c.name).join(', ')),
        child('AKM suites', d.akms.map((a) => a.name).join(', ')),
      ]
      break
    case 'ht-capabilities':
      value = `${d.spatialStreams} stream(s)${d.width40 ? ', 40 MHz' : ''}`
      break
    case 'vht-capabilities':
      value = `${d.spatialStreams} stream(s)`
      break
    case 'wps':
    case 'p2p':
      value = `${d.kind === 'wps' ? 'WPS' : 'Wi-Fi P2P'}${d.kind === 'wps' && d.deviceNameText !== undefined ? `, Device Name ${JSON.stringify(d.deviceNameText)}` : ''}`
      children = d.attributes.map((a) => child(a.name ?? `Attribute ${hex(a.id, 4)}`, toHex(a.value), a.offset, (d.kind === 'wps' ? 4 : 3) + a.length))
      break
    case 'wmm':
      value = `WMM subtype ${d.subtype}`
      break
    case 'alibaba-enrollee':
      value = `Alibaba zero-config enrollee: ${d.deviceName} / ${d.productKey}`
      break
    case 'alibaba-registrar':
      value = `Alibaba zero-config registrar for SSID ${JSON.stringify(d.ssid)}`
      break
    case 'alibaba-mode-switch':
      value = `Alibaba mode switch to mode ${d.switchToMode}`
      break
    case 'vendor':
      value = `OUI ${d.oui}${d.type !== undefined ? `, type ${hex(d.type, 2)}` : ''}`
      break
    default:
      value = ie.length > 0 ? toHex(ie.raw.subarray(0, 32)) + (ie.length > 32 ? '…' : '') : 'empty'
  }
  if (ie.id === 221 && d.kind !== 'vendor' && ie.raw.length >= 3) children.unshift(child('OUI', toHex(ie.raw.subarray(0, 3)).match(/../g)!.join(':'), ie.offset + 2, 3))
  if (ie.error) children.push({ label: 'Malformed element', value: ie.error.reason, offset: ie.error.offset, length: 0, tone: 'problem' })
  return { label: name, value, ...base, ...(children.length ? { children } : {}) }
}

function udpNodes(u: NonNullable<EthernetFrame['udp']>, bytes: Uint8Array): FrameDetailNode[] {
  return [
    { label: 'IPv4', value: `${u.srcIp} → ${u.dstIp}, TTL ${u.ttl}, ID ${u.identification}`, offset: u.ipOffset, length: u.ipHeaderLength },
    { label: 'UDP', value: `port ${u.srcPort} → ${u.dstPort}, length ${u.udpLength}`, offset: u.ipOffset + u.ipHeaderLength, length: 8 },
    { label: 'Payload', value: `${u.payloadLength} bytes${u.captureTruncated ? ' (cut by the snap length)' : ''}`, offset: u.payloadOffset, length: Math.max(0, Math.min(u.payloadLength, bytes.length - u.payloadOffset)) },
  ]
}

function ethernetTree(e: EthernetFrame, bytes: Uint8Array): FrameDetailNode[] {
  const nodes: FrameDetailNode[] = [
    {
      label: 'Ethernet II',
      value: `${e.src} → ${e.dst}`,
      offset: 0,
      length: e.payloadOffset,
      children: [
        { label: 'Destination', value: e.dst, offset: 0, length: 6 },
        { label: 'Source', value: e.src, offset: 6, length: 6 },
        ...e.vlanIds.map((id, k) => ({ label: `VLAN tag ${k + 1}`, value: String(id), offset: 12 + 4 * k, length: 4 })),
        { label: 'EtherType', value: hex(e.ethertype, 4), offset: e.payloadOffset - 2, length: 2 },
      ],
    },
  ]
  if (e.udp) nodes.push(...udpNodes(e.udp, bytes))
  return nodes
}

function bleTree(b: BleLlWithPhdr, bytes: Uint8Array): FrameDetailNode[] {
  const nodes: FrameDetailNode[] = [
    {
      label: 'BLE pseudo header (PHDR)',
      value: `RF channel ${b.rfChannel}${b.signalDbm !== undefined ? `, ${b.signalDbm} dBm` : ''}`,
      offset: 0,
      length: Math.min(10, bytes.length),
      children: [
        { label: 'RF channel', value: `${b.rfChannel} (${2402 + 2 * b.rfChannel} MHz)`, offset: 0, length: 1 },
        ...(b.signalDbm !== undefined ? [{ label: 'Signal', value: `${b.signalDbm} dBm`, offset: 1, length: 1 }] : []),
        ...(b.noiseDbm !== undefined ? [{ label: 'Noise', value: `${b.noiseDbm} dBm`, offset: 2, length: 1 }] : []),
        { label: 'Flags', value: `${hex(b.flags, 4)}${b.crcChecked ? `, CRC ${b.crcValid ? 'valid' : 'invalid'}` : ''}`, offset: 8, length: 2 },
      ],
    },
  ]
  if (b.ll.length >= 4) {
    const aa = (b.ll[0] | (b.ll[1] << 8) | (b.ll[2] << 16) | (b.ll[3] << 24)) >>> 0
    nodes.push({
      label: 'Link layer packet',
      value: `${b.ll.length} bytes`,
      offset: b.llOffset,
      length: b.ll.length,
      children: [
        { label: 'Access address', value: hex(aa, 8), offset: b.llOffset, length: 4 },
        ...(b.ll.length >= 6 ? [{ label: 'PDU header', value: hex(b.ll[4] | (b.ll[5] << 8), 4), offset: b.llOffset + 4, length: 2 }] : []),
        ...(b.ll.length >= 9 ? [{ label: 'CRC', value: toHex(b.ll.subarray(b.ll.length - 3)), offset: b.llOffset + b.ll.length - 3, length: 3 }] : []),
      ],
    })
  }
  return nodes
}
