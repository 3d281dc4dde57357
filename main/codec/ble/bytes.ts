import { fromHex as strictFromHex } from '../bytes'

export { bytesEqual, concatBytes, encodeUtf8, readU16LE, readU32LE, toHex } from '../bytes'

// Byte helpers of the BLE and Breeze codecs (the ones every codec needs live in ../bytes). Bluetooth is
// little-endian on the wire throughout.

export const readU24LE = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)

export function writeU16LE(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff
  b[at + 1] = (v >>> 8) & 0xff
}
export function writeU24LE(b: Uint8Array, at: number, v: number): void {
  writeU16LE(b, at, v)
  b[at + 2] = (v >>> 16) & 0xff
}
export function writeU32LE(b: Uint8Array, at: number, v: number): void {
  writeU16LE(b, at, v)
  writeU16LE(b, at + 2, v >>> 16)
}

/** Hex to bytes; accepts separators (space, colon, dash). Returns undefined on odd length or a non-hex digit. */
export function fromHex(text: string): Uint8Array | undefined {
  const bytes = strictFromHex(text.replace(/[\s:-]/g, ''))
  return bytes.ok ? bytes.value : undefined
}

export const isUint = (v: number, bits: number): boolean =>
  Number.isInteger(v) && v >= 0 && v <= 2 ** bits - 1

const utf8 = new TextDecoder('utf-8', { fatal: false })
const utf8Strict = new TextDecoder('utf-8', { fatal: true })

export const decodeUtf8 = (b: Uint8Array): string => utf8.decode(b)
export function isValidUtf8(b: Uint8Array): boolean {
  try {
    utf8Strict.decode(b)
    return true
  } catch {
    return false
  }
}
