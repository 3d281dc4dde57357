// Public API of the 802.11 / radiotap codec. Everything here is pure: bytes in, values out.
export { decodeRadiotapFrame } from './decode-radiotap-frame.js'
export { decode80211, type Decode80211Options } from './decode-80211.js'
export {
  decodePacket,
  LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR,
  LINKTYPE_ETHERNET,
  LINKTYPE_IEEE802_11,
  LINKTYPE_IEEE802_11_RADIOTAP,
  type DecodedPacket,
  type DecodePacketOptions,
  type UnknownPacket,
} from './decode-packet.js'
export { BLE_PHDR_LENGTH, decodeBleLlWithPhdr } from './ble-ll-phdr.js'
export { parseRadiotap, type RadiotapParse } from './radiotap.js'
export type * from './radiotap-types.js'
export type * from './frame-types.js'
export {
  FRAME_TYPE_CONTROL,
  FRAME_TYPE_DATA,
  FRAME_TYPE_EXTENSION,
  FRAME_TYPE_MANAGEMENT,
} from './frame-types.js'
export type * from './ie-types.js'
export { parseInformationElements, type ElementList } from './information-elements.js'
export { ALIBABA_OUI, ALIBABA_ENROLLEE_TYPE, ALIBABA_REGISTRAR_TYPE, ALIBABA_MODE_SWITCH_TYPE } from './ie-alibaba.js'
export { MICROSOFT_OUI, WIFI_ALLIANCE_OUI, WPA_TYPE, WMM_TYPE, WPS_TYPE, P2P_TYPE, WPS_DEVICE_NAME } from './ie-vendor.js'
export { frameKindName, TYPE_SUBTYPE } from './frame-kind.js'
export { frameInfo, summaryInfo } from './frame-info.js'
export {
  createFrameSummary,
  summarize80211,
  summarizeRadiotapFrame,
  type FrameSummary,
} from './frame-summary.js'
export { decodeSsidText, ssidDisplay, type SsidEncoding, type SsidText } from './ssid-text.js'
export { channelFromFrequency, frequencyFromChannel } from './channel-number.js'
export { formatMac, formatMacNumber, macToNumber, parseMac, BROADCAST_MAC } from './mac-address.js'
export { toHex } from '../bytes.js'
export { crc32 } from './crc32.js'
export {
  buildRadiotap,
  defaultChannelFlags,
  RADIOTAP_FLAG_BAD_FCS,
  RADIOTAP_FLAG_FCS_AT_END,
  type RadiotapSpec,
} from './radiotap-builder.js'
export {
  dsParameterElement,
  element,
  encodeElements,
  meshIdElement,
  rateElements,
  rsnWpa2CcmpElement,
  ssidElement,
  vendorElement,
  type ElementSpec,
} from './element-builders.js'
export {
  appendFcs,
  buildAssociationRequest,
  buildAssociationResponse,
  buildAuthentication,
  buildBeacon,
  buildControlFrame,
  buildDataFrame,
  buildDeauthentication,
  buildDisassociation,
  buildManagementFrame,
  buildProbeRequest,
  buildProbeResponse,
  dataHeaderLength,
  verifyFcs,
  type AssociationRequestSpec,
  type AssociationResponseSpec,
  type AuthenticationSpec,
  type BeaconSpec,
  type ControlFrameSpec,
  type DataFrameSpec,
  type HeaderFlags,
  type ManagementAddresses,
  type ProbeRequestSpec,
  type QosSpec,
  type ReasonSpec,
} from './frame-builders.js'
