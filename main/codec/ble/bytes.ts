// Byte helpers shared by the BLE and Breeze codecs. Bluetooth is little-endian on the wire throughout.

export const readU16LE = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8)
export const readU24LE = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)
export const readU32LE = (b: Uint8Array, at: number): number =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0

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

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

/** Hex to bytes; accepts separators (space, colon, dash). Returns undefined on odd length or a non-hex digit. */
export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s:-]/g, '')
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return undefined
  const out = new Uint8Array(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return out
}

export const isUint = (v: number, bits: number): boolean =>
  Number.isInteger(v) && v >= 0 && v <= 2 ** bits - 1

const utf8 = new TextDecoder('utf-8', { fatal: false })
const utf8Strict = new TextDecoder('utf-8', { fatal: true })
const utf8Encoder = new TextEncoder()

export const decodeUtf8 = (b: Uint8Array): string => utf8.decode(b)
export const encodeUtf8 = (s: string): Uint8Array => utf8Encoder.encode(s)
export function isValidUtf8(b: Uint8Array): boolean {
  try {
    utf8Strict.decode(b)
    return true
  } catch {
    return false
  }
}
