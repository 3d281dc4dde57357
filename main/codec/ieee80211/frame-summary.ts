// The allocation-free fast path behind the frame store and the throughput benchmark: it fills a reusable
// summary object with what a frame list row needs (time source, channel, signal, type/subtype, addresses,
// BSSID, SSID, length, vendor OUI:type list) without building per-element objects. Addresses are 48-bit
// integers (formatMacNumber turns one into text when a row is shown); SSID strings come from a small
// per-summary cache because a capture repeats the same few SSIDs millions of times.
import { u16le, u32le } from './bytes.js'
import { macToNumber } from './mac-address.js'
import { RADIOTAP_FIELD_ALIGN, RADIOTAP_FIELD_SIZE } from './radiotap.js'
import { ssidDisplay } from './ssid-text.js'

const MAX_VENDOR_IES = 32
const ZERO_LENGTH_PSDU_BIT = 1 << 26
const SSID_CACHE_SIZE = 256

export interface FrameSummary {
  /** False when the frame could not be summarized; `reason` says why (a constant string). */
  ok: boolean
  reason: string
  radiotapLength: number
  /** Radiotap TSFT in microseconds, NaN when absent (a double: exact below 2^53 us, i.e. 285 years). */
  tsftMicros: number
  /** Radiotap flags byte, -1 when absent. */
  radiotapFlags: number
  /** Radiotap channel frequency, -1 when absent. */
  freqMHz: number
  /** First dBm antenna signal, NaN when absent. */
  signalDbm: number
  typeSubtype: number
  /** Second byte of frame control (ToDS, FromDS, ..., Protected, Order). */
  fcFlags: number
  duration: number
  seq: number
  frag: number
  /** Addresses as 48-bit integers, -1 when the frame has none. */
  ra: number
  ta: number
  sa: number
  da: number
  bssid: number
  /** 802.11 length without FCS. */
  frameLength: number
  fcsPresent: boolean
  ssid: string | undefined
  /** Offset/length of the SSID value in the input, -1 when there is no SSID element. */
  ssidOffset: number
  ssidLength: number
  /** DS Parameter Set channel, -1 when absent. */
  dsChannel: number
  vendorCount: number
  /** OUI of vendor element i as a 24-bit integer. */
  vendorOuis: Uint32Array
  /** Type byte of vendor element i, -1 when the element is only an OUI. */
  vendorTypes: Int16Array
  /** Set when the element list was cut; the fields before the problem are kept. */
  elementsTruncated: boolean
  ssidCache: SsidCache
}

interface SsidCache {
  bytes: (Uint8Array | undefined)[]
  text: (string | undefined)[]
}

export function createFrameSummary(): FrameSummary {
  return {
    ok: false,
    reason: '',
    radiotapLength: 0,
    tsftMicros: NaN,
    radiotapFlags: -1,
    freqMHz: -1,
    signalDbm: NaN,
    typeSubtype: -1,
    fcFlags: 0,
    duration: 0,
    seq: -1,
    frag: -1,
    ra: -1,
    ta: -1,
    sa: -1,
    da: -1,
    bssid: -1,
    frameLength: 0,
    fcsPresent: false,
    ssid: undefined,
    ssidOffset: -1,
    ssidLength: -1,
    dsChannel: -1,
    vendorCount: 0,
    vendorOuis: new Uint32Array(MAX_VENDOR_IES),
    vendorTypes: new Int16Array(MAX_VENDOR_IES),
    elementsTruncated: false,
    ssidCache: { bytes: new Array(SSID_CACHE_SIZE).fill(undefined), text: new Array(SSID_CACHE_SIZE).fill(undefined) },
  }
}

function reset(out: FrameSummary): void {
  out.ok = false
  out.reason = ''
  out.radiotapLength = 0
  out.tsftMicros = NaN
  out.radiotapFlags = -1
  out.freqMHz = -1
  out.signalDbm = NaN
  out.typeSubtype = -1
  out.fcFlags = 0
  out.duration = 0
  out.seq = -1
  out.frag = -1
  out.ra = -1
  out.ta = -1
  out.sa = -1
  out.da = -1
  out.bssid = -1
  out.frameLength = 0
  out.fcsPresent = false
  out.ssid = undefined
  out.ssidOffset = -1
  out.ssidLength = -1
  out.dsChannel = -1
  out.vendorCount = 0
  out.elementsTruncated = false
}

