import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { binEdges, histogram, quantile, quantilesOf, twoProportionTest } from '../../../main/stats'
import { niceStep } from '../../../main/stats/quantiles'

const sortedArray = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 300 }).map((a) => Float64Array.from(a.sort((x, y) => x - y)))

describe('quantiles', () => {
  it('match numpy/R-7 on a known vector', () => {
    // numpy.percentile([1, 2, 3, 4, 10], [10, 25, 50, 75, 90]) = [1.4, 2, 3, 4, 7.6]
    const v = [1, 2, 3, 4, 10]
    expect([0.1, 0.25, 0.5, 0.75, 0.9].map((q) => quantile(v, q))).toEqual([1.4, 2, 3, 4, expect.closeTo(7.6, 10)])
    expect(quantilesOf(v)).toMatchObject({ min: 1, max: 10, mean: 4 })
    expect(quantilesOf([])).toBeNull()
  })

  it('are ordered and bounded by min and max, and p50 has half the values on each side', () => {
    fc.assert(
      fc.property(sortedArray, (v) => {
        const q = quantilesOf(v)!
        expect(q.min).toBeLessThanOrEqual(q.p10)
        expect(q.p10).toBeLessThanOrEqual(q.p25)
        expect(q.p25).toBeLessThanOrEqual(q.p50)
        expect(q.p50).toBeLessThanOrEqual(q.p75)
        expect(q.p75).toBeLessThanOrEqual(q.p90)
        expect(q.p90).toBeLessThanOrEqual(q.max)
        const below = v.filter((x) => x < q.p50).length
        const above = v.filter((x) => x > q.p50).length
        expect(below).toBeLessThanOrEqual(v.length / 2)
        expect(above).toBeLessThanOrEqual(v.length / 2)
      }),
    )
  })
})

describe('histogram bins', () => {
  it('cover every value exactly once, across several distributions sharing edges', () => {
    fc.assert(
      fc.property(fc.array(sortedArray, { minLength: 1, maxLength: 3 }), (sets) => {
        const edges = binEdges(sets)
        for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1])
        for (const set of sets) {
          expect(edges[0]).toBeLessThanOrEqual(set[0])
          expect(edges[edges.length - 1]).toBeGreaterThanOrEqual(set[set.length - 1])
          expect(histogram(set, edges).reduce((a, b) => a + b, 0)).toBe(set.length)
        }
      }),
    )
  })

  it('put a value on an edge in the bin that starts there, and the maximum in the last bin', () => {
    expect(histogram([0, 5, 10, 10], [0, 5, 10])).toEqual([1, 3])
    expect(histogram([4.99, 5], [0, 5, 10])).toEqual([1, 1])
  })

  it('use round widths and keep a long tail out of the regular bins', () => {
    expect(niceStep(1000, 20)).toBe(50)
    expect(niceStep(12_345, 20)).toBe(1000)
    const values = Float64Array.from([...Array.from({ length: 999 }, (_, i) => 1000 + i), 1_000_000])
    const edges = binEdges([values])
    // Regular bins end near p99; one wider bin carries the outlier.
    expect(edges[edges.length - 2]).toBeLessThan(3000)
    expect(edges[edges.length - 1]).toBe(1_000_000)
  })
})

describe('two-proportion test', () => {
  it('agrees with a hand computation and is symmetric', () => {
    // 45/100 vs 60/100: pooled 0.525, se = sqrt(.525*.475*.02) = 0.070622..., z = 0.15/0.070622 = 2.1240
    const t = twoProportionTest(45, 100, 60, 100)!
    expect(t.z).toBeCloseTo(2.124, 3)
    expect(t.pValue).toBeCloseTo(0.0337, 3)
    expect(twoProportionTest(60, 100, 45, 100)!.z).toBeCloseTo(-2.124, 3)
    expect(twoProportionTest(0, 0, 1, 2)).toBeNull()
    expect(twoProportionTest(5, 5, 7, 7)).toEqual({ z: 0, pValue: 1 })
  })
})
