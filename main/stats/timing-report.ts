import type Database from 'better-sqlite3'
import type { CauseCount, MethodId, MethodSuccess, OutcomeCounts, StatsFilter, StepBreakdown, SuccessOverTime, TimingReport } from '../../preload/contract'
import { causeTitle } from './cause-titles'
import { DAY, HOUR, PERIODS } from '../sessions/rollups'
import { confirmedDurations, digestBinEdges, digestHistogram, digestQuantiles } from './durations'
import { whereOf } from './filter-sql'
import { facetsOf, outcomeSource, planOf, RAW_INDEX, RUNNING_INDEX, stepSource } from './rollup-source'

// Every aggregate here reads the rollups (main/sessions/rollups.ts, main/stats/rollup-source.ts), not the sessions:
// issue 6 wants a screen to cost no more than linearly more with 10x the stored sessions, and no scan of them does.
const BUCKETS = [HOUR, 6 * HOUR, DAY, 7 * DAY, 30 * DAY]
const MAX_BUCKETS = 120

export function emptyCounts(): OutcomeCounts {
  return { total: 0, succeeded: 0, failed: 0, cancelled: 0, interrupted: 0, running: 0, rate: null }
}

export function withRate(counts: OutcomeCounts): OutcomeCounts {
  const decided = counts.succeeded + counts.failed + counts.interrupted
  return { ...counts, rate: decided > 0 ? counts.succeeded / decided : null }
}

function addOutcome(counts: OutcomeCounts, outcome: string, n: number): void {
  counts.total += n
  if (outcome in counts && outcome !== 'total' && outcome !== 'rate') (counts as unknown as Record<string, number>)[outcome] += n
}

export function successByMethod(db: Database.Database, filter: StatsFilter): MethodSuccess[] {
  const source = outcomeSource(filter)
  const rows = db.prepare(`SELECT method, outcome, SUM(n) AS n FROM (${source.sql}) GROUP BY method, outcome`).all(...source.args) as {
    method: MethodId
    outcome: string
    n: number
  }[]
  const byMethod = new Map<MethodId, OutcomeCounts>()
  for (const row of rows) {
    const counts = byMethod.get(row.method) ?? emptyCounts()
    addOutcome(counts, row.outcome, row.n)
    byMethod.set(row.method, counts)
  }
  return [...byMethod].sort(([a], [b]) => a.localeCompare(b)).map(([method, counts]) => ({ method, ...withRate(counts) }))
}

export function stepBreakdown(db: Database.Database, filter: StatsFilter, succeededByMethod: Map<MethodId, number>): StepBreakdown[] {
  const source = stepSource(filter)
  const rows = db
    .prepare(
      `SELECT method, step_name AS name, SUM(total_ms) AS total, SUM(sessions_with_step) AS sessions, CAST(SUM(seq_sum) AS REAL) / SUM(rows) AS position
       FROM (${source.sql}) GROUP BY method, step_name ORDER BY method, position, name`,
    )
    .all(...source.args) as { method: MethodId; name: string; total: number; sessions: number; position: number }[]
  const methods = [...succeededByMethod].filter(([, n]) => n > 0).map(([m]) => m).sort()
  return methods.map((method) => {
    const steps = rows.filter((r) => r.method === method)
    const sessions = succeededByMethod.get(method)!
    const sum = steps.reduce((n, s) => n + s.total, 0) / sessions
    return {
      method,
      sessions,
      steps: steps.map((s) => ({ name: s.name, meanMs: s.total / sessions, share: sum > 0 ? s.total / sessions / sum : 0, sessionsWithStep: s.sessions })),
    }
  })
}

export function bucketFor(spanMs: number): number {
  return BUCKETS.find((b) => spanMs / b <= MAX_BUCKETS) ?? BUCKETS[BUCKETS.length - 1]
}

/**
 * The first or last start time of the sessions a filter takes, exactly: from the coarsest rollup rows down to the
 * hour that holds it, then that hour's sessions (and the raw edges and running sessions alongside).
 */