/**
 * Summarizes the radiotap frame in bytes[offset .. offset+length). Returns out.ok. Never throws; the
 * values agree with decodeRadiotapFrame for every field both produce (a property test checks this).
 */
export function summarizeRadiotapFrame(
  bytes: Uint8Array,
  out: FrameSummary,
  offset = 0,
  length = bytes.length - offset,
): boolean {
  reset(out)
  const end = offset + length
  if (length < 8 || end > bytes.length) return fail(out, 'radiotap header truncated')
  if (bytes[offset] !== 0) return fail(out, 'radiotap version is not 0')
  const rtLength = u16le(bytes, offset + 2)
  if (rtLength < 8 || rtLength > length) return fail(out, 'radiotap length out of range')
  out.radiotapLength = rtLength
  const rtEnd = offset + rtLength
  const present = u32le(bytes, offset + 4)
  let pos = offset + 8
  let word = present
  while (word & 0x80000000) {
    if (pos + 4 > rtEnd) return fail(out, 'radiotap presence bitmap truncated')
    word = u32le(bytes, pos)
    pos += 4
  }
  // Only fields 0..5 (TSFT, flags, rate, channel, FHSS, dBm signal) matter here; all sit in the first word.
  for (let bit = 0; bit <= 5; bit++) {
    if (!(present & (1 << bit))) continue
    const align = RADIOTAP_FIELD_ALIGN[bit]
    pos = offset + ((pos - offset + align - 1) & ~(align - 1))
    if (pos + RADIOTAP_FIELD_SIZE[bit] > rtEnd) return fail(out, 'radiotap field runs past the header')
    if (bit === 0) out.tsftMicros = u32le(bytes, pos + 4) * 4294967296 + u32le(bytes, pos)
    else if (bit === 1) out.radiotapFlags = bytes[pos]
    else if (bit === 3) out.freqMHz = u16le(bytes, pos)
    else if (bit === 5) out.signalDbm = (bytes[pos] << 24) >> 24
    pos += RADIOTAP_FIELD_SIZE[bit]
  }
  if (present & ZERO_LENGTH_PSDU_BIT) {
    // No 802.11 frame follows (see decodeRadiotapFrame); the row is just the radio record.
    out.ok = true
    return true
  }
  const fcs = out.radiotapFlags >= 0 && (out.radiotapFlags & 0x10) !== 0
  return summarize80211Frame(bytes, out, rtEnd, end, fcs)
}

/** Summarizes a bare 802.11 frame in bytes[offset .. offset+length) (linktype 105). */
export function summarize80211(bytes: Uint8Array, out: FrameSummary, offset: number, length: number, fcsAtEnd: boolean): boolean {
  reset(out)
  if (offset + length > bytes.length) return fail(out, 'frame runs past the buffer')
  return summarize80211Frame(bytes, out, offset, offset + length, fcsAtEnd)
}

