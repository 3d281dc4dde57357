import type { StatsFilter } from '../../preload/contract'
import { bucketSql, HOUR, PERIODS } from '../sessions/rollups'
import { whereOf, type SqlWhere } from './filter-sql'

// The Timing view reads pre-aggregated rollups (main/sessions/rollups.ts) instead of every session: a screen then
// costs rows per (period x facets), which stop growing once the periods fill up, where a scan grows with the sessions
// (and faster than them, once they outgrow the CPU caches). A filter's [from, to) is covered by whole periods, the
// coarsest that fit, and the partial hours at its edges come from the sessions themselves: counts stay exact.

/** A part of [from, to) read from one rollup period. */
export interface RolledSegment {
  period: number
  from: number
  to: number
}

export interface Plan {
  rolled: RolledSegment[]
  /** Partial hours at the edges, read from the sessions. */
  raw: [number, number][]
}

// Unbounded ends: aligned to every period, so they add no raw edge.
const END = Math.floor(Number.MAX_SAFE_INTEGER / PERIODS[PERIODS.length - 1]) * PERIODS[PERIODS.length - 1]

const floorTo = (t: number, p: number) => Math.floor(t / p) * p
const ceilTo = (t: number, p: number) => Math.ceil(t / p) * p

/** Covers [from, to) with whole periods (coarsest first from the middle out) and raw edges. `periods` finest first, each dividing the next. */
export function planOf(from: number | undefined, to: number | undefined, periods: readonly number[] = PERIODS): Plan {
  const lo = Math.max(0, from ?? 0)
  const hi = Math.min(END, to ?? END)
  const plan: Plan = { rolled: [], raw: [] }
  if (!(lo < hi)) return plan
  const a = ceilTo(lo, periods[0])
  const b = floorTo(hi, periods[0])
  if (a >= b) {
    // No whole hour inside: one or two partial hours.
    const cut = Math.min(a, hi)
    if (lo < cut) plan.raw.push([lo, cut])
    if (cut < hi) plan.raw.push([cut, hi])
    return plan
  }
  if (lo < a) plan.raw.push([lo, a])
  if (b < hi) plan.raw.push([b, hi])
  const cover = (x: number, y: number, i: number) => {
    const next = periods[i + 1]
    const X = next === undefined ? y : ceilTo(x, next)
    const Y = next === undefined ? x : floorTo(y, next)
    if (next === undefined || X >= Y) {
      plan.rolled.push({ period: periods[i], from: x, to: y })
      return
    }
    if (x < X) plan.rolled.push({ period: periods[i], from: x, to: X })
    if (Y < y) plan.rolled.push({ period: periods[i], from: Y, to: y })
    cover(X, Y, i + 1)
  }
  cover(a, b, 0)
  return plan
}

/** The filter's facets (method, model, Wi-Fi target, profile) without its time range. */
export function facetsOf(filter: StatsFilter): StatsFilter {
  const { from: _from, to: _to, ...facets } = filter
  return facets
}

export interface SourceParts {
  /** SELECT over one rollup segment: `r` is the rollup table; the WHERE clause is appended. */
  rolled: (table: string) => string
  table: string
  /** SELECT over the sessions `s` (and whatever it joins) of one raw edge, grouped like the rollup; `{where}` is replaced. */
  raw: string
  /** Extra conditions on the sessions of a raw edge (besides the facets and the time range). */
  rawWhere: string[]
  /** Running sessions, if this source counts them: their SELECT with `{where}`, over the whole filter. */
  running?: string
}

