// One entry point for every link type a capture source hands us.
import type { CodecError } from '../result.js'
import { decodeEthernet, type EthernetFrame } from '../ethernet/ethernet-frame.js'
import { decodeBleLlWithPhdr } from './ble-ll-phdr.js'
import { decode80211 } from './decode-80211.js'
import { decodeRadiotapFrame } from './decode-radiotap-frame.js'
import type { BleLlWithPhdr, DecodedWifiFrame } from './frame-types.js'

export const LINKTYPE_ETHERNET = 1
export const LINKTYPE_IEEE802_11 = 105
export const LINKTYPE_IEEE802_11_RADIOTAP = 127
export const LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR = 256

export interface UnknownPacket {
  kind: 'unknown'
  malformed: CodecError
}

export type DecodedPacket = (DecodedWifiFrame | EthernetFrame | BleLlWithPhdr | UnknownPacket) & { linktype: number }

export interface DecodePacketOptions {
  /** Linktype 105 only: the frames end with an FCS (pcapng if_fcslen = 4). Default false, like Wireshark. */
  fcsAtEnd?: boolean
}

export function decodePacket(linktype: number, bytes: Uint8Array, options: DecodePacketOptions = {}): DecodedPacket {
  switch (linktype) {
    case LINKTYPE_IEEE802_11_RADIOTAP:
      return { ...decodeRadiotapFrame(bytes), linktype }
    case LINKTYPE_IEEE802_11:
      return { ...decode80211(bytes, { fcsAtEnd: options.fcsAtEnd ?? false }), linktype }
    case LINKTYPE_ETHERNET: {
      const frame = decodeEthernet(bytes)
      return frame.ok ? { ...frame.value, linktype } : { kind: 'unknown', malformed: frame.error, linktype }
    }
    case LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR:
      return { ...decodeBleLlWithPhdr(bytes), linktype }
    default:
      return { kind: 'unknown', linktype, malformed: { reason: `linktype ${linktype} is not decoded`, offset: 0 } }
  }
}