export function startedExtreme(db: Database.Database, filter: StatsFilter, which: 'first' | 'last'): number | null {
  const [agg, order] = which === 'first' ? ['MIN', 'ASC'] : ['MAX', 'DESC']
  const facets = facetsOf(filter)
  const plan = planOf(filter.from, filter.to)
  const candidates: (number | null)[] = []
  const raw = (from: number, to: number) => {
    const where = whereOf({ ...facets, from, to }, 's', [`s.outcome <> 'running'`])
    return db.prepare(`SELECT ${agg}(s.started_at) FROM sessions s INDEXED BY ${RAW_INDEX} ${where.sql}`).pluck().get(...where.args) as number | null
  }
  const rolled = (period: number, from: number, to: number) => {
    const where = whereOf(facets, 'r', ['r.period = ?', 'r.start >= ?', 'r.start < ?'])
    return db
      .prepare(`SELECT r.start FROM rollup_outcomes r ${where.sql} ORDER BY r.start ${order} LIMIT 1`)
      .pluck()
      .get(period, from, to, ...where.args) as number | undefined
  }
  for (const [from, to] of plan.raw) candidates.push(raw(from, to))
  const running = whereOf(filter, 's', [`s.outcome = 'running'`])
  candidates.push(db.prepare(`SELECT ${agg}(s.started_at) FROM sessions s INDEXED BY ${RUNNING_INDEX} ${running.sql}`).pluck().get(...running.args) as number | null)
  for (const segment of plan.rolled) {
    let period = segment.period
    let start = rolled(period, segment.from, segment.to)
    if (start === undefined) continue
    for (const finer of PERIODS.filter((p) => p < segment.period).reverse()) {
      start = rolled(finer, start, start + period)!
      period = finer
    }
    candidates.push(raw(start, start + period))
  }
  const found = candidates.filter((c): c is number => c !== null && c !== undefined)
  if (found.length === 0) return null
  return which === 'first' ? Math.min(...found) : Math.max(...found)
}

export function successOverTime(db: Database.Database, filter: StatsFilter): SuccessOverTime {
  const first = startedExtreme(db, filter, 'first')
  const last = startedExtreme(db, filter, 'last')
  if (first === null || last === null) return { bucketMs: DAY, buckets: [] }
  const from = filter.from ?? first
  const to = filter.to ?? last + 1
  const bucketMs = bucketFor(Math.max(1, to - from))
  // Only rollup periods that fall whole into one bucket (a day fits a week's bucket, not a 6-hour one).
  const source = outcomeSource(
    filter,
    PERIODS.filter((p) => bucketMs % p === 0),
  )
  const rows = db
    .prepare(
      `SELECT method, (start / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket_start,
              SUM(n * (outcome = 'succeeded')) AS succeeded, SUM(n * (outcome IN ('succeeded', 'failed', 'interrupted'))) AS decided
       FROM (${source.sql}) GROUP BY method, bucket_start ORDER BY bucket_start, method`,
    )
    .all(bucketMs, bucketMs, ...source.args) as { method: MethodId; bucket_start: number; succeeded: number; decided: number }[]
  return {
    bucketMs,
    buckets: rows.map(({ bucket_start, ...r }) => ({ start: bucket_start, ...r, rate: r.decided > 0 ? r.succeeded / r.decided : null })),
  }
}

export function failuresByCause(db: Database.Database, filter: StatsFilter): CauseCount[] {
  const source = outcomeSource(filter)
  const rows = db
    .prepare(
      `SELECT method, cause_id AS causeId, MAX(cause_title) AS storedTitle, SUM(n) AS count
       FROM (${source.sql}) WHERE outcome = 'failed' GROUP BY method, cause_id ORDER BY method, count DESC, cause_id`,
    )
    .all(...source.args) as { method: MethodId; causeId: string | null; storedTitle: string | null; count: number }[]
  return rows.map((r) => ({
    method: r.method,
    causeId: r.causeId ?? 'unknown',
    title: causeTitle(r.causeId, r.storedTitle),
    count: r.count,
  }))
}

/** Everything the Timing view charts, for one filter. */
export function timingReport(db: Database.Database, filter: StatsFilter): TimingReport {
  const read = db.transaction(() => {
    const durations = confirmedDurations(db, filter)
    const methods = [...durations.keys()].sort()
    const edges = digestBinEdges(methods.map((m) => durations.get(m)!))
    const success = successByMethod(db, filter)
    const succeeded = new Map(success.map((s) => [s.method, s.succeeded]))
    return {
      filter,
      sessions: success.reduce((n, s) => n + s.total, 0),
      distribution: {
        binEdgesMs: edges,
        methods: methods.map((method) => {
          const digest = durations.get(method)!
          return { method, count: digest.count, quantiles: digestQuantiles(digest), counts: digestHistogram(digest, edges) }
        }),
      },
      steps: stepBreakdown(db, filter, succeeded),
      success,
      overTime: successOverTime(db, filter),
      failures: failuresByCause(db, filter),
    }
  })
  // One read transaction: every aggregate sees the same snapshot even while sessions are being written.
  return read.deferred()
}
