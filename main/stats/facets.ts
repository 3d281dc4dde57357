import type Database from 'better-sqlite3'
import type { MethodId, Profile, StatsFacets } from '../../preload/contract'
import { WEEK } from '../sessions/rollups'
import { RUNNING_INDEX } from './rollup-source'

const MAX_VALUES = 500

/**
 * The values the Timing view's filters offer: from the weekly rollup rows (every ended session, a few rows per week and
 * facet; see main/sessions/rollups.ts) and the running sessions; the first and last start from the index.
 */
export function statsFacets(db: Database.Database): StatsFacets {
  const column = <T>(name: string) =>
    db
      .prepare(
        `SELECT ${name} FROM (SELECT ${name} FROM rollup_outcomes WHERE period = ? UNION SELECT ${name} FROM sessions INDEXED BY ${RUNNING_INDEX} WHERE outcome = 'running')
         WHERE ${name} IS NOT NULL ORDER BY ${name} LIMIT ?`,
      )
      .pluck()
      .all(WEEK, MAX_VALUES) as T[]
  // Two subqueries: SQLite reads a lone MIN or MAX off the index's end, but scans it for both in one SELECT.
  const range = db.prepare('SELECT (SELECT MIN(started_at) FROM sessions) AS first, (SELECT MAX(started_at) FROM sessions) AS last').get() as { first: number | null; last: number | null }
  return {
    methods: column<MethodId>('method'),
    deviceModels: column<string>('device_model'),
    ssids: column<string>('ssid'),
    profiles: column<Profile>('profile'),
    firstStartedAt: range.first,
    lastStartedAt: range.last,
  }
}
