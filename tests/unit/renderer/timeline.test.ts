import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Step } from '../../../preload/contract'
import { Timeline } from '../../../renderer/src/components/timeline/Timeline'
import { layoutTimeline, niceStep } from '../../../renderer/src/components/timeline/timeline-layout'
import { createI18n } from '../../../renderer/src/i18n/setup'

const T0 = 1_750_000_000_000
const step = (seq: number, name: string, start: number, end: number | undefined, outcome: Step['outcome'], attempt = 1): Step => ({
  seq,
  name,
  attempt,
  startedAt: T0 + start,
  ...(end === undefined ? {} : { endedAt: T0 + end }),
  outcome,
})

describe('timeline layout', () => {
  const steps = [
    step(1, 'qr-generated', 0, 120, 'succeeded'),
    step(2, 'device-scanned', 120, 900, 'retried', 1),
    step(3, 'device-scanned', 950, 1_600, 'succeeded', 2),
    step(4, 'announce-received', 1_600, undefined, 'running'),
  ]

  it('puts attempts of one step on one row, in order, on a shared axis from the session start', () => {
    const model = layoutTimeline(steps, T0, T0 + 2_300)
    expect(model.rows.map((r) => [r.name, r.bars.length])).toEqual([
      ['qr-generated', 1],
      ['device-scanned', 2],
      ['announce-received', 1],
    ])
    const [retry, success] = model.rows[1].bars
    expect([retry.step.outcome, success.step.outcome]).toEqual(['retried', 'succeeded'])
    expect(success.leftPct).toBeGreaterThan(retry.leftPct + retry.widthPct)
    expect(model.ticks[0]).toBe(0)
    expect(model.ticks.at(-1)).toBe(model.domainMs)
    expect(model.domainMs).toBeGreaterThanOrEqual(2_300)
  })

  it('a running step ends at "now" and grows as the clock moves', () => {
    const early = layoutTimeline(steps, T0, T0 + 2_000).rows[2].bars[0]
    const later = layoutTimeline(steps, T0, T0 + 5_000).rows[2].bars[0]
    expect(early.growing).toBe(true)
    expect(early.endMs).toBe(2_000)
    expect(later.endMs).toBe(5_000)
  })

  it('bars never leave the axis, for any steps', () => {
    const arbitrarySteps = fc.array(
      fc.record({
        name: fc.constantFrom('a', 'b', 'c'),
        start: fc.integer({ min: 0, max: 100_000 }),
        length: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
        outcome: fc.constantFrom<Step['outcome']>('running', 'succeeded', 'failed', 'retried', 'cancelled', 'interrupted', 'skipped'),
      }),
      { maxLength: 20 },
    )
    fc.assert(
      fc.property(arbitrarySteps, fc.integer({ min: 0, max: 300_000 }), (specs, now) => {
        const input = specs.map((s, i) => step(i + 1, s.name, s.start, s.length === undefined ? undefined : s.start + s.length, s.outcome))
        const model = layoutTimeline(input, T0, T0 + now)
        for (const bar of model.rows.flatMap((r) => r.bars)) {
          expect(bar.leftPct).toBeGreaterThanOrEqual(0)
          expect(bar.widthPct).toBeGreaterThanOrEqual(0)
          expect(bar.leftPct + bar.widthPct).toBeLessThanOrEqual(100 + 1e-9)
        }
        expect(model.rows.reduce((n, r) => n + r.bars.length, 0)).toBe(input.length)
      }),
    )
  })

  it('axis steps are 1, 2 or 5 times a power of ten', () => {
    expect([0.3, 1, 7, 12, 180, 4_000].map(niceStep)).toEqual([0.5, 1, 10, 20, 200, 5_000])
  })
})

describe('<Timeline>', () => {
  const render = (language: 'en' | 'zh-CN', steps: Step[]) =>
    renderToStaticMarkup(
      createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(Timeline, { steps, startedAt: T0, now: T0 + 2_000 })),
    )

  it('renders one labelled, outcome-coloured button per step attempt', () => {
    const html = render('en', [step(1, 'qr-shown', 0, 120, 'succeeded'), step(2, 'confirmed', 120, 400, 'failed')])
    expect(html.match(/<button/g)).toHaveLength(2)
    expect(html).toContain('class="timeline-bar bar-succeeded"')
    expect(html).toContain('class="timeline-bar bar-failed"')
    expect(html).toContain('aria-label="qr-shown, attempt 1: succeeded, from +0 ms for 120 ms"')
    expect(html).toContain('role="group" aria-label="Step timeline"')
  })

  it('speaks Chinese when the UI does', () => {
    const html = render('zh-CN', [step(1, 'confirmed', 0, 1_500, 'failed')])
    expect(html).toContain('aria-label="confirmed，第 1 次尝试：失败，自 +0毫秒 起，历时 1.5秒"')
    expect(html).toContain('aria-label="步骤时间线"')
  })

  it('says so when there is nothing yet', () => {
    expect(render('en', [])).toContain('No steps recorded yet.')
  })
})
