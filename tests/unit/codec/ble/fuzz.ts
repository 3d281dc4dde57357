// Shared fuzz driver for codec parsers: random bytes, truncations and single-byte mutations of valid inputs.
// A parser passes when it always returns a Result (never throws) and every failure names a reason and an
// offset inside the input.
import fc from 'fast-check'
import { expect } from 'vitest'
import type { Result } from '../../../../main/codec/result'

export function checkResult(r: Result<unknown>, input: Uint8Array): void {
  expect(typeof r.ok).toBe('boolean')
  if (!r.ok) {
    expect(r.error.reason.length).toBeGreaterThan(0)
    expect(r.error.offset).toBeGreaterThanOrEqual(0)
    expect(r.error.offset).toBeLessThanOrEqual(input.length)
  }
}

export function fuzzParser(
  parse: (b: Uint8Array) => Result<unknown>,
  valid: Uint8Array[],
  opts: { maxLength?: number; runs?: number } = {},
): void {
  const runs = opts.runs ?? 400
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: opts.maxLength ?? 300 }), (b) => checkResult(parse(b), b)),
    { numRuns: runs },
  )
  if (valid.length === 0) return
  const sample = fc.constantFrom(...valid)
  fc.assert(
    fc.property(sample, fc.nat(), (v, cut) => {
      const t = v.subarray(0, cut % (v.length + 1))
      checkResult(parse(t), t)
    }),
    { numRuns: runs },
  )
  fc.assert(
    fc.property(sample, fc.nat(), fc.integer({ min: 0, max: 255 }), (v, at, byte) => {
      const m = Uint8Array.from(v)
      if (m.length > 0) m[at % m.length] = byte
      checkResult(parse(m), m)
    }),
    { numRuns: runs },
  )
}
