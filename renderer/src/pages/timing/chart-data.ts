import type { AbReport, MethodId, StepBreakdown, SuccessOverTime, TimingReport } from '../../../../preload/contract'

// Pure reshaping of main's aggregates into recharts rows. No aggregation happens here: main already counted.

const PALETTE = ['#1f5fbf', '#23884a', '#c98a12', '#8e44ad', '#c93434', '#138d90', '#7c8491']
const METHOD_ORDER: MethodId[] = ['webcam-config', 'smart-config', 'ble-config', 'dev-ap-config', 'zero-config', 'mesh', 'combo-mesh']

export function methodColor(method: MethodId): string {
  return PALETTE[METHOD_ORDER.indexOf(method) % PALETTE.length]
}

const STEP_PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6', '#d4a6c8', '#8cd17d', '#f1ce63', '#a0cbe8', '#ffbe7d']

export function stepColor(index: number): string {
  return STEP_PALETTE[index % STEP_PALETTE.length]
}

/**
 * One row per histogram bin: its range, its position and each method's count. Bins are placed by index (bin i spans
 * i..i+1 on the axis) so that the last, wider bin that carries the long tail does not squash the others.
 */
export interface HistogramRow {
  from: number
  to: number
  mid: number
  [method: string]: number
}

export function histogramRows(edges: readonly number[], series: { key: string; counts: readonly number[] }[]): HistogramRow[] {
  const rows: HistogramRow[] = []
  for (let i = 0; i + 1 < edges.length; i++) {
    const row: HistogramRow = { from: edges[i], to: edges[i + 1], mid: i + 0.5 }
    for (const s of series) row[s.key] = s.counts[i] ?? 0
    rows.push(row)
  }
  return rows
}

/** Where a duration falls on the bin-index axis (for the p50/p90 lines). */
export function binPosition(edges: readonly number[], ms: number): number {
  const bins = edges.length - 1
  if (bins < 1) return 0
  if (ms <= edges[0]) return 0
  for (let i = 0; i < bins; i++) {
    if (ms <= edges[i + 1]) return i + (ms - edges[i]) / Math.max(1e-9, edges[i + 1] - edges[i])
  }
  return bins
}

/** The duration at a bin boundary of the index axis (tick labels). */
export function edgeAt(edges: readonly number[], position: number): number {
  const i = Math.max(0, Math.min(edges.length - 1, Math.round(position)))
  return edges[i]
}

export function distributionRows(report: TimingReport): HistogramRow[] {
  return histogramRows(
    report.distribution.binEdgesMs,
    report.distribution.methods.map((m) => ({ key: m.method, counts: m.counts })),
  )
}

export function abRows(ab: AbReport): HistogramRow[] {
  return histogramRows(ab.binEdgesMs, [
    { key: 'a', counts: ab.a.counts },
    { key: 'b', counts: ab.b.counts },
  ])
}

/** Stacked bars: one row per method, one key per step name (steps of other methods are absent from a row). */
export function stepRows(steps: readonly StepBreakdown[]): { rows: Record<string, number | string>[]; stepNames: string[] } {
  const stepNames: string[] = []
  for (const b of steps) for (const s of b.steps) if (!stepNames.includes(s.name)) stepNames.push(s.name)
  const rows = steps.map((b) => {
    const row: Record<string, number | string> = { method: b.method }
    for (const s of b.steps) row[s.name] = Math.round(s.meanMs)
    return row
  })
  return { rows, stepNames }
}

/** Success rate over time: one row per bucket start, one key per method (percent, absent where nothing was decided). */
export function overTimeRows(overTime: SuccessOverTime): { rows: Record<string, number>[]; methods: MethodId[] } {
  const byStart = new Map<number, Record<string, number>>()
  const methods: MethodId[] = []
  for (const b of overTime.buckets) {
    if (!methods.includes(b.method)) methods.push(b.method)
    const row = byStart.get(b.start) ?? { start: b.start }
    if (b.rate !== null) row[b.method] = Math.round(b.rate * 1000) / 10
    byStart.set(b.start, row)
  }
  return { rows: [...byStart.values()].sort((a, b) => a.start - b.start), methods }
}

/** Failures by cause as a method × cause table, biggest causes first. */
export function causeTable(report: TimingReport): { causes: { causeId: string; title: string; total: number }[]; methods: MethodId[]; count(method: MethodId, causeId: string): number } {
  const totals = new Map<string, { causeId: string; title: string; total: number }>()
  const methods: MethodId[] = []
  const counts = new Map<string, number>()
  for (const f of report.failures) {
    if (!methods.includes(f.method)) methods.push(f.method)
    const entry = totals.get(f.causeId) ?? { causeId: f.causeId, title: f.title, total: 0 }
    entry.total += f.count
    totals.set(f.causeId, entry)
    counts.set(`${f.method} ${f.causeId}`, f.count)
  }
  return {
    causes: [...totals.values()].sort((a, b) => b.total - a.total || a.causeId.localeCompare(b.causeId)),
    methods,
    count: (method, causeId) => counts.get(`${method} ${causeId}`) ?? 0,
  }
}

/** `<input type="date">` values (local midnight) to the filter's epoch ms; `to` is exclusive, so the day after. */
export function dateInputToMs(value: string, endOfDay: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined
  const [y, m, d] = value.split('-').map(Number)
  return new Date(y, m - 1, d + (endOfDay ? 1 : 0)).getTime()
}
