import type { Step } from '../../../../preload/contract'

export interface TimelineBar {
  /** Stable across renders: a step's seq is unique within its session. */
  key: string
  step: Step
  startMs: number
  endMs: number
  /** A running step grows with the clock; its end is "now". */
  growing: boolean
  leftPct: number
  widthPct: number
}

export interface TimelineRow {
  name: string
  /** Attempts of one step share a row, so a retry shows as a second bar after the first. */
  bars: TimelineBar[]
}

export interface TimelineModel {
  rows: TimelineRow[]
  /** End of the shared time axis in ms from the session start. */
  domainMs: number
  ticks: number[]
}

/** Places steps on a shared axis of ms since `originMs`; `nowMs` is where running steps currently end. */
export function layoutTimeline(steps: readonly Step[], originMs: number, nowMs: number, endedAtMs?: number): TimelineModel {
  const ordered = [...steps].sort((a, b) => a.seq - b.seq || a.startedAt - b.startedAt)
  const spans = ordered.map((step) => {
    const startMs = Math.max(0, step.startedAt - originMs)
    const growing = step.outcome === 'running' && step.endedAt === undefined
    const rawEnd = step.endedAt ?? (growing ? nowMs : (endedAtMs ?? step.startedAt))
    return { step, startMs, endMs: Math.max(startMs, rawEnd - originMs), growing }
  })
  const latest = Math.max(1, endedAtMs !== undefined ? endedAtMs - originMs : 0, ...spans.map((s) => s.endMs))
  const tickStep = niceStep(latest / 6)
  const domainMs = Math.ceil(latest / tickStep) * tickStep
  const ticks: number[] = []
  for (let tick = 0; tick <= domainMs + tickStep / 2; tick += tickStep) ticks.push(tick)

  const rows = new Map<string, TimelineRow>()
  for (const span of spans) {
    let row = rows.get(span.step.name)
    if (!row) {
      row = { name: span.step.name, bars: [] }
      rows.set(span.step.name, row)
    }
    row.bars.push({
      key: `${span.step.seq}`,
      step: span.step,
      startMs: span.startMs,
      endMs: span.endMs,
      growing: span.growing,
      leftPct: (span.startMs / domainMs) * 100,
      widthPct: ((span.endMs - span.startMs) / domainMs) * 100,
    })
  }
  return { rows: [...rows.values()], domainMs, ticks }
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(rough))
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power
  return 10 * power
}
