// Information elements as decoded for the detail view. Every IE keeps its id, offset, length and raw value;
// `decoded` is a tagged union so an unknown element is still shown, just as bytes.
import type { SsidEncoding } from './ssid-text.js'

export interface CipherSuite {
  /** "00:0f:ac" (RSN), "00:50:f2" (WPA), ... */
  oui: string
  type: number
  /** "CCMP-128", "TKIP", "PSK", "SAE", ...; "00:0f:ac:99" style when unknown. */
  name: string
}

export interface RsnInfo {
  version: number
  groupCipher?: CipherSuite
  pairwiseCiphers: CipherSuite[]
  akms: CipherSuite[]
  capabilities?: number
  pmkids?: string[]
  groupManagementCipher?: CipherSuite
}

/** The RSN (or WPA) summary a frame list needs. */
export interface RsnSummary {
  group?: string
  pairwise: string[]
  akms: string[]
}

export interface RateEntry {
  /** Rate in kbit/s (500 kbit/s units on the air). BSS membership selectors have no rate. */
  kbps?: number
  basic: boolean
  /** BSS membership selector (e.g. 127 HT PHY, 126 VHT PHY, 123 SAE hash-to-element only, 122 HE PHY). */
  selector?: number
}

export interface TlvAttribute {
  id: number
  /** Offset of the attribute header within the decoded input. */
  offset: number
  length: number
  value: Uint8Array
  name?: string
}

export interface AlibabaEnrolleeIe {
  kind: 'alibaba-enrollee'
  /** ver/devtype byte: version in bits 7-4, device type in bits 3-0. */
  verDevtype: number
  deviceName: string
  deviceNameBytes: Uint8Array
  frameType: number
  productKey: string
  /** 16-byte random as lowercase hex. */
  random: string
  security: number
  signMethod: number
  /** HMAC signature as lowercase hex. */
  sign: string
}

export interface AlibabaRegistrarIe {
  kind: 'alibaba-registrar'
  verDevtype: number
  sign: string
  frameType: number
  ssid: string
  ssidBytes: Uint8Array
  /** AES-128-CFB ciphertext of the password, lowercase hex. Decryption is not this layer's job. */
  passwd: string
  bssid: string
  /** ESL extension fields, present only when the IE carries them. */
  token?: string
  tokenType?: number
  regionId?: number
}

export interface AlibabaModeSwitchIe {
  kind: 'alibaba-mode-switch'
  verDevtype: number
  frameType: number
  switchToMode: number
  switchTimeout: number
  apChannel: number
  /** Empty string = any product. */
  productKey: string
}

export type DecodedIe =
  | { kind: 'ssid'; bytes: Uint8Array; text: string; encoding: SsidEncoding }
  | { kind: 'rates'; extended: boolean; rates: RateEntry[] }
  | { kind: 'ds-parameter'; channel: number }
  | { kind: 'tim'; dtimCount: number; dtimPeriod: number; bitmapControl: number; partialVirtualBitmap: Uint8Array }
  | {
      kind: 'country'
      code: string
      environment: number
      triplets: { firstChannel: number; channelCount: number; maxTxPowerDbm: number }[]
    }
  | ({ kind: 'rsn' } & RsnInfo)
  | {
      kind: 'ht-capabilities'
      capabilities: number
      ldpc: boolean
      width40: boolean
      greenfield: boolean
      shortGi20: boolean
      shortGi40: boolean
      ampduParameters: number
      /** MCS indices the station can receive (from the 77-bit rx bitmask). */
      rxMcs: number[]
      spatialStreams: number
    }
  | {
      kind: 'ht-operation'
      primaryChannel: number
      /** 0 none, 1 above, 3 below. */
      secondaryChannelOffset: number
      staChannelWidthAny: boolean
      protection: number
      nonGreenfieldPresent: boolean
    }
  | {
      kind: 'vht-capabilities'
      capabilities: number
      maxMpduLength: number
      supportedChannelWidthSet: number
      shortGi80: boolean
      shortGi160: boolean
      suBeamformer: boolean
      suBeamformee: boolean
      muBeamformer: boolean
      muBeamformee: boolean
      rxMcsMap: number
      txMcsMap: number
      spatialStreams: number
    }
  | {
      kind: 'vht-operation'
      /** 0 = 20/40 MHz, 1 = 80/160/80+80 MHz, 2 = 160 MHz, 3 = 80+80 MHz (2 and 3 are deprecated). */
      channelWidth: number
      centerSegment0: number
      centerSegment1: number
      basicMcsMap: number
    }
  | { kind: 'mesh-id'; bytes: Uint8Array; text: string }
  | ({ kind: 'wpa' } & RsnInfo)
  | {
      kind: 'wmm'
      subtype: number
      version: number
      qosInfo: number
      acParameters?: { aci: number; aifsn: number; ecwMin: number; ecwMax: number; txopLimit: number }[]
    }
  | { kind: 'wps'; attributes: TlvAttribute[]; deviceName?: Uint8Array; deviceNameText?: string }
  | { kind: 'p2p'; attributes: TlvAttribute[] }
  | AlibabaEnrolleeIe
  | AlibabaRegistrarIe
  | AlibabaModeSwitchIe
  | { kind: 'vendor'; oui: string; type?: number; data: Uint8Array }
  | { kind: 'raw' }

export interface InformationElement {
  id: number
  /** Element ID extension (only when id is 255). */
  extId?: number
  /** Offset of the element ID byte within the decoded input. */
  offset: number
  /** Value length (the length byte). */
  length: number
  /** The value bytes (a copy). */
  raw: Uint8Array
  decoded: DecodedIe
  /** Set when the value does not match its element's format; `decoded` is then `raw`. */
  error?: { reason: string; offset: number }
}

export interface VendorIeRef {
  oui: string
  /** The byte after the OUI; undefined when the element is only 3 bytes long. */
  type?: number
}
