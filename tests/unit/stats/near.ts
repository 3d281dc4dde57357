import { expect } from 'vitest'
import type { quantilesOf } from '../../../main/stats'
import { QUANTILE_TOLERANCE } from '../../../main/stats/durations'

// Rollup-based aggregates against exact ones computed from the sessions themselves.

/** Rollup quantiles against the exact ones: min, max and mean exact, the rest within the bucket tolerance. */
export function expectQuantilesNear(actual: ReturnType<typeof quantilesOf>, exact: ReturnType<typeof quantilesOf>): void {
  if (exact === null) return expect(actual).toBeNull()
  expect(actual).not.toBeNull()
  expect(actual!.min).toBe(exact.min)
  expect(actual!.max).toBe(exact.max)
  expect(actual!.mean).toBeCloseTo(exact.mean, 6)
  for (const k of ['p10', 'p25', 'p50', 'p75', 'p90'] as const) {
    expect(Math.abs(actual![k] - exact[k]), `${k}: ${actual![k]} vs ${exact[k]}`).toBeLessThanOrEqual(exact[k] * QUANTILE_TOLERANCE)
  }
}

/** Every bin holds the durations inside its edges, give or take those within a bucket's width of an edge. */
export function expectHistogramNear(counts: number[], edges: number[], sorted: number[]): void {
  expect(counts.reduce((a, b) => a + b, 0)).toBe(sorted.length)
  const near = (e: number) => sorted.filter((x) => x > e / (1 + QUANTILE_TOLERANCE) && x < e * (1 + QUANTILE_TOLERANCE)).length
  counts.forEach((count, i) => {
    const last = i === counts.length - 1
    const exact = sorted.filter((x) => x >= edges[i] && (last ? x <= edges[i + 1] : x < edges[i + 1])).length
    expect(Math.abs(count - exact), `bin ${i} [${edges[i]}, ${edges[i + 1]})`).toBeLessThanOrEqual(near(edges[i]) + near(edges[i + 1]))
  })
}
