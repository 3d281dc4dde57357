import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodId, StatsFilter } from '../../../preload/contract'
import { SessionStore } from '../../../main/sessions/store'
import { compareMethods, failedSessions, quantilesOf, statsFacets, timingReport } from '../../../main/stats'
import { bucketFor } from '../../../main/stats/timing-report'
import { expectHistogramNear, expectQuantilesNear } from './near'
import { insertSessions, syntheticSessions, type SyntheticSession } from './synthetic-sessions'

// The SQL aggregates against a plain computation over the generated sessions themselves (not over the database).
// The aggregates come from rollups (main/sessions/rollups.ts): counts, sums, minima and maxima must be exact;
// quantiles within a duration bucket's width (1%) of the exact ones; histogram bins off only by durations whose
// bucket straddles a bin edge.

let store: SessionStore
const all = syntheticSessions({ count: 3_000, seed: 7 })
beforeAll(() => {
  store = SessionStore.inMemory()
  insertSessions(store.db, all)
})
afterAll(() => store.close())

function matching(filter: StatsFilter): SyntheticSession[] {
  return all.filter(
    (s) =>
      (filter.from === undefined || s.startedAt >= filter.from) &&
      (filter.to === undefined || s.startedAt < filter.to) &&
      (!filter.methods?.length || filter.methods.includes(s.method)) &&
      (filter.deviceModel === undefined || s.model === filter.deviceModel) &&
      (filter.ssid === undefined || s.ssid === filter.ssid) &&
      (filter.profile === undefined || s.profile === filter.profile),
  )
}

const sortedDurations = (sessions: SyntheticSession[], method: MethodId) =>
  sessions
    .filter((s) => s.method === method && s.outcome === 'succeeded')
    .map((s) => s.endedAt - s.startedAt)
    .sort((a, b) => a - b)

const middle = all[Math.floor(all.length / 2)].startedAt
const filters: [string, StatsFilter][] = [
  ['no filter', {}],
  ['date range', { from: all[300].startedAt, to: middle }],
  ['one method', { methods: ['ble-config'] }],
  ['device model', { deviceModel: 'Combo Bulb B3' }],
  ['Wi-Fi target', { ssid: 'Office-2.4G' }],
  ['hardware only', { profile: 'hardware' }],
  ['everything at once', { from: all[100].startedAt, methods: ['smart-config', 'ble-config'], ssid: 'LabNet', profile: 'lab' }],
  // Partial hours at both ends, whole hours, days and weeks between: rollups and raw edges together.
  ['weeks with ragged edges', { from: Date.UTC(2026, 9, 2, 5, 17, 23, 9), to: Date.UTC(2026, 9, 27, 13, 2, 1, 1) }],
  ['inside one hour', { from: Date.UTC(2026, 9, 9, 7, 10), to: Date.UTC(2026, 9, 9, 7, 50) }],
  ['whole days, one model', { from: Date.UTC(2026, 9, 4), to: Date.UTC(2026, 9, 6), deviceModel: 'Plug P2' }],
]

describe.each(filters)('timing report, %s', (_name, filter) => {
  const expected = matching(filter)
  const report = () => timingReport(store.db, filter)

  it('counts sessions and outcomes per method', () => {
    const r = report()
    expect(r.sessions).toBe(expected.length)
    for (const row of r.success) {
      const mine = expected.filter((s) => s.method === row.method)
      const count = (o: string) => mine.filter((s) => s.outcome === o).length
      expect(row).toMatchObject({ total: mine.length, succeeded: count('succeeded'), failed: count('failed'), cancelled: count('cancelled') })
      expect(row.rate).toBeCloseTo(count('succeeded') / (count('succeeded') + count('failed')), 10)
    }
    expect(new Set(r.success.map((s) => s.method))).toEqual(new Set(expected.map((s) => s.method)))
  })

  it('gives the time-to-confirmed quantiles and a histogram holding every success', () => {
    const r = report()
    for (const d of r.distribution.methods) {
      const durations = sortedDurations(expected, d.method)
      expect(d.count).toBe(durations.length)
      expectQuantilesNear(d.quantiles, quantilesOf(durations))
      expectHistogramNear(d.counts, r.distribution.binEdgesMs, durations)
    }
  })

  it('breaks successful sessions down into mean step times that add up to the mean time-to-confirmed', () => {
    const r = report()
    for (const breakdown of r.steps) {
      const successes = expected.filter((s) => s.method === breakdown.method && s.outcome === 'succeeded')
      expect(breakdown.sessions).toBe(successes.length)
      const meanTotal = successes.reduce((n, s) => n + (s.endedAt - s.startedAt), 0) / successes.length
      expect(breakdown.steps.reduce((n, s) => n + s.meanMs, 0)).toBeCloseTo(meanTotal, 6)
      expect(breakdown.steps.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1, 10)
      // Steps come in the order they run.
      const order = successes[0].steps.map((s) => s.name).filter((n, i, a) => a.indexOf(n) === i)
      expect(breakdown.steps.map((s) => s.name)).toEqual(order)
    }
  })

  it('counts failures by cause per method', () => {
    const r = report()
    const failed = expected.filter((s) => s.outcome === 'failed')
    expect(r.failures.reduce((n, f) => n + f.count, 0)).toBe(failed.length)
    for (const f of r.failures) expect(f.count).toBe(failed.filter((s) => s.method === f.method && s.causeId === f.causeId).length)
  })

  it('buckets success over time without losing a decided session', () => {
    const r = report()
    const decided = expected.filter((s) => s.outcome !== 'cancelled').length
    expect(r.overTime.buckets.reduce((n, b) => n + b.decided, 0)).toBe(decided)
    if (expected.length === 0) return
    const starts = expected.map((s) => s.startedAt)
    const span = (filter.to ?? Math.max(...starts) + 1) - (filter.from ?? Math.min(...starts))
    expect(r.overTime.bucketMs).toBe(bucketFor(span))
    for (const b of r.overTime.buckets) {
      expect(b.start % r.overTime.bucketMs).toBe(0)
      const inBucket = expected.filter((s) => s.method === b.method && s.startedAt >= b.start && s.startedAt < b.start + r.overTime.bucketMs)
      expect(b.succeeded).toBe(inBucket.filter((s) => s.outcome === 'succeeded').length)
      expect(b.decided).toBe(inBucket.filter((s) => s.outcome !== 'cancelled').length)
    }
  })
})

