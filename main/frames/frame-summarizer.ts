import {
  LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR,
  LINKTYPE_ETHERNET,
  LINKTYPE_IEEE802_11,
  LINKTYPE_IEEE802_11_RADIOTAP,
  channelFromFrequency,
  crc32,
  createFrameSummary,
  macToNumber,
  summarize80211,
  summarizeRadiotapFrame,
  type FrameSummary,
} from '../codec/ieee80211/index.js'
import type { CapturedPacket } from '../radio/capture/capture-source'
import {
  FLAG_ELEMENTS_TRUNCATED,
  FLAG_FCS_BAD,
  FLAG_FCS_PRESENT,
  FLAG_MALFORMED,
  FLAG_PROTECTED,
  FLAG_RADIOTAP_BAD_FCS,
  FLAG_SNAP_CUT,
  KIND_BLE,
  KIND_ETHERNET,
  KIND_OTHER,
  KIND_WIFI,
  NO_CHANNEL,
  NO_SIGNAL,
} from './record-block'

const BLE_PHDR_LENGTH = 10
const BLE_SIGNAL_VALID = 0x0002

/**
 * The ingest fast path: the columns of one frame's record, from its bytes, without building objects per frame
 * (802.11 through the codec's allocation-free summary; Ethernet and BLE headers read in place).
 */
export class FrameSummarizer {
  readonly wifi: FrameSummary = createFrameSummary()
  kind = KIND_OTHER
  typeSubtype = -1
  ra = -1
  ta = -1
  sa = -1
  da = -1
  bssid = -1
  freq = 0
  signal = NO_SIGNAL
  channel = NO_CHANNEL
  flags = 0
  seq = -1
  ssid: string | undefined
  /** Vendor IEs as the store keys them ("oui:type,oui:type"), or undefined. */
  vendorKey: string | undefined
  malformed: string | undefined
  /** Absolute offset of the 802.11 frame in the packet's buffer, -1 without one. */
  mpduOffset = -1
  /** Whether `wifi` describes this packet (linktypes 127 and 105). */
  hasWifi = false

  private lastVendorCount = -1
  private readonly lastOuis = new Uint32Array(32)
  private readonly lastTypes = new Int16Array(32)
  private lastVendorKey: string | undefined

  summarize(packet: CapturedPacket): void {
    this.kind = KIND_OTHER
    this.typeSubtype = -1
    this.ra = this.ta = this.sa = this.da = this.bssid = -1
    this.freq = 0
    this.signal = NO_SIGNAL
    this.channel = NO_CHANNEL
    this.flags = packet.length < packet.originalLength ? FLAG_SNAP_CUT : 0
    this.seq = -1
    this.ssid = undefined
    this.vendorKey = undefined
    this.malformed = undefined
    this.mpduOffset = -1
    this.hasWifi = false
    const { buffer, offset, length } = packet
    switch (packet.iface.linktype) {
      case LINKTYPE_IEEE802_11_RADIOTAP:
        summarizeRadiotapFrame(buffer, this.wifi, offset, length)
        this.fromWifi(buffer, offset, length, this.wifi.radiotapLength > 0 ? offset + this.wifi.radiotapLength : -1)
        break
      case LINKTYPE_IEEE802_11:
        summarize80211(buffer, this.wifi, offset, length, packet.iface.fcsLength === 4)
        this.fromWifi(buffer, offset, length, offset)
        break
      case LINKTYPE_ETHERNET:
        this.kind = KIND_ETHERNET
        if (length < 14) {
          this.malformed = `Ethernet header needs 14 bytes, frame has ${length}`
          this.flags |= FLAG_MALFORMED
        } else {
          this.da = macToNumber(buffer, offset)
          this.sa = macToNumber(buffer, offset + 6)
        }
        break
      case LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR:
        this.kind = KIND_BLE
        if (length < BLE_PHDR_LENGTH) {
          this.malformed = `BLE pseudo header needs ${BLE_PHDR_LENGTH} bytes, packet has ${length}`
          this.flags |= FLAG_MALFORMED
        } else {
          this.channel = bleChannelIndex(buffer[offset])
          this.freq = 2402 + 2 * buffer[offset]
          if ((buffer[offset + 8] | (buffer[offset + 9] << 8)) & BLE_SIGNAL_VALID) this.signal = (buffer[offset + 1] << 24) >> 24
        }
        break
      default:
        this.malformed = `link type ${packet.iface.linktype} is not decoded`
    }
  }

