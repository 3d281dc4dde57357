import type { FailureCause, MethodId, Profile, Step } from '../../../preload/contract'
import type { Observation } from '../../methods/failure'
import { type CauseId, causeDefinition } from './causes'

export interface DiagnosisInput {
  method: MethodId
  profile: Profile
  failedStep: string | undefined
  observations: Observation[]
  steps: Step[]
}

interface Rule {
  /** Observation code this rule explains. */
  code: string
  cause: (facts: Record<string, string | number | boolean>, input: DiagnosisInput) => CauseId
}

// Methods say what they saw; this table says what it means. The most specific observation wins: lab ground truth
// (join failed: wrong key) beats the generic "never announced" that follows from it.
const rules: Rule[] = [
  {
    code: 'lab-join-failed',
    cause: (facts) =>
      facts.reason === 'wrong-password'
        ? 'wifi.wrong-password'
        : facts.reason === 'band-unsupported'
          ? 'wifi.band-unsupported'
          : 'wifi.network-not-found',
  },
  { code: 'lab-join-timeout', cause: () => 'device.never-announced' },
  { code: 'lab-qr-not-scanned', cause: () => 'device.qr-not-scanned' },
  { code: 'bssid-unresolved', cause: () => 'wifi.bssid-unresolved' },
  { code: 'bad-bssid', cause: () => 'input.invalid' },
  { code: 'no-announce', cause: () => 'device.never-announced' },
  { code: 'confirm-unanswered', cause: () => 'device.confirm-unanswered' },
  { code: 'confirm-token-mismatch', cause: () => 'device.token-mismatch' },
  { code: 'lan-unavailable', cause: () => 'lan.listener-unavailable' },
]

export function diagnose(input: DiagnosisInput): FailureCause {
  for (const rule of rules) {
    const observation = input.observations.find((o) => o.code === rule.code)
    if (!observation) continue
    return build(rule.cause(observation.facts ?? {}, input), input, observation)
  }
  return build('internal.error', input, input.observations[input.observations.length - 1])
}

function build(id: CauseId, input: DiagnosisInput, observation: Observation | undefined): FailureCause {
  const definition = causeDefinition(id)
  const evidence: FailureCause['evidence'] = []
  if (input.failedStep) evidence.push({ kind: 'failed-step', text: `Step "${input.failedStep}" failed.` })
  if (observation) {
    const facts = Object.entries(observation.facts ?? {}).map(([k, v]) => `${k}=${v}`)
    evidence.push({ kind: 'observation', text: `${observation.code}${facts.length ? ` (${facts.join(', ')})` : ''}` })
  }
  const last = input.steps.filter((s) => s.outcome === 'succeeded').pop()
  if (last) evidence.push({ kind: 'last-good-step', text: `Last step that succeeded: "${last.name}".` })
  return { ...definition, ...(input.failedStep ? { failedStep: input.failedStep } : {}), evidence }
}
