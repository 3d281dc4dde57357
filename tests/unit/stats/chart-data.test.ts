import { describe, expect, it } from 'vitest'
import type { TimingReport } from '../../../preload/contract'
import { binPosition, causeTable, dateInputToMs, edgeAt, histogramRows, overTimeRows, stepRows } from '../../../renderer/src/pages/timing/chart-data'

// The Timing page only reshapes main's aggregates for recharts; these check the reshaping keeps every number.

describe('chart rows', () => {
  it('histogram rows keep each bin and count, placed by bin index', () => {
    const rows = histogramRows([0, 100, 200, 5000], [{ key: 'a', counts: [1, 2, 3] }, { key: 'b', counts: [4, 5, 6] }])
    expect(rows).toEqual([
      { from: 0, to: 100, mid: 0.5, a: 1, b: 4 },
      { from: 100, to: 200, mid: 1.5, a: 2, b: 5 },
      { from: 200, to: 5000, mid: 2.5, a: 3, b: 6 },
    ])
  })

  it('quantile lines land inside their bin, also in the wide last bin', () => {
    const edges = [0, 100, 200, 5000]
    expect(binPosition(edges, 150)).toBe(1.5)
    expect(binPosition(edges, 2600)).toBeCloseTo(2.5, 10)
    expect(binPosition(edges, -5)).toBe(0)
    expect(binPosition(edges, 9999)).toBe(3)
    expect(edgeAt(edges, 3)).toBe(5000)
  })

  it('stacked step rows give each method its own steps, in order of first appearance', () => {
    const { rows, stepNames } = stepRows([
      { method: 'webcam-config', sessions: 2, steps: [{ name: 'a', meanMs: 10.4, share: 0.5, sessionsWithStep: 2 }, { name: 'b', meanMs: 10, share: 0.5, sessionsWithStep: 2 }] },
      { method: 'ble-config', sessions: 1, steps: [{ name: 'b', meanMs: 3, share: 0.3, sessionsWithStep: 1 }, { name: 'c', meanMs: 7, share: 0.7, sessionsWithStep: 1 }] },
    ])
    expect(stepNames).toEqual(['a', 'b', 'c'])
    expect(rows).toEqual([{ method: 'webcam-config', a: 10, b: 10 }, { method: 'ble-config', b: 3, c: 7 }])
  })

  it('success over time: one row per bucket, percent per method, gaps where nothing was decided', () => {
    const { rows, methods } = overTimeRows({
      bucketMs: 86_400_000,
      buckets: [
        { start: 86_400_000, method: 'ble-config', succeeded: 1, decided: 2, rate: 0.5 },
        { start: 0, method: 'ble-config', succeeded: 3, decided: 3, rate: 1 },
        { start: 0, method: 'smart-config', succeeded: 0, decided: 0, rate: null },
      ],
    })
    expect(methods).toEqual(['ble-config', 'smart-config'])
    expect(rows).toEqual([{ start: 0, 'ble-config': 100 }, { start: 86_400_000, 'ble-config': 50 }])
  })

  it('failures by cause: totals across methods, biggest first, and per-method counts', () => {
    const table = causeTable({
      failures: [
        { method: 'webcam-config', causeId: 'x', title: 'X', count: 2 },
        { method: 'ble-config', causeId: 'x', title: 'X', count: 5 },
        { method: 'ble-config', causeId: 'y', title: 'Y', count: 6 },
      ],
    } as TimingReport)
    expect(table.causes).toEqual([
      { causeId: 'x', title: 'X', total: 7 },
      { causeId: 'y', title: 'Y', total: 6 },
    ])
    expect(table.count('webcam-config', 'y')).toBe(0)
    expect(table.count('ble-config', 'x')).toBe(5)
  })

  it('date inputs become local-midnight bounds, the end day included', () => {
    expect(dateInputToMs('2026-10-01', false)).toBe(new Date(2026, 9, 1).getTime())
    expect(dateInputToMs('2026-10-01', true)).toBe(new Date(2026, 9, 2).getTime())
    expect(dateInputToMs('', false)).toBeUndefined()
    expect(dateInputToMs('10/01/2026', false)).toBeUndefined()
  })
})
