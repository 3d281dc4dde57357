import type Database from 'better-sqlite3'
import type { MethodId, StatsFilter } from '../../preload/contract'
import { whereOf } from './filter-sql'

/**
 * Time-to-confirmed of successful sessions, ascending, per method. Sorted by SQLite through the
 * (outcome, method, duration) index, so quantiles and histograms are one linear pass in JS.
 */
export function confirmedDurations(db: Database.Database, filter: StatsFilter): Map<MethodId, Float64Array> {
  const where = whereOf(filter, 's', [`s.outcome = 'succeeded'`, 's.ended_at IS NOT NULL'])
  const rows = db
    .prepare(`SELECT s.method, s.ended_at - s.started_at FROM sessions s ${where.sql} ORDER BY s.method, s.ended_at - s.started_at`)
    .raw(true)
    .all(...where.args) as [MethodId, number][]
  const out = new Map<MethodId, Float64Array>()
  let start = 0
  for (let i = 1; i <= rows.length; i++) {
    if (i < rows.length && rows[i][0] === rows[start][0]) continue
    const values = new Float64Array(i - start)
    for (let k = start; k < i; k++) values[k - start] = rows[k][1]
    out.set(rows[start][0], values)
    start = i
  }
  return out
}