  private fromWifi(buffer: Uint8Array, offset: number, length: number, mpduOffset: number): void {
    const s = this.wifi
    this.kind = KIND_WIFI
    this.hasWifi = true
    this.mpduOffset = mpduOffset
    this.typeSubtype = s.typeSubtype
    this.ra = s.ra
    this.ta = s.ta
    this.sa = s.sa
    this.da = s.da
    this.bssid = s.bssid
    if (s.freqMHz > 0) this.freq = s.freqMHz
    if (!Number.isNaN(s.signalDbm)) this.signal = Math.max(-128, Math.min(127, s.signalDbm))
    this.channel = (s.freqMHz > 0 ? channelFromFrequency(s.freqMHz) : undefined) ?? (s.dsChannel >= 0 && s.dsChannel < NO_CHANNEL ? s.dsChannel : NO_CHANNEL)
    if (s.seq >= 0) this.seq = s.seq
    if (s.fcFlags & 0x40) this.flags |= FLAG_PROTECTED
    if (s.radiotapFlags >= 0 && s.radiotapFlags & 0x40) this.flags |= FLAG_RADIOTAP_BAD_FCS | FLAG_FCS_BAD
    if (!s.ok) {
      this.flags |= FLAG_MALFORMED
      this.malformed = s.reason
    }
    if (s.elementsTruncated) {
      this.flags |= FLAG_ELEMENTS_TRUNCATED
      this.malformed ??= 'information elements run past the frame'
    }
    this.ssid = s.ssid
    if (s.fcsPresent) {
      this.flags |= FLAG_FCS_PRESENT
      // The FCS covers the 802.11 frame; it sits in the last 4 bytes of the packet.
      const end = offset + length
      if (mpduOffset >= 0 && end - 4 >= mpduOffset) {
        const stored = (buffer[end - 4] | (buffer[end - 3] << 8) | (buffer[end - 2] << 16) | (buffer[end - 1] << 24)) >>> 0
        if (crc32(buffer, mpduOffset, end - 4) !== stored) this.flags |= FLAG_FCS_BAD
      }
    }
    this.vendorKey = s.vendorCount > 0 ? this.vendorKeyOf(s) : undefined
  }

  /** Consecutive frames usually carry the same vendor IEs (one AP's beacons): reuse the last key when they do. */
  private vendorKeyOf(s: FrameSummary): string {
    if (s.vendorCount === this.lastVendorCount) {
      let same = true
      for (let i = 0; i < s.vendorCount; i++) {
        if (s.vendorOuis[i] !== this.lastOuis[i] || s.vendorTypes[i] !== this.lastTypes[i]) {
          same = false
          break
        }
      }
      if (same) return this.lastVendorKey!
    }
    const parts: string[] = []
    for (let i = 0; i < s.vendorCount; i++) {
      parts.push(vendorText(s.vendorOuis[i], s.vendorTypes[i]))
      this.lastOuis[i] = s.vendorOuis[i]
      this.lastTypes[i] = s.vendorTypes[i]
    }
    this.lastVendorCount = s.vendorCount
    this.lastVendorKey = parts.join(',')
    return this.lastVendorKey
  }
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0')

/** "d8:96:e0:aa", or "d8:96:e0" for an element that is only an OUI. */
export function vendorText(oui: number, type: number): string {
  const text = `${hex2((oui >>> 16) & 0xff)}:${hex2((oui >>> 8) & 0xff)}:${hex2(oui & 0xff)}`
  return type >= 0 ? `${text}:${hex2(type)}` : text
}

/** BLE RF channel (2402 + 2k MHz) to the channel index the spec and Wireshark show (37, 38, 39 are advertising). */
export function bleChannelIndex(rf: number): number {
  if (rf === 0) return 37
  if (rf === 12) return 38
  if (rf === 39) return 39
  if (rf >= 1 && rf <= 11) return rf - 1
  if (rf >= 13 && rf <= 38) return rf - 2
  return NO_CHANNEL
}
