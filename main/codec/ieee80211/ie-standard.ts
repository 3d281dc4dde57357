// Decoders for the standard (non-vendor) elements a provisioning workstation looks at.
// Each takes the element value as b[start..end) and returns the decoded form or a located error.
import { fail, ok, type Result } from '../result.js'
import { s8, u16le, u32le } from './bytes.js'
import { decodeRsnBody } from './ie-rsn.js'
import type { DecodedIe, RateEntry } from './ie-types.js'
import { decodeSsidText } from './ssid-text.js'

export const IE_SSID = 0
export const IE_SUPPORTED_RATES = 1
export const IE_DS_PARAMETER = 3
export const IE_TIM = 5
export const IE_COUNTRY = 7
export const IE_HT_CAPABILITIES = 45
export const IE_RSN = 48
export const IE_EXTENDED_RATES = 50
export const IE_HT_OPERATION = 61
export const IE_MESH_ID = 114
export const IE_VHT_CAPABILITIES = 191
export const IE_VHT_OPERATION = 192
export const IE_VENDOR_SPECIFIC = 221
export const IE_EXTENSION = 255

const BSS_MEMBERSHIP_SELECTORS = new Set([127, 126, 123, 122, 121])

function decodeRates(b: Uint8Array, start: number, end: number, extended: boolean): Result<DecodedIe> {
  const rates: RateEntry[] = []
  for (let i = start; i < end; i++) {
    const basic = (b[i] & 0x80) !== 0
    const value = b[i] & 0x7f
    rates.push(basic && BSS_MEMBERSHIP_SELECTORS.has(value) ? { basic, selector: value } : { basic, kbps: value * 500 })
  }
  return ok({ kind: 'rates', extended, rates })
}

function decodeCountry(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (end - start < 3) return fail('country element is shorter than its 3-byte country string', start)
  const triplets: { firstChannel: number; channelCount: number; maxTxPowerDbm: number }[] = []
  for (let at = start + 3; at + 3 <= end; at += 3) {
    triplets.push({ firstChannel: b[at], channelCount: b[at + 1], maxTxPowerDbm: s8(b, at + 2) })
  }
  return ok({ kind: 'country', code: String.fromCharCode(b[start], b[start + 1]), environment: b[start + 2], triplets })
}

function decodeHtCapabilities(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (end - start < 26) return fail(`HT capabilities element has ${end - start} bytes, needs 26`, start)
  const capabilities = u16le(b, start)
  const rxMcs: number[] = []
  for (let bit = 0; bit < 77; bit++) if (b[start + 3 + (bit >> 3)] & (1 << (bit & 7))) rxMcs.push(bit)
  let spatialStreams = 0
  for (let i = 0; i < 4; i++) if (b[start + 3 + i]) spatialStreams = i + 1
  return ok({
    kind: 'ht-capabilities',
    capabilities,
    ldpc: (capabilities & 0x0001) !== 0,
    width40: (capabilities & 0x0002) !== 0,
    greenfield: (capabilities & 0x0010) !== 0,
    shortGi20: (capabilities & 0x0020) !== 0,
    shortGi40: (capabilities & 0x0040) !== 0,
    ampduParameters: b[start + 2],
    rxMcs,
    spatialStreams,
  })
}

function decodeHtOperation(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (end - start < 22) return fail(`HT operation element has ${end - start} bytes, needs 22`, start)
  const info2 = u16le(b, start + 2)
  return ok({
    kind: 'ht-operation',
    primaryChannel: b[start],
    secondaryChannelOffset: b[start + 1] & 0x03,
    staChannelWidthAny: (b[start + 1] & 0x04) !== 0,
    protection: info2 & 0x03,
    nonGreenfieldPresent: (info2 & 0x04) !== 0,
  })
}

function decodeVhtCapabilities(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (end - start < 12) return fail(`VHT capabilities element has ${end - start} bytes, needs 12`, start)
  const capabilities = u32le(b, start)
  const rxMcsMap = u16le(b, start + 4)
  let spatialStreams = 0
  for (let ss = 0; ss < 8; ss++) if (((rxMcsMap >> (2 * ss)) & 0x03) !== 0x03) spatialStreams = ss + 1
  return ok({
    kind: 'vht-capabilities',
    capabilities,
    maxMpduLength: [3895, 7991, 11454, 3895][capabilities & 0x03],
    supportedChannelWidthSet: (capabilities >> 2) & 0x03,
    shortGi80: (capabilities & 0x20) !== 0,
    shortGi160: (capabilities & 0x40) !== 0,
    suBeamformer: (capabilities & (1 << 11)) !== 0,
    suBeamformee: (capabilities & (1 << 12)) !== 0,
    muBeamformer: (capabilities & (1 << 19)) !== 0,
    muBeamformee: (capabilities & (1 << 20)) !== 0,
    rxMcsMap,
    txMcsMap: u16le(b, start + 8),
    spatialStreams,
  })
}

function decodeVhtOperation(b: Uint8Array, start: number, end: number): Result<DecodedIe> {
  if (end - start < 5) return fail(`VHT operation element has ${end - start} bytes, needs 5`, start)
  return ok({
    kind: 'vht-operation',
    channelWidth: b[start],
    centerSegment0: b[start + 1],
    centerSegment1: b[start + 2],
    basicMcsMap: u16le(b, start + 3),
  })
}

/** Decodes a non-vendor element value; undefined when the id has no decoder here. */
export function decodeStandardIe(id: number, b: Uint8Array, start: number, end: number): Result<DecodedIe> | undefined {
  switch (id) {
    case IE_SSID: {
      const bytes = b.slice(start, end)
      const { text, encoding } = decodeSsidText(bytes)
      return ok({ kind: 'ssid', bytes, text, encoding })
    }
    case IE_SUPPORTED_RATES:
      return decodeRates(b, start, end, false)
    case IE_EXTENDED_RATES:
      return decodeRates(b, start, end, true)
    case IE_DS_PARAMETER:
      return end - start >= 1 ? ok({ kind: 'ds-parameter', channel: b[start] }) : fail('DS parameter element is empty', start)
    case IE_TIM:
      if (end - start < 3) return fail('TIM element is shorter than 3 bytes', start)
      return ok({
        kind: 'tim',
        dtimCount: b[start],
        dtimPeriod: b[start + 1],
        bitmapControl: b[start + 2],
        partialVirtualBitmap: b.slice(start + 3, end),
      })
    case IE_COUNTRY:
      return decodeCountry(b, start, end)
    case IE_RSN: {
      const rsn = decodeRsnBody(b, start, end, false)
      return rsn.ok ? ok({ kind: 'rsn', ...rsn.value }) : rsn
    }
    case IE_HT_CAPABILITIES:
      return decodeHtCapabilities(b, start, end)
    case IE_HT_OPERATION:
      return decodeHtOperation(b, start, end)
    case IE_VHT_CAPABILITIES:
      return decodeVhtCapabilities(b, start, end)
    case IE_VHT_OPERATION:
      return decodeVhtOperation(b, start, end)
    case IE_MESH_ID: {
      const bytes = b.slice(start, end)
      return ok({ kind: 'mesh-id', bytes, text: decodeSsidText(bytes).text })
    }
    default:
      return undefined
  }
}
