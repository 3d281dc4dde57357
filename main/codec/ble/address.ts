// A Bluetooth device address travels least-significant byte first; people read it most-significant first.
import { fail, ok, type Result } from '../result'

export type AddressType = 'public' | 'random'

/** On-air (LSB first) 6 bytes -> "aa:bb:cc:dd:ee:ff" (MSB first). */
export function formatAddress(onAir: Uint8Array): string {
  return Array.from(onAir.subarray(0, 6))
    .reverse()
    .map((x) => x.toString(16).padStart(2, '0'))
    .join(':')
}

/** "aa:bb:cc:dd:ee:ff" (MSB first) -> on-air (LSB first) 6 bytes. */
export function addressToBytes(text: string): Result<Uint8Array> {
  const m = /^([0-9a-fA-F]{2})([:-]?)([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})\2([0-9a-fA-F]{2})$/.exec(
    text.trim(),
  )
  if (!m) return fail('address must be six hex octets like aa:bb:cc:dd:ee:ff', 0)
  const msbFirst = [m[1], m[3], m[4], m[5], m[6], m[7]].map((h) => parseInt(h, 16))
  return ok(Uint8Array.from(msbFirst.reverse()))
}
