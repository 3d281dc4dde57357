import { describe, expect, it } from 'vitest'
import type { Session, SessionEvent, SessionSummary, Step } from '../../../preload/contract'
import { applySessionEvent, applySummaryEvent, upsertStep } from '../../../renderer/src/components/session/session-merge'

const summary = (id: string, patch: Partial<SessionSummary> = {}): SessionSummary => ({
  id,
  method: 'webcam-config',
  target: { ssid: 'LabNet' },
  profile: 'lab',
  startedAt: 1_000,
  outcome: 'running',
  stepCount: 0,
  ...patch,
})
const step = (seq: number, outcome: Step['outcome'], endedAt?: number): Step => ({
  seq,
  name: `s${seq}`,
  attempt: 1,
  startedAt: 1_000 + seq,
  ...(endedAt === undefined ? {} : { endedAt }),
  outcome,
})

describe('live session merging', () => {
  const base: Session = { ...summary('a'), steps: [step(1, 'succeeded', 1_010)] }
  delete (base as Partial<SessionSummary>).stepCount

  it('adds a new step, replaces a step that finished, and takes the new summary fields', () => {
    let session = applySessionEvent(base, { kind: 'step', session: summary('a', { stepCount: 2 }), step: step(2, 'running') })
    expect(session.steps.map((s) => [s.seq, s.outcome])).toEqual([[1, 'succeeded'], [2, 'running']])
    session = applySessionEvent(session, { kind: 'step', session: summary('a'), step: step(2, 'failed', 1_500) })
    expect(session.steps.map((s) => [s.seq, s.outcome])).toEqual([[1, 'succeeded'], [2, 'failed']])
    const cause = { id: 'no-announce', title: 'T', explanation: 'E', advice: 'A', evidence: [] }
    session = applySessionEvent(session, { kind: 'ended', session: summary('a', { outcome: 'failed', endedAt: 1_600, cause }) })
    expect(session).toMatchObject({ outcome: 'failed', endedAt: 1_600, cause })
    expect('stepCount' in session).toBe(false)
  })

  it('ignores events of other sessions', () => {
    expect(applySessionEvent(base, { kind: 'step', session: summary('b'), step: step(9, 'running') })).toBe(base)
  })

  it('keeps steps ordered by seq even when events arrive out of order', () => {
    expect(upsertStep([step(3, 'running')], step(1, 'succeeded')).map((s) => s.seq)).toEqual([1, 3])
  })
})

describe('live session list', () => {
  const list = [summary('b', { startedAt: 2_000 }), summary('a')]
  const event = (s: SessionSummary): SessionEvent => ({ kind: 'step', session: s })

  it('puts a new session on top and updates a known one in place', () => {
    const withNew = applySummaryEvent(list, { kind: 'started', session: summary('c', { startedAt: 3_000 }) }, {})
    expect(withNew.map((s) => s.id)).toEqual(['c', 'b', 'a'])
    const updated = applySummaryEvent(withNew, event(summary('a', { outcome: 'succeeded' })), {})
    expect(updated.map((s) => [s.id, s.outcome])).toEqual([['c', 'running'], ['b', 'running'], ['a', 'succeeded']])
  })

  it('respects the filter: a session that stops matching leaves, one that never matched is not added', () => {
    const running = applySummaryEvent(list, event(summary('a', { outcome: 'succeeded' })), { outcome: 'running' })
    expect(running.map((s) => s.id)).toEqual(['b'])
    const meshOnly = applySummaryEvent([], { kind: 'started', session: summary('m') }, { method: 'mesh' })
    expect(meshOnly).toEqual([])
  })
})
