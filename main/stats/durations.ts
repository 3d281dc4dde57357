import type Database from 'better-sqlite3'
import type { MethodId, Quantiles, StatsFilter } from '../../preload/contract'
import { BUCKET_BASE } from '../sessions/rollups'
import { binEdgesOf } from './quantiles'
import { durationSource } from './rollup-source'

/**
 * Time-to-confirmed of one method's successful sessions, as the rollups keep it: exact count, sum, min and max, and
 * counts per logarithmic bucket (1% wide) with the exact min and max of the durations inside each bucket.
 */
export interface DurationDigest {
  count: number
  sum: number
  min: number
  max: number
  /** Ascending and disjoint: `n` durations, all within [lo, hi]. */
  buckets: { lo: number; hi: number; n: number }[]
}

/** How far a quantile of a digest may be from the exact one, relative to it (a bucket's width). */
export const QUANTILE_TOLERANCE = BUCKET_BASE - 1

/** Time-to-confirmed of successful sessions per method, from the rollups (plus the raw edges of a date range). */
export function confirmedDurations(db: Database.Database, filter: StatsFilter): Map<MethodId, DurationDigest> {
  const source = durationSource(filter)
  const rows = db
    .prepare(
      `SELECT method, bucket, SUM(n) AS n, SUM(sum_ms) AS sum, MIN(min_ms) AS lo, MAX(max_ms) AS hi
       FROM (${source.sql}) GROUP BY method, bucket ORDER BY method, bucket`,
    )
    .all(...source.args) as { method: MethodId; bucket: number; n: number; sum: number; lo: number; hi: number }[]
  const out = new Map<MethodId, DurationDigest>()
  for (const row of rows) {
    let digest = out.get(row.method)
    if (!digest) {
      digest = { count: 0, sum: 0, min: row.lo, max: row.hi, buckets: [] }
      out.set(row.method, digest)
    }
    digest.count += row.n
    digest.sum += row.sum
    digest.min = Math.min(digest.min, row.lo)
    digest.max = Math.max(digest.max, row.hi)
    digest.buckets.push({ lo: row.lo, hi: row.hi, n: row.n })
  }
  return out
}

/**
 * The value of rank k (0-based, ascending), taking a bucket's durations as evenly spread over [lo, hi]: exact when a
 * bucket holds one or two distinct values, and never further from the true value than the bucket's width.
 */
function valueAtRank(digest: DurationDigest, k: number): number {
  let below = 0
  for (const b of digest.buckets) {
    if (k < below + b.n) return b.n === 1 ? b.lo : b.lo + ((b.hi - b.lo) * (k - below)) / (b.n - 1)
    below += b.n
  }
  return digest.max
}

/** Linear-interpolated quantile (R-7, as quantile() in ./quantiles) of a digest. */
export function digestQuantile(digest: DurationDigest, q: number): number {
  if (digest.count === 0) return NaN
  const position = (digest.count - 1) * q
  const below = Math.floor(position)
  const lower = valueAtRank(digest, below)
  const upper = valueAtRank(digest, Math.min(digest.count - 1, below + 1))
  return lower + (upper - lower) * (position - below)
}

export function digestQuantiles(digest: DurationDigest | undefined): Quantiles | null {
  if (!digest || digest.count === 0) return null
  return {
    min: digest.min,
    p10: digestQuantile(digest, 0.1),
    p25: digestQuantile(digest, 0.25),
    p50: digestQuantile(digest, 0.5),
    p75: digestQuantile(digest, 0.75),
    p90: digestQuantile(digest, 0.9),
    max: digest.max,
    mean: digest.sum / digest.count,
  }
}

/** Shared histogram edges for several digests (see binEdges). */
export function digestBinEdges(digests: DurationDigest[], bins = 20): number[] {
  return binEdgesOf(
    digests.filter((d) => d.count > 0).map((d) => ({ min: d.min, max: d.max, p99: digestQuantile(d, 0.99) })),
    bins,
  )
}

/**
 * counts[i] = durations in [edges[i], edges[i+1]) (the last bin also takes its upper edge), a bucket's durations
 * spread evenly over its [lo, hi] as for quantiles: only a bucket straddling an edge can put a duration one bin off.
 */
export function digestHistogram(digest: DurationDigest | undefined, edges: readonly number[]): number[] {
  const bins = Math.max(0, edges.length - 1)
  const counts = new Array<number>(bins).fill(0)
  if (bins === 0 || !digest) return counts
  const last = edges[bins]
  for (const b of digest.buckets) {
    // How many of the bucket's spread values lie below x (or at or below x).
    const valueAt = (j: number) => (b.n === 1 ? b.lo : b.lo + ((b.hi - b.lo) * j) / (b.n - 1))
    const below = (x: number, inclusive: boolean) => {
      if (b.n === 1 || b.hi === b.lo) return (inclusive ? b.lo <= x : b.lo < x) ? b.n : 0
      let j = Math.max(0, Math.min(b.n, Math.ceil(((x - b.lo) * (b.n - 1)) / (b.hi - b.lo))))
      // Correct the float estimate against the values themselves.
      while (j > 0 && (inclusive ? valueAt(j - 1) > x : valueAt(j - 1) >= x)) j--
      while (j < b.n && (inclusive ? valueAt(j) <= x : valueAt(j) < x)) j++
      return j
    }
    for (let i = 0; i < bins; i++) {
      if (edges[i + 1] < b.lo && i < bins - 1) continue
      if (edges[i] > b.hi) break
      const upper = i === bins - 1 ? below(last, true) : below(edges[i + 1], false)
      counts[i] += upper - below(edges[i], false)
    }
  }
  return counts
}
