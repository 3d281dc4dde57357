import type Database from 'better-sqlite3'
import type { MethodId, Profile, StatsFacets } from '../../preload/contract'

const MAX_VALUES = 500

/** The values the Timing view's filters offer, straight from the indexes. */
export function statsFacets(db: Database.Database): StatsFacets {
  const column = <T>(sql: string) => db.prepare(sql).pluck().all(MAX_VALUES) as T[]
  const range = db.prepare('SELECT MIN(started_at) AS first, MAX(started_at) AS last FROM sessions').get() as { first: number | null; last: number | null }
  return {
    methods: column<MethodId>('SELECT DISTINCT method FROM sessions ORDER BY method LIMIT ?'),
    deviceModels: column<string>('SELECT DISTINCT device_model FROM sessions WHERE device_model IS NOT NULL ORDER BY device_model LIMIT ?'),
    ssids: column<string>('SELECT DISTINCT ssid FROM sessions ORDER BY ssid LIMIT ?'),
    profiles: column<Profile>('SELECT DISTINCT profile FROM sessions ORDER BY profile LIMIT ?'),
    firstStartedAt: range.first,
    lastStartedAt: range.last,
  }
}
