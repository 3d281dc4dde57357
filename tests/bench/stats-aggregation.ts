// Aggregation time of the Timing view over 10,000 and 100,000 stored sessions, in the same run.
//   npx tsx tests/bench/stats-aggregation.ts [--runs R] [--small N] [--large N] [--default-connection]
// Builds two on-disk stores (same schema and indexes as the app, WAL) with synthetic sessions (3 methods, ~5 steps
// each, failures over causes), then times every query the Timing view makes for one screen: the full timing report
// (distribution + quantiles + histogram, step breakdown, success per method and over time, failures by cause) with
// no filter and with a filter, the A/B comparison, and the facets. Prints the median of R runs per store and the
// growth ratio large/small against the session ratio: linear growth means ratio <= sessions ratio.
// The Timing view reads rollups (main/sessions/rollups.ts), kept by triggers as sessions are written, so the stores'
// rollup row counts are printed too: they, not the sessions, are what a screen reads.
// Times are given as wall clock and as this process's CPU time (user + system; SQLite runs in this thread): on a
// shared, loaded machine the CPU figure is the honest one, and the growth verdict uses it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { SessionStore } from '../../main/sessions/store'
import { compareMethods, statsFacets, timingReport, tuneForAggregation } from '../../main/stats'
import { insertSessions, syntheticSessions } from '../unit/stats/synthetic-sessions'

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name)
  return at >= 0 ? Number(process.argv[at + 1]) : fallback
}

const runs = argument('--runs', 7)
const PERIOD_NAMES: Record<number, string> = { 3_600_000: 'hour', 86_400_000: 'day', 604_800_000: 'week' }
const sizes = [argument('--small', 10_000), argument('--large', 100_000)]

interface Timing {
  name: string
  ms: number
  cpuMs: number
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function measure(store: SessionStore): Timing[] {
  const oneScreen: [string, () => unknown][] = [
    ['timing report (no filter)', () => timingReport(store.db, {})],
    ['timing report (method + profile + 2 weeks)', () => timingReport(store.db, { methods: ['smart-config', 'ble-config'], profile: 'lab', from: Date.UTC(2026, 9, 8), to: Date.UTC(2026, 9, 22) })],
    ['A/B on one device model', () => compareMethods(store.db, { deviceModel: 'Combo Bulb B3', methodA: 'smart-config', methodB: 'ble-config' })],
    ['facets', () => statsFacets(store.db)],
  ]
  oneScreen.forEach(([, run]) => run()) // warm the page cache and statement compilation
  const results = oneScreen.map(([name, run]) => {
    const times: number[] = []
    const cpu: number[] = []
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      run()
      times.push(performance.now() - t0)
      const c = process.cpuUsage(c0)
      cpu.push((c.user + c.system) / 1000)
    }
    return { name, ms: median(times), cpuMs: median(cpu) }
  })
  results.push({ name: 'whole Timing screen', ms: results.reduce((n, r) => n + r.ms, 0), cpuMs: results.reduce((n, r) => n + r.cpuMs, 0) })
  // Not part of the screen: one bare pass over both tables, to show how plain reading grows on this machine.
  const bare = store.db.prepare('SELECT (SELECT SUM(ended_at - started_at) FROM sessions), (SELECT SUM(ended_at - started_at) FROM steps)')
  bare.get()
  const cpu: number[] = []
  const wall: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    bare.get()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  results.push({ name: 'reference: one bare scan of both tables', ms: median(wall), cpuMs: median(cpu) })
  return results
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provbench-stats-bench-'))
try {
  const measured: { sessions: number; steps: number; timings: Timing[]; rollups: Record<string, number> }[] = []
  for (const count of sizes) {
    const dataDir = path.join(dir, String(count))
    const store = SessionStore.open(dataDir)
    // As the station and `provbench stats` open it (main/features/timing.ts, main/cli/commands/stats.ts).
    if (!process.argv.includes('--default-connection')) tuneForAggregation(store.db)
    const sessions = syntheticSessions({ count, seed: 42 })
    const t0 = performance.now()
    insertSessions(store.db, sessions)
    store.db.pragma('optimize')
    const steps = store.db.prepare('SELECT COUNT(*) FROM steps').pluck().get() as number
    console.log(`store of ${count} sessions (${steps} steps) written in ${((performance.now() - t0) / 1000).toFixed(1)} s (rollups included)`)
    const rollups: Record<string, number> = {}
    for (const table of ['rollup_outcomes', 'rollup_durations', 'rollup_steps']) {
      for (const { period, n } of store.db.prepare(`SELECT period, COUNT(*) AS n FROM ${table} GROUP BY period ORDER BY period`).all() as { period: number; n: number }[]) {
        rollups[`${table} per ${PERIOD_NAMES[period] ?? `${period} ms`}`] = n
      }
    }
    measured.push({ sessions: count, steps, timings: measure(store), rollups })
    store.close()
  }
  const [small, large] = measured
  console.log(`\nmedian of ${runs} runs, ms (wall clock | CPU)`)
  const head = (n: number) => `${n} sessions`.padStart(21)
  console.log(`${'query'.padEnd(44)} ${head(small.sessions)} ${head(large.sessions)}   growth (wall | CPU)`)
  const pair = (t: Timing) => `${t.ms.toFixed(1).padStart(9)} | ${t.cpuMs.toFixed(1).padStart(9)}`
  for (let i = 0; i < small.timings.length; i++) {
    const a = small.timings[i]
    const b = large.timings[i]
    console.log(`${a.name.padEnd(44)} ${pair(a)} ${pair(b)}   ${(b.ms / a.ms).toFixed(2)}x | ${(b.cpuMs / a.cpuMs).toFixed(2)}x`)
  }
  console.log(`\nrollup rows (what a screen reads; an unfiltered one reads the weekly rows)`)
  for (const key of Object.keys(large.rollups)) {
    const a = small.rollups[key] ?? 0
    const b = large.rollups[key]
    console.log(`${key.padEnd(44)} ${String(a).padStart(21)} ${String(b).padStart(21)}   ${(b / Math.max(1, a)).toFixed(2)}x`)
  }
  const screen = (m: { timings: Timing[] }) => m.timings.find((t) => t.name === 'whole Timing screen')!
  const reference = (m: { timings: Timing[] }) => m.timings.at(-1)!
  const wall = screen(large).ms / screen(small).ms
  const cpu = screen(large).cpuMs / screen(small).cpuMs
  const sessionsRatio = large.sessions / small.sessions
  const perSession = (m: { sessions: number; timings: Timing[] }) => (screen(m).cpuMs * 1000) / m.sessions
  console.log(`\nsessions grew ${sessionsRatio}x; the whole screen's aggregation grew ${cpu.toFixed(2)}x in CPU time, ${wall.toFixed(2)}x in wall-clock time`)
  console.log(`CPU per stored session: ${perSession(small).toFixed(2)} us at ${small.sessions}, ${perSession(large).toFixed(2)} us at ${large.sessions} (${(perSession(large) / perSession(small)).toFixed(2)}x)`)
  const bareGrowth = reference(large).cpuMs / reference(small).cpuMs
  console.log(`a bare scan of the same tables grew ${bareGrowth.toFixed(2)}x (the machine's own cost of reading 10x the data)`)
  console.log(`verdict (CPU): ${cpu <= sessionsRatio * 1.1 ? 'linear or better' : `grows ${(cpu / sessionsRatio).toFixed(2)}x faster than linear (${(cpu / bareGrowth).toFixed(2)}x relative to a bare scan)`}; load average now ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
