import type Database from 'better-sqlite3'
import type { MethodId, StatsFilter } from '../../preload/contract'
import { whereOf } from './filter-sql'

/**
 * Time-to-confirmed of successful sessions, ascending, per method. One query per method, sorted by SQLite through
 * the covering (outcome, method, duration, ...) index and plucked as bare numbers (rows of pairs cost more to build
 * in JS than the whole index walk), so quantiles and histograms are one linear pass.
 */
export function confirmedDurations(db: Database.Database, filter: StatsFilter): Map<MethodId, Float64Array> {
  const scope = whereOf(filter, 's', [`s.outcome = 'succeeded'`, 's.ended_at IS NOT NULL'])
  const methods = db.prepare(`SELECT DISTINCT s.method FROM sessions s ${scope.sql}`).pluck().all(...scope.args) as MethodId[]
  const out = new Map<MethodId, Float64Array>()
  for (const method of methods.sort()) {
    const where = whereOf({ ...filter, methods: [method] }, 's', [`s.outcome = 'succeeded'`, 's.ended_at IS NOT NULL'])
    const values = db.prepare(`SELECT s.ended_at - s.started_at FROM sessions s ${where.sql} ORDER BY s.ended_at - s.started_at`).pluck().all(...where.args) as number[]
    out.set(method, Float64Array.from(values))
  }
  return out
}
