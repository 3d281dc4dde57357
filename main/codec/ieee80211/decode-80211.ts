// 802.11 MAC frame decoder: frame control, addresses resolved by type and ToDS/FromDS, sequence control,
// QoS and HT control, management fixed fields and elements, control frame layouts, and LLC/SNAP/IPv4/UDP
// inside unprotected data frames. Never throws: a short or inconsistent frame keeps what was decoded and
// says where it stopped in `malformed`.
import { decodeIpv4Udp, ETHERTYPE_IPV4 } from '../ethernet/ipv4-udp.js'
import { decodeLlcSnap } from '../ethernet/llc-snap.js'
import { u16le, u32le, u64le } from './bytes.js'
import { crc32 } from './crc32.js'
import { frameKindName } from './frame-kind.js'
import {
  FRAME_TYPE_CONTROL,
  FRAME_TYPE_DATA,
  FRAME_TYPE_EXTENSION,
  FRAME_TYPE_MANAGEMENT,
  type DecodedWifiFrame,
  type FrameControl,
  type ManagementFields,
} from './frame-types.js'
import { summarizeRsn } from './ie-rsn.js'
import { IE_DS_PARAMETER, IE_RSN, IE_SSID, IE_VENDOR_SPECIFIC } from './ie-standard.js'
import { parseInformationElements } from './information-elements.js'
import { formatMac, formatOui } from './mac-address.js'

export interface Decode80211Options {
  /** The last 4 bytes are the FCS (radiotap flag 0x10, or a linktype 105 capture with FCS). */
  fcsAtEnd: boolean
  /** Radiotap flag 0x20: the body starts at the next 4-byte boundary after the header. */
  dataPad?: boolean
}

export function emptyWifiFrame(frameOffset: number): DecodedWifiFrame {
  return { kind: 'ieee80211', frameOffset, headerLength: 0, frameLength: 0, bodyOffset: frameOffset, bodyLength: 0, vendorIes: [] }
}

/** Decodes an 802.11 frame starting at offset 0 (linktype 105). */
export function decode80211(bytes: Uint8Array, options: Decode80211Options): DecodedWifiFrame {
  const frame = emptyWifiFrame(0)
  decode80211Into(bytes, 0, options, frame)
  return frame
}

function decodeFrameControl(raw: number): FrameControl {
  const flags = raw >> 8
  return {
    raw,
    version: raw & 0x03,
    type: (raw >> 2) & 0x03,
    subtype: (raw >> 4) & 0x0f,
    toDS: (flags & 0x01) !== 0,
    fromDS: (flags & 0x02) !== 0,
    moreFrag: (flags & 0x04) !== 0,
    retry: (flags & 0x08) !== 0,
    pwrMgmt: (flags & 0x10) !== 0,
    moreData: (flags & 0x20) !== 0,
    protected: (flags & 0x40) !== 0,
    order: (flags & 0x80) !== 0,
  }
}

/** Fills `frame` from the 802.11 frame at bytes[start..]. */
export function decode80211Into(bytes: Uint8Array, start: number, options: Decode80211Options, frame: DecodedWifiFrame): void {
  let end = bytes.length
  if (options.fcsAtEnd) {
    if (end - start < 4) {
      frame.malformed = { reason: `frame of ${end - start} bytes cannot hold the 4-byte FCS it should end with`, offset: start }
      return
    }
    end -= 4
    const value = u32le(bytes, end)
    frame.fcs = { value, ok: crc32(bytes, start, end) === value, offset: end }
  }
  frame.frameLength = end - start
  frame.bodyOffset = end
  if (end - start < 2) {
    frame.malformed = { reason: `802.11 frame of ${end - start} bytes has no room for frame control`, offset: start }
    return
  }
  const fc = decodeFrameControl(u16le(bytes, start))
  frame.fc = fc
  frame.typeSubtype = (fc.type << 4) | fc.subtype
  frame.kindName = frameKindName(fc.type, fc.subtype)
  if (fc.version !== 0) {
    frame.malformed = { reason: `802.11 protocol version ${fc.version} is not decoded`, offset: start }
    return
  }
  const header = new HeaderReader(bytes, start, end, frame)
  frame.duration = header.u16('duration')
  if (frame.duration === undefined) return
  switch (fc.type) {
    case FRAME_TYPE_MANAGEMENT:
      if (!decodeManagementHeader(header, fc, frame)) return
      break
    case FRAME_TYPE_CONTROL:
      if (!decodeControlHeader(header, fc, frame)) return
      break
    case FRAME_TYPE_DATA:
      if (!decodeDataHeader(header, fc, frame)) return
      break
    case FRAME_TYPE_EXTENSION:
      if (!header.address('addr1')) return
      if (fc.subtype === 0) frame.bssid = frame.addr1
      break
  }
  frame.headerLength = header.at - start
  let body = header.at
  if (options.dataPad && fc.type === FRAME_TYPE_DATA) body = start + ((frame.headerLength + 3) & ~3)
  if (body > end) {
    frame.malformed = { reason: 'radiotap data padding runs past the end of the frame', offset: header.at }
    return
  }
  frame.bodyOffset = body
  frame.bodyLength = end - body
  if (fc.type === FRAME_TYPE_MANAGEMENT && !fc.protected) decodeManagementBody(bytes, body, end, fc.subtype, frame)
  else if (fc.type === FRAME_TYPE_DATA && !fc.protected && (fc.subtype & 0x04) === 0 && !frame.qos?.amsduPresent) {
    decodeDataBody(bytes, body, end, frame)
  }
}