describe('A/B, facets and the sessions behind a cause', () => {
  it('compares two methods on one device model with shared bins', () => {
    const ab = compareMethods(store.db, { deviceModel: 'Combo Bulb B3', methodA: 'smart-config', methodB: 'ble-config' })
    const model = all.filter((s) => s.model === 'Combo Bulb B3')
    const a = sortedDurations(model, 'smart-config')
    const b = sortedDurations(model, 'ble-config')
    expectQuantilesNear(ab.a.quantiles, quantilesOf(a))
    expectQuantilesNear(ab.b.quantiles, quantilesOf(b))
    expect(ab.p50DeltaMs).toBe(ab.b.quantiles!.p50 - ab.a.quantiles!.p50)
    expectHistogramNear(ab.a.counts, ab.binEdgesMs, a)
    expectHistogramNear(ab.b.counts, ab.binEdgesMs, b)
    expect(ab.b.counts.length).toBe(ab.binEdgesMs.length - 1)
    // BLE (about 6 s) is faster than smart-config (about 11 s) on this model, and more reliable.
    expect(ab.p50DeltaMs!).toBeLessThan(0)
    expect(ab.b.rate!).toBeGreaterThan(ab.a.rate!)
    expect(ab.rateTest!.pValue).toBeLessThan(0.05)
    expect(ab.a.topCauses[0].count).toBeGreaterThanOrEqual(ab.a.topCauses[ab.a.topCauses.length - 1].count)
  })

  it('offers every method, model, SSID and profile present as filter values', () => {
    const facets = statsFacets(store.db)
    expect(new Set(facets.methods)).toEqual(new Set(all.map((s) => s.method)))
    expect(new Set(facets.deviceModels)).toEqual(new Set(all.map((s) => s.model)))
    expect(new Set(facets.ssids)).toEqual(new Set(all.map((s) => s.ssid)))
    expect(facets.firstStartedAt).toBe(Math.min(...all.map((s) => s.startedAt)))
  })

  it('lists the failed sessions of one cause and method, newest first', () => {
    const list = failedSessions(store, { method: 'webcam-config', causeId: 'device.qr-not-scanned', limit: 500 })
    const expected = all.filter((s) => s.method === 'webcam-config' && s.causeId === 'device.qr-not-scanned')
    expect(list.length).toBe(Math.min(500, expected.length))
    expect(list.every((s) => s.cause?.id === 'device.qr-not-scanned' && s.method === 'webcam-config')).toBe(true)
    expect(list.map((s) => s.startedAt)).toEqual([...list.map((s) => s.startedAt)].sort((a, b) => b - a))
  })

  it('answers an empty store with empty aggregates', () => {
    const empty = SessionStore.inMemory()
    try {
      const r = timingReport(empty.db, {})
      expect(r).toMatchObject({ sessions: 0, distribution: { binEdgesMs: [], methods: [] }, steps: [], success: [], failures: [] })
      expect(compareMethods(empty.db, { deviceModel: 'x', methodA: 'ble-config', methodB: 'smart-config' })).toMatchObject({ p50DeltaMs: null, rateTest: null })
    } finally {
      empty.close()
    }
  })
})
