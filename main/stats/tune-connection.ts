import type Database from 'better-sqlite3'

/**
 * Connection settings for aggregating over many sessions: a page cache that holds the sessions table and its indexes
 * (SQLite's default of 2 MB stops doing so somewhere past 20,000 sessions, and every aggregation then re-reads its
 * pages from the OS), the file mapped into memory rather than copied page by page, and sorts kept in memory.
 * The cache grows only as pages are read; nothing is allocated up front.
 */
export function tuneForAggregation(db: Database.Database): void {
  db.pragma('cache_size = -131072') // KiB: up to 128 MiB
  db.pragma('mmap_size = 536870912') // 512 MiB of address space, not of memory
  db.pragma('temp_store = MEMORY')
}
