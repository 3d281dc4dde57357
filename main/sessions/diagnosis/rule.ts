import type { MethodId, Profile, Step } from '../../../preload/contract'
import type { Observation } from '../../methods/failure'
import type { CauseId } from './causes'
import type { FrameObservation } from './frame-observation'

export type Facts = Record<string, string | number | boolean>

/** What the diagnosis sees of a failed session: what the method observed, its steps, and (when captured) frames. */
export interface DiagnosisInput {
  method: MethodId
  profile: Profile
  failedStep: string | undefined
  observations: Observation[]
  steps: Step[]
  /** The Wi-Fi frames around the session, summarised (lab air or a capture); absent when nothing was captured. */
  frames?: FrameObservation
}

/**
 * How much a rule knows. Ground truth (the lab saw the handshake fail) beats a specific report from the device or
 * the protocol (auth rejected), which beats a generic absence (no announcement before the timeout).
 */
export type RuleStrength = 'ground-truth' | 'specific' | 'generic'

/**
 * One line of the diagnosis: an observation code (and optionally a condition on its facts) means this cause.
 * Methods report observations; only rules name causes.
 */
export interface Rule {
  /** Stable and unique: `<family>/<code>` or `<family>/<code>/<variant>`. */
  id: string
  /** The observation code this rule explains (a method's MethodFailure or ctx.observe code). */
  code: string
  /** Only for these methods (default: any method reporting the code). */
  methods?: readonly MethodId[]
  /** Extra condition on the observation's facts; absent = any facts. */
  when?: (facts: Facts, input: DiagnosisInput) => boolean
  cause: CauseId
  strength: RuleStrength
  /**
   * An observation this rule must decide. tests/unit/diagnosis runs every example, so every rule is exercised and
   * a rule shadowed by another fails there.
   */
  example: { facts?: Facts; method?: MethodId; failedStep?: string; frames?: Pick<FrameObservation, 'router' | 'handshake'> }
}
