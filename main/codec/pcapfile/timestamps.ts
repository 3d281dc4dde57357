// Capture timestamps as (seconds, nanoseconds) numbers without BigInt on the common paths: pcapng keeps
// 64-bit tick counts, which do not fit a double, so they are divided 16 bits at a time.

export interface SplitTime {
  seconds: number
  nanoseconds: number
}

/** Ticks per second for a pcapng if_tsresol byte (bit 7 set: 2^-n, else 10^-n). Undefined if absurd. */
export function unitsPerSecond(tsresol: number): number | undefined {
  const exponent = tsresol & 0x7f
  if (tsresol & 0x80) return exponent <= 63 ? 2 ** exponent : undefined
  return exponent <= 19 ? 10 ** exponent : undefined
}

const FAST_DIVISOR_MAX = 2 ** 36

/** Splits a 64-bit tick count (high/low 32 bits) in `units` ticks per second into out. */
export function splitTicks(high: number, low: number, units: number, out: SplitTime): void {
  if (units >= 1_000_000 && units <= FAST_DIVISOR_MAX && Number.isInteger(units)) {
    // Long division by limbs: every intermediate stays below 2^53.
    let quotient = 0
    let remainder = 0
    const limbs = [high >>> 16, high & 0xffff, low >>> 16, low & 0xffff]
    for (let i = 0; i < 4; i++) {
      const value = remainder * 65536 + limbs[i]
      const digit = Math.floor(value / units)
      remainder = value - digit * units
      quotient = quotient * 65536 + digit
    }
    const scaled = remainder * 1e9
    out.seconds = quotient
    out.nanoseconds = scaled <= Number.MAX_SAFE_INTEGER ? Math.floor(scaled / units) : bigNanos(BigInt(remainder), units)
    return
  }
  const ticks = (BigInt(high) << 32n) | BigInt(low)
  const perSecond = BigInt(units)
  out.seconds = Number(ticks / perSecond)
  out.nanoseconds = bigNanos(ticks % perSecond, units)
}

function bigNanos(remainder: bigint, units: number): number {
  return Number((remainder * 1_000_000_000n) / BigInt(units))
}

export function toNanoseconds(seconds: number, nanoseconds: number): bigint {
  return BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds)
}