function summarize80211Frame(b: Uint8Array, out: FrameSummary, start: number, end: number, fcs: boolean): boolean {
  if (fcs) {
    if (end - start < 4) return fail(out, 'frame too short for its FCS')
    end -= 4
    out.fcsPresent = true
  }
  out.frameLength = end - start
  if (end - start < 10) return fail(out, '802.11 header truncated')
  const fc0 = b[start]
  if (fc0 & 0x03) return fail(out, '802.11 protocol version is not 0')
  const type = (fc0 >> 2) & 0x03
  const subtype = fc0 >> 4
  const flags = b[start + 1]
  out.typeSubtype = (type << 4) | subtype
  out.fcFlags = flags
  out.duration = u16le(b, start + 2)
  const a1 = macToNumber(b, start + 4)
  if (type !== 3) out.ra = a1
  let header = 10
  if (type === 0) {
    if (end - start < 24) return fail(out, '802.11 header truncated')
    out.da = a1
    out.ta = out.sa = macToNumber(b, start + 10)
    out.bssid = macToNumber(b, start + 16)
    sequence(b, out, start + 22)
    header = flags & 0x80 ? 28 : 24
    if (start + header > end) return fail(out, '802.11 header truncated')
    if (!(flags & 0x40)) elements(b, out, start + header, end, subtype)
  } else if (type === 2) {
    if (end - start < 24) return fail(out, '802.11 header truncated')
    const a2 = macToNumber(b, start + 10)
    const a3 = macToNumber(b, start + 16)
    out.ta = a2
    sequence(b, out, start + 22)
    header = 24
    switch (flags & 0x03) {
      case 0:
        out.da = a1
        out.sa = a2
        out.bssid = a3
        break
      case 1:
        out.bssid = a1
        out.sa = a2
        out.da = a3
        break
      case 2:
        out.da = a1
        out.bssid = a2
        out.sa = a3
        break
      default:
        if (end - start < 30) return fail(out, '802.11 header truncated')
        out.da = a3
        out.sa = macToNumber(b, start + 24)
        header = 30
    }
    if (subtype & 0x08) header += flags & 0x80 ? 6 : 2
    if (start + header > end) return fail(out, '802.11 header truncated')
  } else if (type === 1) {
    if (subtype === 10) out.bssid = a1
    if (subtype !== 12 && subtype !== 13 && subtype !== 6 && subtype !== 7 && subtype >= 2) {
      if (end - start < 16) return fail(out, '802.11 header truncated')
      const a2 = macToNumber(b, start + 10)
      if (subtype === 14) out.bssid = a2
      else out.ta = a2
    }
  } else if (subtype === 0) {
    out.bssid = a1
  }
  out.ok = true
  return true
}

function sequence(b: Uint8Array, out: FrameSummary, at: number): void {
  const value = b[at] | (b[at + 1] << 8)
  out.frag = value & 0x0f
  out.seq = value >> 4
}

/** Bytes of fixed fields before the elements, per management subtype; -1 = no element list. */
const ELEMENTS_AFTER = [4, 6, 10, 6, 0, 12, 10, -1, 12, -1, 2, 6, 2, -1, -1, -1]

function elements(b: Uint8Array, out: FrameSummary, body: number, end: number, subtype: number): void {
  const skip = ELEMENTS_AFTER[subtype]
  if (skip < 0) return
  // Authentication bodies carry elements only for open system, shared key and FT.
  if (subtype === 11 && (body + 2 > end || u16le(b, body) > 2)) return
  let at = body + skip
  if (at > end) {
    out.elementsTruncated = true
    return
  }
  while (at + 2 <= end) {
    const id = b[at]
    const len = b[at + 1]
    const value = at + 2
    if (value + len > end) {
      out.elementsTruncated = true
      return
    }
    if (id === 0) {
      if (out.ssidOffset < 0) {
        out.ssidOffset = value
        out.ssidLength = len
        out.ssid = cachedSsid(out.ssidCache, b, value, len)
      }
    } else if (id === 3) {
      if (out.dsChannel < 0 && len >= 1) out.dsChannel = b[value]
    } else if (id === 221 && len >= 3 && out.vendorCount < MAX_VENDOR_IES) {
      out.vendorOuis[out.vendorCount] = (b[value] << 16) | (b[value + 1] << 8) | b[value + 2]
      out.vendorTypes[out.vendorCount] = len >= 4 ? b[value + 3] : -1
      out.vendorCount++
    }
    at = value + len
  }
  if (at !== end) out.elementsTruncated = true
}

function cachedSsid(cache: SsidCache, b: Uint8Array, start: number, length: number): string {
  let hash = 2166136261
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ b[i], 16777619)
  const slot = (hash >>> 0) & (SSID_CACHE_SIZE - 1)
  const known = cache.bytes[slot]
  if (known !== undefined && known.length === length) {
    let same = true
    for (let i = 0; i < length; i++) {
      if (known[i] !== b[start + i]) {
        same = false
        break
      }
    }
    if (same) return cache.text[slot]!
  }
  const bytes = b.slice(start, start + length)
  const text = ssidDisplay(bytes)
  cache.bytes[slot] = bytes
  cache.text[slot] = text
  return text
}

function fail(out: FrameSummary, reason: string): boolean {
  out.ok = false
  out.reason = reason
  return false
}
