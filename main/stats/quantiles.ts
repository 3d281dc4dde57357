import type { Quantiles } from '../../preload/contract'

/** Linear-interpolated quantile of ascending values (the R-7 / Excel definition numpy also uses by default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const position = (n - 1) * q
  const below = Math.floor(position)
  const above = Math.min(n - 1, below + 1)
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below)
}

export function quantilesOf(sorted: ArrayLike<number>): Quantiles | null {
  const n = sorted.length
  if (n === 0) return null
  let sum = 0
  for (let i = 0; i < n; i++) sum += sorted[i]
  return {
    min: sorted[0],
    p10: quantile(sorted, 0.1),
    p25: quantile(sorted, 0.25),
    p50: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p90: quantile(sorted, 0.9),
    max: sorted[n - 1],
    mean: sum / n,
  }
}

const NICE = [1, 2, 2.5, 5, 10]

/** A round bin width (1, 2, 2.5 or 5 times a power of ten) giving about `bins` bins over `span`. */
export function niceStep(span: number, bins: number): number {
  if (!(span > 0)) return 1
  const raw = span / bins
  const power = 10 ** Math.floor(Math.log10(raw))
  return power * NICE.find((m) => m * power >= raw)!
}

/**
 * Shared bin edges for several distributions: round steps from below the smallest value to the largest p99, plus one
 * last, wider bin up to the maximum when a long tail would otherwise squash every other bin.
 */
export function binEdges(sortedSets: ArrayLike<number>[], bins = 20): number[] {
  const nonEmpty = sortedSets.filter((s) => s.length > 0)
  return binEdgesOf(
    nonEmpty.map((s) => ({ min: s[0], max: s[s.length - 1], p99: quantile(s, 0.99) })),
    bins,
  )
}

/** binEdges from each distribution's minimum, maximum and 99th percentile. */
export function binEdgesOf(sets: { min: number; max: number; p99: number }[], bins = 20): number[] {
  if (sets.length === 0) return []
  const min = Math.min(...sets.map((s) => s.min))
  const max = Math.max(...sets.map((s) => s.max))
  const p99 = Math.max(...sets.map((s) => s.p99))
  const step = niceStep(Math.max(p99 - min, 1), bins)
  const start = Math.floor(min / step) * step
  const edges = [start]
  while (edges[edges.length - 1] <= p99 && edges.length <= bins * 3) edges.push(edges[edges.length - 1] + step)
  if (edges[edges.length - 1] < max) edges.push(max)
  return edges
}

/** counts[i] = values in [edges[i], edges[i+1]); the last bin also takes values equal to its upper edge. */
export function histogram(sorted: ArrayLike<number>, edges: readonly number[]): number[] {
  const bins = Math.max(0, edges.length - 1)
  const counts = new Array<number>(bins).fill(0)
  if (bins === 0) return counts
  let bin = 0
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]
    if (v < edges[0] || v > edges[bins]) continue
    while (bin < bins - 1 && v >= edges[bin + 1]) bin++
    counts[bin]++
  }
  return counts
}

/** Two-proportion z-test (pooled); p is two-sided. */
export function twoProportionTest(successA: number, totalA: number, successB: number, totalB: number): { z: number; pValue: number } | null {
  if (totalA === 0 || totalB === 0) return null
  const pooled = (successA + successB) / (totalA + totalB)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / totalA + 1 / totalB))
  if (se === 0) return { z: 0, pValue: 1 }
  const z = (successB / totalB - successA / totalA) / se
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) }
}

// Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): plenty for a p-value shown with two digits.
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (x / Math.SQRT2))
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  return 0.5 * (1 + (1 - poly * Math.exp(-(x * x) / 2)))
}
