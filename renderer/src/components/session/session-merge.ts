import type { MethodId, Session, SessionEvent, SessionOutcome, SessionSummary, Step } from '../../../../preload/contract'

/** Folds one live event into a full session; events for other sessions leave it untouched. */
export function applySessionEvent(session: Session, event: SessionEvent): Session {
  if (event.session.id !== session.id) return session
  const { stepCount: _stepCount, ...summary } = event.session
  const steps = event.step ? upsertStep(session.steps, event.step) : session.steps
  return { ...session, ...summary, steps }
}

/** Steps are keyed by seq: a later event for the same seq (running -> succeeded) replaces the earlier one. */
export function upsertStep(steps: readonly Step[], step: Step): Step[] {
  const index = steps.findIndex((existing) => existing.seq === step.seq)
  if (index === -1) return [...steps, step].sort((a, b) => a.seq - b.seq)
  const next = [...steps]
  next[index] = step
  return next
}

export interface SessionFilter {
  method?: MethodId
  outcome?: SessionOutcome
}

export function matchesFilter(summary: SessionSummary, filter: SessionFilter): boolean {
  return (!filter.method || summary.method === filter.method) && (!filter.outcome || summary.outcome === filter.outcome)
}

/**
 * Keeps a newest-first session list current from live events: a known session is replaced in place, a new one
 * that matches the filter goes on top, and one that no longer matches (its outcome changed) drops out.
 */
export function applySummaryEvent(list: readonly SessionSummary[], event: SessionEvent, filter: SessionFilter): SessionSummary[] {
  const summary = event.session
  const index = list.findIndex((existing) => existing.id === summary.id)
  const keep = matchesFilter(summary, filter)
  if (index === -1) return keep ? [summary, ...list] : [...list]
  const next = [...list]
  if (keep) next[index] = summary
  else next.splice(index, 1)
  return next
}
