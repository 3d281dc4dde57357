import { randomBytes } from 'node:crypto'

// The lab draws every random choice (tokens, loss, jitter) from one seeded source so a run can be replayed.
export interface RandomSource {
  /** Uniform in [0, 1). */
  float(): number
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number
  bytes(count: number): Uint8Array
}

/** sfc32: small, fast, and good enough for simulation; not for keys. */
export function seededRandom(seed: number): RandomSource {
  let a = 0x9e3779b9 ^ seed
  let b = 0x243f6a88 ^ (seed * 31)
  let c = 0xb7e15162 ^ (seed * 17)
  let d = 1
  const next = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0
    let t = (a + b) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    d = (d + 1) | 0
    t = (t + d) | 0
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 15; i++) next()
  return {
    float: next,
    int: (max) => Math.floor(next() * max),
    bytes(count) {
      const out = new Uint8Array(count)
      for (let i = 0; i < count; i++) out[i] = Math.floor(next() * 256)
      return out
    },
  }
}

export const cryptoRandom: RandomSource = {
  float: () => randomBytes(4).readUInt32BE(0) / 4294967296,
  int: (max) => Math.floor((randomBytes(4).readUInt32BE(0) / 4294967296) * max),
  bytes: (count) => new Uint8Array(randomBytes(count)),
}
