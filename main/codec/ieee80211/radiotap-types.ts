// Decoded radiotap header: one property per standard field (radiotap.org "defined fields"), plus a flat
// field list with byte offsets so a detail tree can highlight exactly where each value came from.

export interface RadiotapFieldEntry {
  /** Radiotap field name, e.g. "tsft", "channel", "dbm_antsignal", "vendor_namespace". */
  name: string
  /** Presence bit within its namespace (0..28), -1 for namespace headers and TLVs. */
  bit: number
  /** Which radiotap namespace occurrence it came from (0 = the first; later ones are usually per antenna). */
  namespaceIndex: number
  /** Byte offset of the field within the decoded input. */
  offset: number
  length: number
  value: unknown
}

export interface RadiotapFlags {
  raw: number
  cfp: boolean
  shortPreamble: boolean
  wep: boolean
  fragmented: boolean
  /** The 802.11 frame ends with a 4-byte FCS. */
  fcsAtEnd: boolean
  /** Padding between the 802.11 header and body to a 32-bit boundary. */
  dataPad: boolean
  /** The receiver reported a bad FCS. */
  badFcs: boolean
  shortGi: boolean
}

export interface RadiotapChannel {
  freqMHz: number
  flags: number
  /** Channel number derived from the frequency (undefined outside known bands). */
  number?: number
}

export interface RadiotapXChannel {
  flags: number
  freqMHz: number
  channel: number
  maxPower: number
}

export interface RadiotapMcs {
  known: number
  flags: number
  index?: number
  /** 20, 40; "20L"/"20U" are the 20 MHz halves of a 40 MHz channel. */
  bandwidth?: 20 | 40 | '20L' | '20U'
  shortGi?: boolean
  greenfield?: boolean
  ldpc?: boolean
  stbcStreams?: number
}

export interface RadiotapAmpdu {
  reference: number
  flags: number
  delimiterCrc: number
}

export interface RadiotapVht {
  known: number
  flags: number
  bandwidth: number
  /** Per user slot 0..3: MCS index and number of spatial streams (slots with nss 0 are absent). */
  users: { user: number; mcs: number; nss: number }[]
  coding: number
  groupId: number
  partialAid: number
}

export interface RadiotapTimestamp {
  value: bigint
  accuracy: number
  unitPosition: number
  flags: number
}

export interface RadiotapHe {
  data: [number, number, number, number, number, number]
}

export interface RadiotapHeMu {
  flags1: number
  flags2: number
  ruChannel1: number[]
  ruChannel2: number[]
}

export interface RadiotapHeMuOtherUser {
  perUser1: number
  perUser2: number
  perUserPosition: number
  perUserKnown: number
}

export interface RadiotapVendorNamespace {
  oui: string
  subNamespace: number
  /** Bytes of vendor data that follow the 6-byte namespace header and were skipped. */
  skipLength: number
  offset: number
}

export interface RadiotapTlv {
  type: number
  offset: number
  length: number
}

export interface Radiotap {
  version: number
  /** it_len: total radiotap header length; the 802.11 frame starts here. */
  length: number
  presentWords: number[]
  tsft?: bigint
  flags?: RadiotapFlags
  rateKbps?: number
  channel?: RadiotapChannel
  fhss?: { hopSet: number; hopPattern: number }
  dbmSignal?: number
  dbmNoise?: number
  lockQuality?: number
  txAttenuation?: number
  dbTxAttenuation?: number
  dbmTxPower?: number
  antenna?: number
  dbSignal?: number
  dbNoise?: number
  rxFlags?: number
  txFlags?: number
  rtsRetries?: number
  dataRetries?: number
  xchannel?: RadiotapXChannel
  mcs?: RadiotapMcs
  ampdu?: RadiotapAmpdu
  vht?: RadiotapVht
  timestamp?: RadiotapTimestamp
  he?: RadiotapHe
  heMu?: RadiotapHeMu
  heMuOtherUser?: RadiotapHeMuOtherUser
  /** 0 sounding PPDU, 1 not captured, 2 vendor specific. */
  zeroLengthPsdu?: number
  lsig?: { data1: number; data2: number }
  tlvs?: RadiotapTlv[]
  vendorNamespaces: RadiotapVendorNamespace[]
  /**
   * Set when a presence bit of the radiotap namespace is not a defined field: its size and alignment are
   * unknown, so nothing after it can be located (tcpdump prints "[bit N]" in the same case).
   */
  stoppedAtUnknownBit?: number
  fields: RadiotapFieldEntry[]
}