type AddressKey = 'addr1' | 'addr2' | 'addr3' | 'addr4'

/** Reads header fields in order, stopping with a located `malformed` at the first one that is cut. */
class HeaderReader {
  at: number
  constructor(
    readonly bytes: Uint8Array,
    readonly start: number,
    readonly end: number,
    readonly frame: DecodedWifiFrame,
  ) {
    this.at = start + 2
  }

  private need(length: number, what: string): boolean {
    if (this.at + length <= this.end) return true
    this.frame.headerLength = this.at - this.start
    this.frame.malformed = { reason: `802.11 header is cut before its ${what}`, offset: this.at }
    return false
  }

  /** A 16-bit field, or undefined (and `malformed` set) when the frame ends first. */
  u16(what: string): number | undefined {
    if (!this.need(2, what)) return undefined
    const value = u16le(this.bytes, this.at)
    this.at += 2
    return value
  }

  address(key: AddressKey): string | undefined {
    if (!this.need(6, key)) return undefined
    const mac = formatMac(this.bytes, this.at)
    this.frame[key] = mac
    this.at += 6
    return mac
  }

  sequenceControl(): boolean {
    const value = this.u16('sequence control')
    if (value === undefined) return false
    this.frame.frag = value & 0x0f
    this.frame.seq = value >> 4
    return true
  }

  htControl(): boolean {
    if (!this.need(4, 'HT control')) return false
    this.frame.htControl = u32le(this.bytes, this.at)
    this.at += 4
    return true
  }
}

function decodeManagementHeader(h: HeaderReader, fc: FrameControl, frame: DecodedWifiFrame): boolean {
  const a1 = h.address('addr1')
  if (a1 === undefined) return false
  frame.ra = frame.da = a1
  const a2 = h.address('addr2')
  if (a2 === undefined) return false
  frame.ta = frame.sa = a2
  const a3 = h.address('addr3')
  if (a3 === undefined) return false
  frame.bssid = a3
  if (!h.sequenceControl()) return false
  return fc.order ? h.htControl() : true
}

function decodeControlHeader(h: HeaderReader, fc: FrameControl, frame: DecodedWifiFrame): boolean {
  const subtype = fc.subtype
  if (subtype === 10) frame.control = { aid: (frame.duration ?? 0) & 0x3fff }
  const a1 = h.address('addr1')
  if (a1 === undefined) return false
  frame.ra = a1
  if (subtype === 10) frame.bssid = a1
  if (subtype === 7) {
    const carriedFc = h.u16('carried frame control')
    if (carriedFc === undefined) return false
    frame.control = { carriedFc }
    return h.htControl()
  }
  // CTS, ACK, control frame extension and the reserved subtypes carry only the receiver address.
  if (subtype === 12 || subtype === 13 || subtype === 6 || subtype < 2) return true
  const a2 = h.address('addr2')
  if (a2 === undefined) return false
  // Wireshark resolves CF-End's second address as the BSSID and CF-End+CF-Ack's as the transmitter.
  if (subtype === 14) frame.bssid = a2
  else frame.ta = a2
  if (subtype === 8 || subtype === 9) {
    const blockAckControl = h.u16('block ack control')
    if (blockAckControl === undefined) return false
    frame.control = { blockAckControl }
    if (h.at + 2 <= h.end) frame.control.startingSequence = u16le(h.bytes, h.at) >> 4
  }
  return true
}

function decodeDataHeader(h: HeaderReader, fc: FrameControl, frame: DecodedWifiFrame): boolean {
  const a1 = h.address('addr1')
  if (a1 === undefined) return false
  const a2 = h.address('addr2')
  if (a2 === undefined) return false
  const a3 = h.address('addr3')
  if (a3 === undefined) return false
  if (!h.sequenceControl()) return false
  frame.ra = a1
  frame.ta = a2
  if (!fc.toDS && !fc.fromDS) {
    frame.da = a1
    frame.sa = a2
    frame.bssid = a3
  } else if (!fc.toDS && fc.fromDS) {
    frame.da = a1
    frame.bssid = a2
    frame.sa = a3
  } else if (fc.toDS && !fc.fromDS) {
    frame.bssid = a1
    frame.sa = a2
    frame.da = a3
  } else {
    const a4 = h.address('addr4')
    if (a4 === undefined) return false
    frame.da = a3
    frame.sa = a4
  }
  if (fc.subtype & 0x08) {
    const qos = h.u16('QoS control')
    if (qos === undefined) return false
    frame.qos = {
      raw: qos,
      tid: qos & 0x0f,
      eosp: (qos & 0x10) !== 0,
      ackPolicy: (qos >> 5) & 0x03,
      amsduPresent: (qos & 0x80) !== 0,
      high: qos >> 8,
    }
    if (fc.order) return h.htControl()
  }
  return true
}

