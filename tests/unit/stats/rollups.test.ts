import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import type Database from 'better-sqlite3'
import { HOUR, PERIODS, rebuildRollups, ROLLUPS_VERSION, WEEK } from '../../../main/sessions/rollups'
import { SessionStore } from '../../../main/sessions/store'
import { quantilesOf, statsFacets, timingReport } from '../../../main/stats'
import { planOf } from '../../../main/stats/rollup-source'
import { expectQuantilesNear } from './near'
import { insertSessions, syntheticSessions } from './synthetic-sessions'

// The rollups the Timing view reads (main/sessions/rollups.ts) must equal what a rebuild from the sessions gives after
// any write, through the store's own code paths, and a database from before the rollups must come out right.

const TABLES = ['rollup_outcomes', 'rollup_durations', 'rollup_steps']

function snapshot(db: Database.Database): unknown[][] {
  return TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`).all())
}

/** The rollups as the triggers left them against a rebuild from the sessions (restored afterwards). */
function expectRollupsExact(db: Database.Database): void {
  const kept = snapshot(db)
  const rebuilt = db.transaction(() => {
    rebuildRollups(db)
    return snapshot(db)
  })
  expect(kept).toEqual(rebuilt())
  expect(kept[0].length).toBeGreaterThan(0)
}

const dirs: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'provbench-rollups-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('query plans over rollup periods', () => {
  it('cover [from, to) exactly once with aligned whole periods and raw edges shorter than an hour', () => {
    const time = fc.integer({ min: 0, max: 8 * WEEK })
    fc.assert(
      fc.property(time, time, (x, y) => {
        const [from, to] = x <= y ? [x, y] : [y, x]
        const plan = planOf(from, to)
        const parts = [...plan.rolled.map((s) => [s.from, s.to] as const), ...plan.raw].sort((a, b) => a[0] - b[0])
        let at = from
        for (const [a, b] of parts) {
          expect(a).toBe(at)
          expect(b).toBeGreaterThan(a)
          at = b
        }
        expect(at).toBe(from === to ? from : to)
        for (const s of plan.rolled) {
          expect(PERIODS).toContain(s.period)
          expect(s.from % s.period).toBe(0)
          expect(s.to % s.period).toBe(0)
        }
        for (const [a, b] of plan.raw) expect(b - a).toBeLessThan(HOUR)
        // Coarsest in the middle: at most two runs per period besides the coarsest.
        expect(plan.rolled.length).toBeLessThanOrEqual(2 * PERIODS.length - 1)
      }),
      { numRuns: 2_000 },
    )
    // One hour long but over two hours; within one hour; aligned start.
    for (const [from, to] of [[HOUR + 1, 2 * HOUR + 1], [HOUR + 5, HOUR + 9], [HOUR, HOUR + 9]]) {
      expect(planOf(from, to).rolled).toEqual([])
      for (const [a, b] of planOf(from, to).raw) expect(Math.floor(a / HOUR)).toBe(Math.floor((b - 1) / HOUR))
    }
  })

  it('read an unbounded filter from the weekly rows alone', () => {
    expect(planOf(undefined, undefined)).toEqual({ rolled: [{ period: WEEK, from: 0, to: expect.any(Number) }], raw: [] })
  })
})

describe('rollups kept by triggers', () => {
  it('follow sessions ended, re-ended, changed and deleted through the store', () => {
    const store = SessionStore.open(tempDir())
    try {
      const t0 = Date.UTC(2026, 9, 5, 10, 59, 58)
      const run = (i: number, outcome: 'succeeded' | 'failed' | 'cancelled' | 'running', model?: string) => {
        const session = store.createSession({ method: i % 2 ? 'ble-config' : 'smart-config', deviceModel: model, target: { ssid: 'LabNet' }, profile: 'lab', startedAt: t0 + i * 700 })
        for (const [seq, name] of ['scan', 'connect', 'scan', 'confirmed'].entries()) {
          const step = store.startStep(session.id, name, 1, t0 + i * 700 + seq * 100)
          store.endStep(session.id, step.seq, 'succeeded', t0 + i * 700 + seq * 100 + 90 + i)
        }
        if (outcome !== 'running') {
          const cause = outcome === 'failed' ? { id: 'wifi.wrong-password', title: 'Wrong Wi-Fi password', evidence: [] } : undefined
          store.endSession(session.id, outcome, t0 + i * 700 + 500 + i * 3, cause as never)
        }
        return session.id
      }
      const ids = [run(0, 'succeeded', 'Plug P2'), run(1, 'succeeded'), run(2, 'failed', 'Plug P2'), run(3, 'cancelled'), run(4, 'succeeded', 'Plug P2'), run(5, 'running')]
      expectRollupsExact(store.db)
      const report = timingReport(store.db, {})
      expect(report.sessions).toBe(6)
      expect(report.success.find((s) => s.method === 'smart-config')).toMatchObject({ total: 3, succeeded: 2, failed: 1, running: 0 })
      expect(report.success.find((s) => s.method === 'ble-config')).toMatchObject({ total: 3, succeeded: 1, cancelled: 1, running: 1 })
      expect(report.steps.find((s) => s.method === 'smart-config')!.steps.map((s) => [s.name, s.sessionsWithStep])).toEqual([
        ['connect', 2], // mean position 1, as scan's (0 and 2): ties go by name
        ['scan', 2],
        ['confirmed', 2],
      ])
      expect(statsFacets(store.db).deviceModels).toEqual(['Plug P2'])

      // The running one ends: it moves from running to succeeded, its steps join the breakdown.
      store.endSession(ids[5], 'succeeded', t0 + 5 * 700 + 600)
      expect(timingReport(store.db, { methods: ['ble-config'] }).success[0]).toMatchObject({ succeeded: 2, running: 0 })
      expectRollupsExact(store.db)
      // Re-ended with another outcome, a model set afterwards, a step recorded and one rewritten after the end.
      store.endSession(ids[0], 'failed', t0 + 900, { id: 'device.never-announced', title: 'Never announced', evidence: [] } as never)
      store.updateTarget(ids[1], { deviceModel: 'Combo Bulb B3' })
      store.recordStep(ids[4], { name: 'late', attempt: 1, startedAt: t0 + 4 * 700 + 450, endedAt: t0 + 4 * 700 + 470, outcome: 'succeeded' })
      store.endStep(ids[4], 0, 'succeeded', t0 + 4 * 700 + 333)
      store.db.prepare(`UPDATE steps SET name = 'connect' WHERE session_id = ? AND seq = 2`).run(ids[4])
      expectRollupsExact(store.db)
      // Deleted (steps cascade): the session leaves every rollup, min and max of its bucket recomputed.
      store.db.prepare('DELETE FROM sessions WHERE id = ?').run(ids[4])
      store.db.prepare('DELETE FROM steps WHERE session_id = ? AND seq = 1').run(ids[1])
      expectRollupsExact(store.db)
      expect(timingReport(store.db, {}).sessions).toBe(5)
    } finally {
      store.close()
    }
  })

  it('count sessions recovered as interrupted at the next open', () => {
    const dir = tempDir()
    const first = SessionStore.open(dir)
    const session = first.createSession({ method: 'ble-config', target: { ssid: 'LabNet' }, profile: 'hardware', startedAt: Date.UTC(2026, 9, 1) })
    first.startStep(session.id, 'scan', 1, Date.UTC(2026, 9, 1) + 5)
    first.close()
    const second = SessionStore.open(dir)
    try {
      expect(second.recovered).toEqual([session.id])
      expect(timingReport(second.db, {}).success).toEqual([expect.objectContaining({ method: 'ble-config', interrupted: 1, running: 0, rate: 0 })])
      expectRollupsExact(second.db)
    } finally {
      second.close()
    }
  })
})

describe('a database from before the rollups', () => {
  it('gets them built from its sessions at the first open', () => {
    const dir = tempDir()
    const sessions = syntheticSessions({ count: 1_500, seed: 5 })
    const old = SessionStore.open(dir)
    // Back to schema version 1: no rollup tables, no triggers, no marker; then sessions written as that version did.
    for (const { name, type } of old.db.prepare(`SELECT name, type FROM sqlite_master WHERE name LIKE 'rollup%'`).all() as { name: string; type: string }[]) {
      if (type === 'trigger' || type === 'table') old.db.exec(`DROP ${type.toUpperCase()} IF EXISTS ${name}`)
    }
    old.db.exec(`DELETE FROM meta`)
    insertSessions(old.db, sessions)
    old.close()

    const reopened = SessionStore.open(dir)
    try {
      expect(reopened.db.prepare(`SELECT value FROM meta WHERE key = 'rollups'`).pluck().get()).toBe(ROLLUPS_VERSION)
      expectRollupsExact(reopened.db)
      const from = sessions[200].startedAt + 1
      const to = sessions[1_300].startedAt - 1
      const report = timingReport(reopened.db, { from, to, profile: 'lab' })
      const mine = sessions.filter((s) => s.startedAt >= from && s.startedAt < to && s.profile === 'lab')
      expect(report.sessions).toBe(mine.length)
      for (const row of report.success) {
        const of = mine.filter((s) => s.method === row.method)
        expect(row).toMatchObject({ total: of.length, succeeded: of.filter((s) => s.outcome === 'succeeded').length, failed: of.filter((s) => s.outcome === 'failed').length })
        const durations = of.filter((s) => s.outcome === 'succeeded').map((s) => s.endedAt - s.startedAt).sort((a, b) => a - b)
        expectQuantilesNear(report.distribution.methods.find((d) => d.method === row.method)!.quantiles, quantilesOf(durations))
      }
      // New sessions after the upgrade are counted by the triggers on top of the backfill.
      insertSessions(reopened.db, syntheticSessions({ count: 50, seed: 6, idPrefix: 'after' }))
      expect(timingReport(reopened.db, {}).sessions).toBe(1_550)
      expectRollupsExact(reopened.db)
    } finally {
      reopened.close()
    }
  })

  it('holds far fewer weekly rollup rows than sessions', () => {
    const store = SessionStore.inMemory()
    try {
      insertSessions(store.db, syntheticSessions({ count: 5_000, seed: 9 }))
      const weekly = store.db.prepare(`SELECT (SELECT COUNT(*) FROM rollup_outcomes WHERE period = ?) + (SELECT COUNT(*) FROM rollup_steps WHERE period = ?)`).pluck().get(WEEK, WEEK) as number
      expect(weekly).toBeLessThan(5_000 / 4)
    } finally {
      store.close()
    }
  })
})
