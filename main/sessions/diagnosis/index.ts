import type { FailureCause } from '../../../preload/contract'
import type { Observation } from '../../methods/failure'
import { type CauseId, causeDefinition } from './causes'
import { buildEvidence, frameEvidence } from './evidence'
import type { FrameObservation } from './frame-observation'
import type { DiagnosisInput, Rule } from './rule'
import { allRules } from './rules'

export type { DiagnosisInput, Rule } from './rule'
export type { FrameObservation } from './frame-observation'

// Methods say what they saw; the rules (rules/*.ts) say what it means; this is the only place a cause is chosen.
// See README.md in this folder for how to add a cause, a rule, or a lab knob's expected cause.

export interface Diagnosis {
  cause: FailureCause
  /** The rule that decided, or undefined when nothing matched (internal.error). */
  rule: Rule | undefined
  observation: Observation | undefined
}

/** The cause of a failed session, with the rule that named it. */
export function explain(input: DiagnosisInput): Diagnosis {
  for (const rule of allRules()) {
    if (rule.methods && !rule.methods.includes(input.method)) continue
    const observation = input.observations.find((o) => o.code === rule.code && (!rule.when || rule.when(o.facts ?? {}, input)))
    if (!observation) continue
    return { cause: build(rule.cause, input, observation), rule, observation }
  }
  const last = input.observations[input.observations.length - 1]
  return { cause: build('internal.error', input, last), rule: undefined, observation: last }
}

export function diagnose(input: DiagnosisInput): FailureCause {
  const cause = explain(input).cause
  remember(cause, input)
  return cause
}

// The runner decides a cause the moment a session fails; the frames around it are summarised just after (by the
// session recorder, from the lab air or the frame store). The inputs of recent decisions are kept, keyed by the
// cause exactly as it was stored, so that frames can still take part in the same decision.
const RECENT = 64
const recent = new Map<string, DiagnosisInput>()

function remember(cause: FailureCause, input: DiagnosisInput): void {
  recent.set(JSON.stringify(cause), input)
  while (recent.size > RECENT) recent.delete(recent.keys().next().value!)
}

/**
 * The same diagnosis with the session's frames: decided again from the original observations when they are still
 * known (frames can change the cause: a generic timeout becomes a rejected handshake), else the stored cause with
 * the frame evidence added. Idempotent: earlier frame evidence is replaced.
 */
export function reconsiderWithFrames(storedCauseJson: string, frames: FrameObservation): FailureCause | undefined {
  const input = recent.get(storedCauseJson)
  if (input) {
    const cause = explain({ ...input, frames }).cause
    remember(cause, { ...input, frames })
    return cause
  }
  let stored: FailureCause
  try {
    stored = JSON.parse(storedCauseJson) as FailureCause
  } catch {
    return undefined
  }
  if (!stored || !Array.isArray(stored.evidence)) return undefined
  const kept = stored.evidence.filter((e) => !e.kind.startsWith('frames-'))
  const lastGood = kept.findIndex((e) => e.kind === 'last-good-step')
  const at = lastGood < 0 ? kept.length : lastGood
  return { ...stored, evidence: [...kept.slice(0, at), ...frameEvidence(frames), ...kept.slice(at)] }
}

function build(id: CauseId, input: DiagnosisInput, observation: Observation | undefined): FailureCause {
  return {
    ...causeDefinition(id),
    ...(input.failedStep ? { failedStep: input.failedStep } : {}),
    evidence: buildEvidence(input, observation),
  }
}
