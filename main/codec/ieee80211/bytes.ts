// Little helpers for reading integers at arbitrary offsets without a DataView per call. The little-endian readers
// are the ones every codec shares (../bytes); the short names are the ones the 802.11 decoders are written with.
import { readU32LE } from '../bytes.js'

export { readU16LE as u16le, readU32LE as u32le } from '../bytes.js'
export const u16be = (b: Uint8Array, o: number): number => (b[o] << 8) | b[o + 1]
export const u32be = (b: Uint8Array, o: number): number =>
  ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0
export const s8 = (b: Uint8Array, o: number): number => (b[o] << 24) >> 24
export const u64le = (b: Uint8Array, o: number): bigint =>
  (BigInt(readU32LE(b, o + 4)) << 32n) | BigInt(readU32LE(b, o))
