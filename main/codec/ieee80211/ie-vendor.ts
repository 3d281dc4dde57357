// Vendor-specific elements (id 221) selected by OUI and the type byte after it: WPA, WMM and WPS from
// Microsoft's OUI, Wi-Fi P2P from the Wi-Fi Alliance's, and Alibaba's zero-config elements. Anything else
// stays as raw vendor data.
import { fail, ok, type Result } from '../result.js'
import { u16be, u16le } from './bytes.js'
import {
  ALIBABA_ENROLLEE_TYPE,
  ALIBABA_MODE_SWITCH_TYPE,
  ALIBABA_OUI,
  ALIBABA_REGISTRAR_TYPE,
  decodeAlibabaEnrollee,
  decodeAlibabaModeSwitch,
  decodeAlibabaRegistrar,
} from './ie-alibaba.js'
import { decodeRsnBody } from './ie-rsn.js'
import type { DecodedIe, TlvAttribute } from './ie-types.js'
import { formatOui } from './mac-address.js'
import { ssidDisplay } from './ssid-text.js'

export const MICROSOFT_OUI = '00:50:f2'
export const WIFI_ALLIANCE_OUI = '50:6f:9a'
export const WPA_TYPE = 1
export const WMM_TYPE = 2
export const WPS_TYPE = 4
export const P2P_TYPE = 9
export const WPS_DEVICE_NAME = 0x1011

const WPS_ATTRIBUTE_NAMES: Record<number, string> = {
  0x1001: 'AP Channel',
  0x1002: 'Association State',
  0x1003: 'Authentication Type',
  0x1004: 'Authentication Type Flags',
  0x1008: 'Config Methods',
  0x1009: 'Configuration Error',
  0x100d: 'Connection Type Flags',
  0x100f: 'Encryption Type Flags',
  0x1011: 'Device Name',
  0x1012: 'Device Password ID',
  0x1021: 'Manufacturer',
  0x1023: 'Model Name',
  0x1024: 'Model Number',
  0x1026: 'MAC Address',
  0x103a: 'Request Type',
  0x103b: 'Response Type',
  0x103c: 'RF Bands',
  0x1041: 'Selected Registrar',
  0x1042: 'Serial Number',
  0x1044: 'Wi-Fi Protected Setup State',
  0x1047: 'UUID-E',
  0x1048: 'UUID-R',
  0x1049: 'Vendor Extension',
  0x104a: 'Version',
  0x1053: 'Selected Registrar Config Methods',
  0x1054: 'Primary Device Type',
  0x1057: 'AP Setup Locked',
  0x1058: 'Application Extension',
  0x105a: 'Secondary Device Type List',
}

const P2P_ATTRIBUTE_NAMES: Record<number, string> = {
  0: 'Status',
  1: 'Minor Reason Code',
  2: 'P2P Capability',
  3: 'P2P Device ID',
  4: 'Group Owner Intent',
  5: 'Configuration Timeout',
  6: 'Listen Channel',
  7: 'P2P Group BSSID',
  8: 'Extended Listen Timing',
  9: 'Intended P2P Interface Address',
  10: 'P2P Manageability',
  11: 'Channel List',
  12: 'Notice of Absence',
  13: 'P2P Device Info',
  14: 'P2P Group Info',
  15: 'P2P Group ID',
  16: 'P2P Interface',
  17: 'Operating Channel',
  18: 'Invitation Flags',
  19: 'Out-of-Band Group Owner Negotiation Channel',
  21: 'Service Hash',
  22: 'Session Information Data Info',
  221: 'Vendor Specific',
}

