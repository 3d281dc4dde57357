// 128-bit UUIDs travel little-endian (reversed) on the air; we show them in the canonical 8-4-4-4-12 form.
import { fail, ok, type Result } from '../result'

/** 16- or 32-bit UUIDs are numbers; 128-bit UUIDs are canonical lowercase strings. */
export type BleUuid = number | string

export function uuid128FromBytes(onAir: Uint8Array): string {
  const h = Array.from(onAir.subarray(0, 16))
    .reverse()
    .map((x) => x.toString(16).padStart(2, '0'))
    .join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function uuid128ToBytes(text: string): Result<Uint8Array> {
  const clean = text.replace(/-/g, '')
  if (!/^[0-9a-fA-F]{32}$/.test(clean)) return fail('128-bit UUID must be 32 hex digits', 0)
  const out = new Uint8Array(16)
  for (let i = 0; i < 16; i++) out[15 - i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return ok(out)
}

/** The Bluetooth base UUID expansion of a 16- or 32-bit UUID. */
export const expandUuid = (short: number): string =>
  `${(short >>> 0).toString(16).padStart(8, '0')}-0000-1000-8000-00805f9b34fb`
