import type { FailureCause } from '../../../preload/contract'
import type { Observation } from '../../methods/failure'
import { type CauseId, causeDefinition } from './causes'
import { buildEvidence } from './evidence'
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
  return explain(input).cause
}

function build(id: CauseId, input: DiagnosisInput, observation: Observation | undefined): FailureCause {
  return {
    ...causeDefinition(id),
    ...(input.failedStep ? { failedStep: input.failedStep } : {}),
    evidence: buildEvidence(input, observation),
  }
}
