import { type Result, fail, ok } from './result'

// Byte helpers that every codec (and the capture export) needs the same way. Codec-specific helpers (C strings for
// AWSS, little-endian writers for BLE, big-endian readers for 802.11) stay in each codec's own bytes.ts.

/** Lowercase hex of every byte value, built once because frame tables format millions of bytes. */
export const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const HEX_BYTE_UPPER: readonly string[] = HEX_BYTE.map((pair) => pair.toUpperCase())

/** Hex without separators, for signatures, randoms, tokens and ciphertexts. */
export function toHex(bytes: Uint8Array, uppercase = false): string {
  const table = uppercase ? HEX_BYTE_UPPER : HEX_BYTE
  let out = ''
  for (const b of bytes) out += table[b]
  return out
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10
  return -1
}

/** Strict hex: even length, digits only. The offset of an error is the character index. */
export function fromHex(text: string): Result<Uint8Array> {
  if (text.length % 2 !== 0) return fail(`hex text has an odd number of digits (${text.length})`, text.length)
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = hexValue(text.charCodeAt(2 * i))
    const lo = hexValue(text.charCodeAt(2 * i + 1))
    if (hi < 0) return fail('hex text contains a non-hex character', 2 * i)
    if (lo < 0) return fail('hex text contains a non-hex character', 2 * i + 1)
    out[i] = (hi << 4) | lo
  }
  return ok(out)
}

/** The parts one after another in a new array; for a list too long to spread as arguments (export batches). */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0
  for (const part of parts) total += part.length
  const out = new Uint8Array(total)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return joinBytes(parts)
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

// Integers at arbitrary offsets without a DataView per call; the caller guarantees the bytes exist.
export const readU16LE = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8)
export const readU32LE = (b: Uint8Array, at: number): number =>
  (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0

const utf8Encoder = new TextEncoder()

export const encodeUtf8 = (text: string): Uint8Array => utf8Encoder.encode(text)
