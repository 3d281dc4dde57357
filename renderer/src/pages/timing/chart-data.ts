import type { AbReport, MethodId, StepBreakdown, SuccessOverTime, TimingReport } from '../../../../preload/contract'

// Pure reshaping of main's aggregates into recharts rows. No aggregation happens here: main already counted.

const PALETTE = ['#1f5fbf', '#23884a', '#c98a12', '#8e44ad', '#c93434', '#138d90', '#7c8491']
const METHOD_ORDER: MethodId[] = ['webcam-config', 'smart-config', 'ble-config', 'dev-ap-config', 'zero-config', 'mesh', 'combo-mesh']

export function methodColor(method: MethodId): string {
  return PALETTE[METHOD_ORDER.indexOf(method) % PALETTE.length]
}

export function stepColor(index: number): string {
  const steps = ['#5b8fd9', '#7fbf7f', '#e6b85c', '#b28ad6', '#e07b7b', '#5cc1c4', '#a3a9b3', '#8fa8c9', '#c9a38f']
  return steps[index % steps.length]
}

/** One row per histogram bin: its range, midpoint and each method's count. */
export interface HistogramRow {
  from: number
  to: number
  mid: number
  [method: string]: number
}

export function histogramRows(edges: readonly number[], series: { key: string; counts: readonly number[] }[]): HistogramRow[] {
  const rows: HistogramRow[] = []
  for (let i = 0; i + 1 < edges.length; i++) {
    const row: HistogramRow = { from: edges[i], to: edges[i + 1], mid: (edges[i] + edges[i + 1]) / 2 }
    for (const s of series) row[s.key] = s.counts[i] ?? 0
    rows.push(row)
  }
  return rows
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
