import { ALIBABA_ENROLLEE_TYPE, ALIBABA_MODE_SWITCH_TYPE, ALIBABA_REGISTRAR_TYPE, formatMac } from '../../codec/ieee80211/index.js'
import { asText, layoutNodes, type FieldSpec } from './annotation-fields'
import type { AnnotationNode, ClaimFrame, ProvisioningClaim } from './claim-types'

// PROTOCOLS-awss.md §5: Alibaba's vendor IE (OUI D8:96:E0) of types 0xAA enrollee, 0xAB registrar, 0xAC mode switch.
const ALIBABA_OUI_NUMBER = 0xd896e0
const TYPES = new Set([ALIBABA_ENROLLEE_TYPE, ALIBABA_REGISTRAR_TYPE, ALIBABA_MODE_SWITCH_TYPE])

const verDevtype = (b: number) => `0x${b.toString(16).padStart(2, '0')} (version ${b >> 4}, device type ${b & 0x0f})`

const LAYOUTS: Record<number, { title: string; fields: FieldSpec[] }> = {
  [ALIBABA_ENROLLEE_TYPE]: {
    title: 'Zero-config enrollee IE (0xAA): an unprovisioned device asks for credentials',
    fields: [
      { name: 'Version / device type', kind: 'u8', show: verDevtype },
      { name: 'Device name', kind: 'length-prefixed', show: asText },
      { name: 'Frame type', kind: 'u8' },
      { name: 'Product key', kind: 'length-prefixed', show: asText },
      { name: 'Random', kind: 'length-prefixed' },
      { name: 'Security', kind: 'u8', show: (v) => `${v} (${v === 3 ? 'per product' : v === 4 ? 'per device' : v === 5 ? 'type 5' : 'not accepted by registrars'})` },
      { name: 'Sign method', kind: 'u8', show: (v) => `${v} (${v === 0 ? 'HMAC-SHA1' : v === 1 ? 'HMAC-SHA256' : 'unknown'})` },
      { name: 'Sign', kind: 'length-prefixed' },
    ],
  },
  [ALIBABA_REGISTRAR_TYPE]: {
    title: 'Zero-config registrar IE (0xAB): credentials for an enrollee',
    fields: [
      { name: 'Version / device type', kind: 'u8', show: verDevtype },
      { name: 'Sign (echo of the enrollee sign)', kind: 'length-prefixed' },
      { name: 'Frame type', kind: 'u8' },
      { name: 'SSID', kind: 'length-prefixed', show: asText },
      { name: 'Password (AES-128-CFB ciphertext)', kind: 'length-prefixed' },
      { name: 'BSSID', kind: 'fixed', size: 6, show: (b) => formatMac(b, 0) },
    ],
  },
  [ALIBABA_MODE_SWITCH_TYPE]: {
    title: 'Zero-config mode-switch IE (0xAC): tells a dev-AP device to switch mode',
    fields: [
      { name: 'Version / device type', kind: 'u8', show: verDevtype },
      { name: 'Frame type', kind: 'u8' },
      { name: 'Switch to mode', kind: 'u8', show: (v) => `${v}${v === 0 ? ' (zero-config)' : ''}` },
      { name: 'Switch timeout', kind: 'u8' },
      { name: 'AP channel', kind: 'u8' },
      { name: 'Product key', kind: 'length-prefixed', show: (b) => (b.length === 0 ? 'any product' : asText(b)) },
    ],
  },
}

/** Vendor IEs (DD len D8 96 E0 type) of the frame's element list, from the raw bytes. */
function alibabaElements(frame: ClaimFrame, decodedIes: { id: number; offset: number; length: number }[]): { offset: number; type: number; end: number }[] {
  const found: { offset: number; type: number; end: number }[] = []
  const b = frame.bytes
  for (const ie of decodedIes) {
    if (ie.id !== 221 || ie.length < 4) continue
    const at = ie.offset
    if (((b[at + 2] << 16) | (b[at + 3] << 8) | b[at + 4]) !== ALIBABA_OUI_NUMBER) continue
    if (TYPES.has(b[at + 5])) found.push({ offset: at, type: b[at + 5], end: at + 2 + ie.length })
  }
  return found
}

export const zeroConfigIeClaim: ProvisioningClaim = {
  id: 'zero-config',
  method: 'zero-config',
  label: 'Zero-config vendor IE (D8:96:E0)',
  create: () => ({
    claims(frame) {
      const s = frame.wifi
      if (!s || s.vendorCount === 0) return false
      for (let i = 0; i < s.vendorCount; i++) {
        if (s.vendorOuis[i] === ALIBABA_OUI_NUMBER && TYPES.has(s.vendorTypes[i])) return true
      }
      return false
    },
    annotate(frame, decoded) {
      if (decoded.kind !== 'ieee80211' || !decoded.ies) return []
      return alibabaElements(frame, decoded.ies).map(({ offset, type, end }): AnnotationNode => {
        const layout = LAYOUTS[type]
        return {
          label: layout.title,
          value: `OUI D8:96:E0, type 0x${type.toString(16).toUpperCase()}`,
          offset,
          length: end - offset,
          children: layoutNodes(frame.bytes, offset + 6, end, layout.fields),
        }
      })
    },
  }),
}

