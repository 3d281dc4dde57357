import { type Result, fail, ok } from '../result'

// Small byte helpers shared by the AWSS codecs. Public APIs take and return Uint8Array.

const utf8Encoder = new TextEncoder()

export function utf8Bytes(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

/** Strings are taken as UTF-8, which is what phones put on the air for SSIDs and passwords. */
export function asBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8Bytes(value) : value
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
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

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const HEX_LOWER = '0123456789abcdef'
const HEX_UPPER = '0123456789ABCDEF'

export function toHex(bytes: Uint8Array, uppercase = false): string {
  const digits = uppercase ? HEX_UPPER : HEX_LOWER
  let out = ''
  for (const b of bytes) out += digits[b >> 4] + digits[b & 0x0f]
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

export function isHex(text: string, length?: number): boolean {
  if (length !== undefined && text.length !== length) return false
  return text.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(text)
}

export function formatMac(bytes: Uint8Array, uppercase = false): string {
  const parts: string[] = []
  for (const b of bytes) parts.push(toHex(Uint8Array.of(b), uppercase))
  return parts.join(':')
}

/** Accepts "aa:bb:cc:dd:ee:ff", "aa-bb-cc-dd-ee-ff" or "aabbccddeeff". */
export function parseMac(text: string): Result<Uint8Array> {
  const trimmed = text.trim()
  const digits = /^[0-9a-fA-F]{12}$/.test(trimmed)
    ? trimmed
    : /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(trimmed)
      ? trimmed.replace(/[:-]/g, '')
      : undefined
  if (digits === undefined) return fail('MAC address must be six hex bytes such as 11:22:33:44:55:66', 0)
  return fromHex(digits)
}

/** The device copies C strings: everything from the first NUL on is lost. */
export function cString(bytes: Uint8Array): Uint8Array {
  const nul = bytes.indexOf(0)
  return nul < 0 ? bytes : bytes.subarray(0, nul)
}
