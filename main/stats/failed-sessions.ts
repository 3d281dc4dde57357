import type { FailureQuery, SessionSummary } from '../../preload/contract'
import type { SessionStore } from '../sessions/store'
import { whereOf } from './filter-sql'

const DEFAULT_LIMIT = 100

/** The failed sessions behind one bar of "failures by cause", newest first. */
export function failedSessions(store: SessionStore, query: FailureQuery): SessionSummary[] {
  const extra = [`s.outcome = 'failed'`]
  const args: (string | number)[] = []
  if (query.method) {
    extra.push('s.method = ?')
    args.push(query.method)
  }
  if (query.causeId) {
    extra.push(query.causeId === 'unknown' ? `json_extract(s.cause_json, '$.id') IS NULL` : `json_extract(s.cause_json, '$.id') = ?`)
    if (query.causeId !== 'unknown') args.push(query.causeId)
  }
  const where = whereOf(query.filter ?? {}, 's', extra)
  const ids = store.db
    .prepare(`SELECT s.id FROM sessions s ${where.sql} ORDER BY s.started_at DESC LIMIT ?`)
    .pluck()
    .all(...args, ...where.args, query.limit ?? DEFAULT_LIMIT) as string[]
  return ids.map((id) => store.summary(id)).filter((s): s is SessionSummary => s !== undefined)
}
