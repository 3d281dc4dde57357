// PROTOCOLS-awss.md §1.4: encode_chinese()/decode_chinese(). Bytes become an LSB-first bit stream that is cut
// into N-bit symbols (N = 6 for bcast, 7 for p2p); the last symbol is zero-padded.

export type SymbolBits = 6 | 7

/** ceil(8·len / N) symbols. */
export function packBits(bytes: Uint8Array, bits: SymbolBits): Uint8Array {
  const out = new Uint8Array(packedLength(bytes.length, bits))
  for (let bit = 0; bit < bytes.length * 8; bit++) {
    if ((bytes[bit >> 3] >> (bit & 7)) & 1) out[Math.floor(bit / bits)] |= 1 << bit % bits
  }
  return out
}

/** floor(count·N / 8) bytes; symbol bits above N are ignored, as the device ignores them. */
export function unpackBits(symbols: Uint8Array, bits: SymbolBits): Uint8Array {
  const out = new Uint8Array(Math.floor((symbols.length * bits) / 8))
  for (let bit = 0; bit < out.length * 8; bit++) {
    if ((symbols[Math.floor(bit / bits)] >> bit % bits) & 1) out[bit >> 3] |= 1 << (bit & 7)
  }
  return out
}

export function packedLength(byteCount: number, bits: SymbolBits): number {
  return Math.ceil((byteCount * 8) / bits)
}

/** How many bytes a run of N-bit symbols decodes to. */
export function unpackedLength(symbolCount: number, bits: SymbolBits): number {
  return Math.floor((symbolCount * bits) / 8)
}