/** Fixed-field layout per management subtype: how many bytes precede the elements. */
function decodeManagementBody(b: Uint8Array, start: number, end: number, subtype: number, frame: DecodedWifiFrame): void {
  const fields: ManagementFields = {}
  frame.management = fields
  const need = (length: number, what: string): boolean => {
    if (start + length <= end) return true
    frame.malformed = { reason: `${frameKindName(0, subtype)} body is cut before its ${what}`, offset: Math.min(end, start) }
    return false
  }
  let ies = start
  switch (subtype) {
    case 0:
    case 2:
      if (!need(subtype === 2 ? 10 : 4, 'fixed fields')) return
      fields.capability = u16le(b, start)
      fields.listenInterval = u16le(b, start + 2)
      if (subtype === 2) fields.currentAp = formatMac(b, start + 4)
      ies = start + (subtype === 2 ? 10 : 4)
      break
    case 1:
    case 3:
      if (!need(6, 'fixed fields')) return
      fields.capability = u16le(b, start)
      fields.statusCode = u16le(b, start + 2)
      fields.aid = u16le(b, start + 4) & 0x3fff
      ies = start + 6
      break
    case 4:
      break
    case 5:
    case 8:
      if (!need(12, 'timestamp, beacon interval and capability')) return
      fields.timestamp = u64le(b, start)
      fields.beaconInterval = u16le(b, start + 8)
      fields.capability = u16le(b, start + 10)
      ies = start + 12
      break
    case 6:
      if (!need(10, 'timestamp and capability')) return
      fields.timestamp = u64le(b, start)
      fields.capability = u16le(b, start + 8)
      ies = start + 10
      break
    case 10:
    case 12:
      if (!need(2, 'reason code')) return
      fields.reasonCode = u16le(b, start)
      ies = start + 2
      break
    case 11:
      if (!need(6, 'algorithm, transaction and status')) return
      fields.authAlgorithm = u16le(b, start)
      fields.authSeq = u16le(b, start + 2)
      fields.statusCode = u16le(b, start + 4)
      // SAE, FILS and PASN bodies carry non-element fields after the status.
      if (fields.authAlgorithm > 2) return
      ies = start + 6
      break
    case 13:
    case 14:
      if (!need(1, 'category')) return
      fields.category = b[start]
      if (start + 2 <= end) fields.action = b[start + 1]
      if ((fields.category === 126 || fields.category === 127) && start + 4 <= end) {
        fields.actionOui = formatOui(b, start + 1)
        fields.action = undefined
      }
      return
    default:
      return
  }
  const list = parseInformationElements(b, ies, end)
  frame.ies = list.ies
  if (list.malformed) frame.malformed = list.malformed
  summarizeElements(frame)
}

function summarizeElements(frame: DecodedWifiFrame): void {
  for (const ie of frame.ies ?? []) {
    if (ie.id === IE_SSID && frame.ssidBytes === undefined && ie.decoded.kind === 'ssid') {
      frame.ssidBytes = ie.decoded.bytes
      frame.ssid = ie.decoded.text
    } else if (ie.id === IE_DS_PARAMETER && frame.channel === undefined && ie.decoded.kind === 'ds-parameter') {
      frame.channel = ie.decoded.channel
    } else if (ie.id === IE_RSN && frame.rsn === undefined && ie.decoded.kind === 'rsn') {
      frame.rsn = summarizeRsn(ie.decoded)
    } else if (ie.id === IE_VENDOR_SPECIFIC && ie.length >= 3) {
      frame.vendorIes.push({ oui: formatOui(ie.raw, 0), type: ie.length >= 4 ? ie.raw[3] : undefined })
      if (ie.decoded.kind === 'wpa' && frame.wpa === undefined) frame.wpa = summarizeRsn(ie.decoded)
    }
  }
}

function decodeDataBody(b: Uint8Array, start: number, end: number, frame: DecodedWifiFrame): void {
  const snap = decodeLlcSnap(b, start, end)
  if (!snap.ok) return
  frame.ethertype = snap.value.ethertype
  if (snap.value.ethertype !== ETHERTYPE_IPV4) return
  const udp = decodeIpv4Udp(b, snap.value.payloadOffset, end)
  if (udp.ok) frame.udp = { ...udp.value, dstMac: frame.da }
}