/** A UNION ALL of the rollup segments, raw edges (and running sessions) covering the filter; only bound parameters. */
export function sourceOf(filter: StatsFilter, parts: SourceParts, periods: readonly number[] = PERIODS): SqlWhere {
  const plan = planOf(filter.from, filter.to, periods)
  const facets = facetsOf(filter)
  const selects: string[] = []
  const args: (string | number)[] = []
  for (const segment of plan.rolled) {
    const where = whereOf(facets, 'r', ['r.period = ?', 'r.start >= ?', 'r.start < ?'])
    selects.push(`${parts.rolled(parts.table)} ${where.sql}`)
    args.push(segment.period, segment.from, segment.to, ...where.args)
  }
  for (const [from, to] of plan.raw) {
    const where = whereOf({ ...facets, from, to }, 's', [`s.outcome <> 'running'`, ...parts.rawWhere])
    selects.push(parts.raw.replace('{where}', where.sql))
    args.push(...where.args)
  }
  if (parts.running) {
    const where = whereOf(filter, 's', [`s.outcome = 'running'`])
    selects.push(parts.running.replace('{where}', where.sql))
    args.push(...where.args)
  }
  return { sql: selects.join('\nUNION ALL\n'), args }
}

// A raw edge is less than an hour: read it by start time whatever else the filter names (an index on the model or
// the Wi-Fi target would look selective to the planner and walk a quarter of the table). Running sessions: their
// partial index.
export const RAW_INDEX = 'sessions_started'
export const RUNNING_INDEX = 'sessions_running'

const causeId = `json_extract(s.cause_json, '$.id')`
const causeTitle = `json_extract(s.cause_json, '$.title')`
const hourOf = `s.started_at / ${HOUR} * ${HOUR}`

/** Rows (start, method, outcome, cause_id, cause_title, n): every session the filter takes, running ones included. */
export function outcomeSource(filter: StatsFilter, periods: readonly number[] = PERIODS): SqlWhere {
  const raw = (index: string) => `SELECT ${hourOf} AS start, s.method, s.outcome, ${causeId} AS cause_id, ${causeTitle} AS cause_title, COUNT(*) AS n
    FROM sessions s INDEXED BY ${index} {where} GROUP BY 1, 2, 3, 4, 5`
  return sourceOf(
    filter,
    {
      table: 'rollup_outcomes',
      rolled: (t) => `SELECT r.start, r.method, r.outcome, r.cause_id, r.cause_title, r.n FROM ${t} r`,
      raw: raw(RAW_INDEX),
      rawWhere: [],
      running: raw(RUNNING_INDEX),
    },
    periods,
  )
}

const duration = '(s.ended_at - s.started_at)'

/** Rows (method, bucket, n, sum_ms, min_ms, max_ms): time-to-confirmed of the successful sessions, per log bucket. */
export function durationSource(filter: StatsFilter): SqlWhere {
  return sourceOf(filter, {
    table: 'rollup_durations',
    rolled: (t) => `SELECT r.method, r.bucket, r.n, r.sum_ms, r.min_ms, r.max_ms FROM ${t} r`,
    raw: `SELECT s.method, ${bucketSql(duration)} AS bucket, COUNT(*) AS n, SUM(${duration}) AS sum_ms, MIN(${duration}) AS min_ms, MAX(${duration}) AS max_ms
      FROM sessions s INDEXED BY ${RAW_INDEX} {where} GROUP BY 1, 2`,
    rawWhere: [`s.outcome = 'succeeded'`, 's.ended_at IS NOT NULL'],
  })
}

/** Rows (method, step_name, total_ms, sessions_with_step, seq_sum, rows): the steps of the successful sessions. */
export function stepSource(filter: StatsFilter): SqlWhere {
  return sourceOf(filter, {
    table: 'rollup_steps',
    rolled: (t) => `SELECT r.method, r.step_name, r.total_ms, r.sessions_with_step, r.seq_sum, r.rows FROM ${t} r`,
    raw: `SELECT s.method, st.name AS step_name, SUM(COALESCE(st.ended_at, st.started_at) - st.started_at) AS total_ms,
        COUNT(DISTINCT st.session_id) AS sessions_with_step, SUM(st.seq) AS seq_sum, COUNT(*) AS rows
      FROM sessions s INDEXED BY ${RAW_INDEX} JOIN steps st ON st.session_id = s.id {where} GROUP BY 1, 2`,
    rawWhere: [`s.outcome = 'succeeded'`],
  })
}