/** WPS: 2-byte big-endian id, 2-byte big-endian length. */
export function decodeWpsAttributes(b: Uint8Array, start: number, end: number): Result<TlvAttribute[]> {
  const attributes: TlvAttribute[] = []
  let at = start
  while (at < end) {
    if (at + 4 > end) return fail('WPS attribute header runs past the element', at)
    const id = u16be(b, at)
    const length = u16be(b, at + 2)
    if (at + 4 + length > end) return fail(`WPS attribute 0x${id.toString(16)} (${length} bytes) runs past the element`, at)
    attributes.push({ id, offset: at, length, value: b.slice(at + 4, at + 4 + length), name: WPS_ATTRIBUTE_NAMES[id] })
    at += 4 + length
  }
  return ok(attributes)
}

/** Wi-Fi P2P: 1-byte id, 2-byte little-endian length. */
export function decodeP2pAttributes(b: Uint8Array, start: number, end: number): Result<TlvAttribute[]> {
  const attributes: TlvAttribute[] = []
  let at = start
  while (at < end) {
    if (at + 3 > end) return fail('P2P attribute header runs past the element', at)
    const id = b[at]
    const length = u16le(b, at + 1)
    if (at + 3 + length > end) return fail(`P2P attribute ${id} (${length} bytes) runs past the element`, at)
    attributes.push({ id, offset: at, length, value: b.slice(at + 3, at + 3 + length), name: P2P_ATTRIBUTE_NAMES[id] })
    at += 3 + length
  }
  return ok(attributes)
}

function decodeWmm(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (start + 3 > end) return fail('WMM element is too short for subtype, version and QoS info', start)
  const ie: DecodedIe & { kind: 'wmm' } = { kind: 'wmm', subtype: b[start], version: b[start + 1], qosInfo: b[start + 2] }
  if (ie.subtype === 1) {
    const records = start + 4
    if (records + 16 > end) return fail('WMM parameter element is too short for 4 AC records', start)
    ie.acParameters = []
    for (let i = 0; i < 4; i++) {
      const at = records + 4 * i
      ie.acParameters.push({
        aci: (b[at] >> 5) & 0x03,
        aifsn: b[at] & 0x0f,
        ecwMin: b[at + 1] & 0x0f,
        ecwMax: b[at + 1] >> 4,
        txopLimit: u16le(b, at + 2),
      })
    }
  }
  return ok(ie)
}

/** `start`/`end` delimit the element value (starting with the OUI). */
export function decodeVendorIe(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (end - start < 3) return fail('vendor-specific element is shorter than an OUI', start)
  const oui = formatOui(b, start)
  const type = end - start >= 4 ? b[start + 3] : undefined
  const body = start + 4
  if (oui === MICROSOFT_OUI) {
    if (type === WPA_TYPE) {
      const rsn = decodeRsnBody(b, body, end, true)
      return rsn.ok ? ok({ kind: 'wpa', ...rsn.value }) : rsn
    }
    if (type === WMM_TYPE) return decodeWmm(b, body, end)
    if (type === WPS_TYPE) {
      const attributes = decodeWpsAttributes(b, body, end)
      if (!attributes.ok) return attributes
      const name = attributes.value.find((a) => a.id === WPS_DEVICE_NAME)
      return ok({
        kind: 'wps',
        attributes: attributes.value,
        ...(name ? { deviceName: name.value, deviceNameText: ssidDisplay(name.value) } : {}),
      })
    }
  } else if (oui === WIFI_ALLIANCE_OUI && type === P2P_TYPE) {
    const attributes = decodeP2pAttributes(b, body, end)
    return attributes.ok ? ok({ kind: 'p2p', attributes: attributes.value }) : attributes
  } else if (oui === ALIBABA_OUI) {
    if (type === ALIBABA_ENROLLEE_TYPE) return decodeAlibabaEnrollee(b, body, end)
    if (type === ALIBABA_REGISTRAR_TYPE) return decodeAlibabaRegistrar(b, body, end)
    if (type === ALIBABA_MODE_SWITCH_TYPE) return decodeAlibabaModeSwitch(b, body, end)
  }
  return ok({ kind: 'vendor', oui, type, data: b.slice(start + 3, end) })
}
