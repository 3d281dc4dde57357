import { HEX_BYTE } from '../bytes.js'

// MAC addresses as lowercase colon hex (the form tshark prints), built from a lookup table because
// the frame table formats millions of them and Buffer/toString would allocate per byte.

export const BROADCAST_MAC = 'ff:ff:ff:ff:ff:ff'

/** Formats the 6 bytes at `offset` as "aa:bb:cc:dd:ee:ff". The caller guarantees the bytes exist. */
export function formatMac(bytes: Uint8Array, offset = 0): string {
  return (
    HEX_BYTE[bytes[offset]] +
    ':' +
    HEX_BYTE[bytes[offset + 1]] +
    ':' +
    HEX_BYTE[bytes[offset + 2]] +
    ':' +
    HEX_BYTE[bytes[offset + 3]] +
    ':' +
    HEX_BYTE[bytes[offset + 4]] +
    ':' +
    HEX_BYTE[bytes[offset + 5]]
  )
}

/** The 6 bytes at `offset` as one 48-bit integer (exact in a double); allocation-free for hot paths. */
export function macToNumber(bytes: Uint8Array, offset = 0): number {
  return (
    (bytes[offset] * 256 + bytes[offset + 1]) * 4294967296 +
    ((bytes[offset + 2] << 24) >>> 0) +
    (bytes[offset + 3] << 16) +
    (bytes[offset + 4] << 8) +
    bytes[offset + 5]
  )
}

/** Inverse of macToNumber, as colon hex. */
export function formatMacNumber(value: number): string {
  const high = Math.floor(value / 4294967296)
  const low = value >>> 0
  return (
    HEX_BYTE[(high >>> 8) & 0xff] +
    ':' +
    HEX_BYTE[high & 0xff] +
    ':' +
    HEX_BYTE[low >>> 24] +
    ':' +
    HEX_BYTE[(low >>> 16) & 0xff] +
    ':' +
    HEX_BYTE[(low >>> 8) & 0xff] +
    ':' +
    HEX_BYTE[low & 0xff]
  )
}

/** Parses "aa:bb:cc:dd:ee:ff" (also '-' separated, any case). Undefined when it is not a MAC. */
export function parseMac(text: string): Uint8Array | undefined {
  const match = /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(
    text.trim(),
  )
  if (!match) return undefined
  return Uint8Array.from(match.slice(1, 7).map((pair) => parseInt(pair, 16)))
}

/** OUI as "d8:96:e0" from the 3 bytes at offset. */
export function formatOui(bytes: Uint8Array, offset: number): string {
  return HEX_BYTE[bytes[offset]] + ':' + HEX_BYTE[bytes[offset + 1]] + ':' + HEX_BYTE[bytes[offset + 2]]
}
