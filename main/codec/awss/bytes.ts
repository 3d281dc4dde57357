import { encodeUtf8, fromHex, toHex } from '../bytes'
import { type Result, fail } from '../result'

export { bytesEqual, concatBytes, fromHex, toHex } from '../bytes'

// Byte helpers of the AWSS codecs (the ones every codec needs live in ../bytes). Public APIs take and return Uint8Array.

// One name kept for the AWSS callers; the encoder itself is the shared one.
export const utf8Bytes = encodeUtf8

/** Strings are taken as UTF-8, which is what phones put on the air for SSIDs and passwords. */
export function asBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8Bytes(value) : value
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
