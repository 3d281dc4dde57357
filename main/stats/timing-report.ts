import type Database from 'better-sqlite3'
import type { CauseCount, MethodId, MethodSuccess, OutcomeCounts, StatsFilter, StepBreakdown, SuccessOverTime, TimingReport } from '../../preload/contract'
import { causeTitle } from './cause-titles'
import { confirmedDurations } from './durations'
import { whereOf } from './filter-sql'
import { binEdges, histogram, quantilesOf } from './quantiles'

const HOUR = 3_600_000
const DAY = 24 * HOUR
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
  const where = whereOf(filter)
  const rows = db.prepare(`SELECT s.method, s.outcome, COUNT(*) AS n FROM sessions s ${where.sql} GROUP BY s.method, s.outcome`).all(...where.args) as {
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
  // One grouped query per method: each walks that method's successful sessions through the (outcome, method, ...)
  // index and sorts only its own steps, cheaper than one sort over every method's steps.
  const methods = [...succeededByMethod].filter(([, n]) => n > 0).map(([m]) => m).sort()
  return methods.map((method) => {
    const where = whereOf({ ...filter, methods: [method] }, 's', [`s.outcome = 'succeeded'`])
    const steps = db
      .prepare(
        `SELECT st.name, SUM(COALESCE(st.ended_at, st.started_at) - st.started_at) AS total, COUNT(DISTINCT st.session_id) AS sessions,
                AVG(st.seq) AS position
         FROM sessions s JOIN steps st ON st.session_id = s.id ${where.sql}
         GROUP BY st.name ORDER BY position`,
      )
      .all(...where.args) as { name: string; total: number; sessions: number; position: number }[]
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

export function successOverTime(db: Database.Database, filter: StatsFilter): SuccessOverTime {
  const where = whereOf(filter)
  const range = db.prepare(`SELECT MIN(s.started_at) AS first, MAX(s.started_at) AS last FROM sessions s ${where.sql}`).get(...where.args) as {
    first: number | null
    last: number | null
  }
  if (range.first === null || range.last === null) return { bucketMs: DAY, buckets: [] }
  const from = filter.from ?? range.first
  const to = filter.to ?? range.last + 1
  const bucketMs = bucketFor(Math.max(1, to - from))
  const rows = db
    .prepare(
      `SELECT s.method, (s.started_at / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS start,
              SUM(s.outcome = 'succeeded') AS succeeded, SUM(s.outcome IN ('succeeded', 'failed', 'interrupted')) AS decided
       FROM sessions s ${where.sql} GROUP BY s.method, start ORDER BY start, s.method`,
    )
    .all(bucketMs, bucketMs, ...where.args) as { method: MethodId; start: number; succeeded: number; decided: number }[]
  return { bucketMs, buckets: rows.map((r) => ({ ...r, rate: r.decided > 0 ? r.succeeded / r.decided : null })) }
}

export function failuresByCause(db: Database.Database, filter: StatsFilter): CauseCount[] {
  const where = whereOf(filter, 's', [`s.outcome = 'failed'`])
  const rows = db
    .prepare(
      `SELECT s.method, json_extract(s.cause_json, '$.id') AS causeId, MAX(json_extract(s.cause_json, '$.title')) AS storedTitle, COUNT(*) AS count
       FROM sessions s ${where.sql} GROUP BY s.method, causeId ORDER BY s.method, count DESC`,
    )
    .all(...where.args) as { method: MethodId; causeId: string | null; storedTitle: string | null; count: number }[]
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
    const edges = binEdges(methods.map((m) => durations.get(m)!))
    const success = successByMethod(db, filter)
    const succeeded = new Map(success.map((s) => [s.method, s.succeeded]))
    return {
      filter,
      sessions: success.reduce((n, s) => n + s.total, 0),
      distribution: {
        binEdgesMs: edges,
        methods: methods.map((method) => {
          const values = durations.get(method)!
          return { method, count: values.length, quantiles: quantilesOf(values), counts: histogram(values, edges) }
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
