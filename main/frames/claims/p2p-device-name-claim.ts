import { WPS_ATTR_DEVICE_NAME, decodeP2pDeviceName, findWpsDeviceName } from '../../codec/awss/index.js'
import { TYPE_SUBTYPE, toHex } from '../../codec/ieee80211/index.js'
import type { AnnotationNode, ClaimFrame, ProvisioningClaim } from './claim-types'

// PROTOCOLS-awss.md §4: smart-config's p2p encoding rides in the WPS Device Name attribute of a probe request. A
// phone's ordinary WPS probe is not claimed: only a Device Name that passes the device's own checks (encode type,
// lengths, checksum_v3) is.
const WPS_OUI_NUMBER = 0x0050f2
const WPS_TYPE = 4

/** Start offsets of the WPS vendor IEs in the frame's element list (probe request: elements follow the 24-byte header). */
function wpsElements(frame: ClaimFrame): number[] {
  const s = frame.wifi
  if (!s || frame.mpduOffset < 0) return []
  const b = frame.bytes
  const end = frame.mpduOffset + s.frameLength
  const found: number[] = []
  let at = frame.mpduOffset + 24
  while (at + 2 <= end) {
    const length = b[at + 1]
    if (at + 2 + length > end) break
    if (b[at] === 221 && length >= 4 && ((b[at + 2] << 16) | (b[at + 3] << 8) | b[at + 4]) === WPS_OUI_NUMBER && b[at + 5] === WPS_TYPE) found.push(at)
    at += 2 + length
  }
  return found
}

function isP2pDeviceName(frame: ClaimFrame, at: number): boolean {
  const name = findWpsDeviceName(frame.bytes.subarray(at, at + 2 + frame.bytes[at + 1]))
  return name.ok && decodeP2pDeviceName(name.value).ok
}

export const p2pDeviceNameClaim: ProvisioningClaim = {
  id: 'smart-config-p2p',
  method: 'smart-config',
  encoding: 'p2p',
  label: 'Smart-config p2p (WPS Device Name)',
  create: () => ({
    claims(frame) {
      const s = frame.wifi
      if (!s || s.typeSubtype !== TYPE_SUBTYPE.probeRequest) return false
      let hasWps = false
      for (let i = 0; i < s.vendorCount; i++) if (s.vendorOuis[i] === WPS_OUI_NUMBER && s.vendorTypes[i] === WPS_TYPE) hasWps = true
      if (!hasWps) return false
      return wpsElements(frame).some((at) => isP2pDeviceName(frame, at))
    },
    annotate(_frame, decoded) {
      if (decoded.kind !== 'ieee80211') return []
      const nodes: AnnotationNode[] = []
      for (const ie of decoded.ies ?? []) {
        if (ie.decoded.kind !== 'wps') continue
        const attribute = ie.decoded.attributes.find((a) => a.id === WPS_ATTR_DEVICE_NAME)
        if (!attribute) continue
        const p2p = decodeP2pDeviceName(attribute.value)
        if (!p2p.ok) continue
        const value = attribute.value
        const valueAt = attribute.offset + 4
        const decodedName = p2p.value
        const ssidLength = value[0] & 0x1f
        nodes.push({
          label: 'Smart-config p2p: SSID and encrypted password in the WPS Device Name (§4)',
          value: `SSID ${JSON.stringify(decodedName.ssid.display)}${decodedName.ssidMayBeTruncated ? ' (may be truncated; the device completes it from its AP list)' : ''}`,
          offset: valueAt,
          length: value.length,
          children: [
            { label: 'Encode type / SSID length', value: `type ${decodedName.encodeType}, ${ssidLength} SSID bytes`, offset: valueAt, length: 1 },
            { label: 'SSID (through the device table)', value: JSON.stringify(decodedName.ssid.display), offset: valueAt + 1, length: ssidLength },
            {
              label: 'Password (7-bit symbols of the AES-128-CFB ciphertext)',
              value: `${toHex(decodedName.ciphertext)}${decodedName.restoredZeroSymbols ? `, ${decodedName.restoredZeroSymbols} C0 80 pairs restored` : ''}`,
              offset: valueAt + 1 + ssidLength,
              length: value.length - ssidLength - 3,
            },
            { label: 'Checksum v3', value: `0x${decodedName.checksum.received.toString(16).padStart(4, '0')} (matches)`, offset: valueAt + value.length - 2, length: 2 },
          ],
        })
      }
      return nodes
    },
  }),
}
