import type Database from 'better-sqlite3'
import type { AbInput, AbReport, AbSide, MethodId, StatsFilter } from '../../preload/contract'
import { confirmedDurations, digestBinEdges, digestHistogram, digestQuantiles, type DurationDigest } from './durations'
import { twoProportionTest } from './quantiles'
import { failuresByCause, successByMethod, emptyCounts, withRate } from './timing-report'

const TOP_CAUSES = 5

/** Two methods side by side on one device model: same filter, same bins. */
export function compareMethods(db: Database.Database, input: AbInput): AbReport {
  const filter: StatsFilter = { ...input.filter, deviceModel: input.deviceModel, methods: [input.methodA, input.methodB] }
  return db
    .transaction(() => {
      const durations = confirmedDurations(db, filter)
      const empty: DurationDigest = { count: 0, sum: 0, min: 0, max: 0, buckets: [] }
      const a = durations.get(input.methodA) ?? empty
      const b = durations.get(input.methodB) ?? empty
      const edges = digestBinEdges([a, b])
      const success = successByMethod(db, filter)
      const failures = failuresByCause(db, filter)
      const side = (method: MethodId, digest: DurationDigest): AbSide => {
        const counts = success.find((s) => s.method === method) ?? { method, ...withRate(emptyCounts()) }
        return {
          ...counts,
          method,
          quantiles: digestQuantiles(digest),
          counts: digestHistogram(digest, edges),
          topCauses: failures
            .filter((f) => f.method === method)
            .slice(0, TOP_CAUSES)
            .map(({ causeId, title, count }) => ({ causeId, title, count })),
        }
      }
      const sideA = side(input.methodA, a)
      const sideB = side(input.methodB, b)
      const decided = (s: AbSide) => s.succeeded + s.failed + s.interrupted
      return {
        deviceModel: input.deviceModel,
        binEdgesMs: edges,
        a: sideA,
        b: sideB,
        p50DeltaMs: sideA.quantiles && sideB.quantiles ? sideB.quantiles.p50 - sideA.quantiles.p50 : null,
        rateTest: twoProportionTest(sideA.succeeded, decided(sideA), sideB.succeeded, decided(sideB)),
      }
    })
    .deferred()
}
