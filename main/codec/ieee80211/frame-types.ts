// The decoded shape of one 802.11 frame (with its radiotap header when there was one). All offsets are
// byte offsets within the bytes handed to the decoder, so a detail view can highlight them directly.
import type { CodecError } from '../result.js'
import type { Ipv4UdpDatagram } from '../ethernet/ipv4-udp.js'
import type { InformationElement, RsnSummary, VendorIeRef } from './ie-types.js'
import type { Radiotap } from './radiotap-types.js'

export const FRAME_TYPE_MANAGEMENT = 0
export const FRAME_TYPE_CONTROL = 1
export const FRAME_TYPE_DATA = 2
export const FRAME_TYPE_EXTENSION = 3

export interface FrameControl {
  raw: number
  version: number
  /** 0 management, 1 control, 2 data, 3 extension. */
  type: number
  subtype: number
  toDS: boolean
  fromDS: boolean
  moreFrag: boolean
  retry: boolean
  pwrMgmt: boolean
  moreData: boolean
  protected: boolean
  /** +HTC/Order bit. */
  order: boolean
}

export interface QosControl {
  raw: number
  tid: number
  eosp: boolean
  /** 0 normal ack, 1 no ack, 2 no explicit ack / PSMP, 3 block ack. */
  ackPolicy: number
  amsduPresent: boolean
  /** TXOP limit, TXOP duration requested or queue size, depending on the sender. */
  high: number
}

export interface ManagementFields {
  timestamp?: bigint
  beaconInterval?: number
  capability?: number
  listenInterval?: number
  currentAp?: string
  statusCode?: number
  aid?: number
  reasonCode?: number
  authAlgorithm?: number
  authSeq?: number
  category?: number
  action?: number
  /** OUI of a vendor-specific action frame (category 126 or 127). */
  actionOui?: string
}

export interface ControlFields {
  /** Association ID carried in the Duration/ID field of a PS-Poll. */
  aid?: number
  /** Frame control of the frame carried inside a control wrapper. */
  carriedFc?: number
  /** BlockAckReq/BlockAck control field. */
  blockAckControl?: number
  startingSequence?: number
}

export interface DecodedWifiFrame {
  kind: 'ieee80211'
  radiotap?: Radiotap
  /** Offset of the 802.11 frame within the input (the radiotap length, or 0). */
  frameOffset: number
  fc?: FrameControl
  /** type << 4 | subtype: the same number as tshark's wlan.fc.type_subtype. */
  typeSubtype?: number
  /** Human name of the frame kind: "Beacon", "Probe Request", "QoS Data", "ACK", ... */
  kindName?: string
  duration?: number
  addr1?: string
  addr2?: string
  addr3?: string
  addr4?: string
  /** Receiver, transmitter, source, destination and BSSID as resolved from type and ToDS/FromDS. */
  ra?: string
  ta?: string
  sa?: string
  da?: string
  bssid?: string
  seq?: number
  frag?: number
  qos?: QosControl
  htControl?: number
  management?: ManagementFields
  control?: ControlFields
  /** 802.11 MAC header length (without radiotap padding). */
  headerLength: number
  /** 802.11 length without the FCS. */
  frameLength: number
  bodyOffset: number
  bodyLength: number
  fcs?: { value: number; ok: boolean; offset: number }
  ies?: InformationElement[]
  /** Display form of the first SSID element (UTF-8, else GBK, else escaped hex). */
  ssid?: string
  ssidBytes?: Uint8Array
  /** Current channel from the DS Parameter Set element. */
  channel?: number
  vendorIes: VendorIeRef[]
  rsn?: RsnSummary
  wpa?: RsnSummary
  /** LLC/SNAP EtherType of an unprotected data frame. */
  ethertype?: number
  /** IPv4/UDP inside an unprotected data frame, with the 802.11 destination address. */
  udp?: Ipv4UdpDatagram & { dstMac?: string }
  malformed?: CodecError
}

export interface BleLlWithPhdr {
  kind: 'ble-ll'
  rfChannel: number
  /** Present when the flags say the value is valid. */
  signalDbm?: number
  noiseDbm?: number
  accessAddressOffenses: number
  referenceAccessAddress: number
  flags: number
  /** 0 advertising, 1 data, ... (flags bits 7-9). */
  pduType: number
  /** 0 LE 1M, 1 LE 2M, 2 LE Coded (flags bits 14-15). */
  phy: number
  crcChecked: boolean
  crcValid: boolean
  dewhitened: boolean
  /** LL bytes after the 10-byte pseudo header: access address, PDU header, payload, CRC. */
  ll: Uint8Array
  llOffset: number
  malformed?: CodecError
}
