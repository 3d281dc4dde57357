// Little helpers for reading integers at arbitrary offsets without a DataView per call.
export const u16le = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8)
export const u16be = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1]
export const u32le = (b: Uint8Array, o: number): number =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
export const u32be = (b: Uint8Array, o: number): number =>
  ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0
export const s8 = (b: Uint8Array, o: number): number => (b[o] << 24) >> 24
export const u64le = (b: Uint8Array, o: number): bigint =>
  (BigInt(u32le(b, o + 4)) << 32n) | BigInt(u32le(b, o))

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
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
