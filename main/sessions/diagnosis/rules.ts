import type { Rule, RuleStrength } from './rule'
import { bleConfigRules } from './rules/ble-config'
import { sharedRules } from './rules/shared'
import { smartConfigRules } from './rules/smart-config'
import { webcamConfigRules } from './rules/webcam-config'

export type { DiagnosisInput, Facts, Rule, RuleStrength } from './rule'

const STRENGTH_ORDER: Record<RuleStrength, number> = { 'ground-truth': 0, specific: 1, generic: 2 }

// One file of rules per method family plus shared ones (rules/*.ts). The strongest kind of knowledge decides; within
// one strength, the first rule listed (family files in this order, rules in file order) wins.
const rules: readonly Rule[] = [...sharedRules, ...webcamConfigRules, ...smartConfigRules, ...bleConfigRules]
  .map((rule, index) => ({ rule, index }))
  .sort((a, b) => STRENGTH_ORDER[a.rule.strength] - STRENGTH_ORDER[b.rule.strength] || a.index - b.index)
  .map(({ rule }) => rule)

/** Every rule, in the order the diagnosis tries them. */
export function allRules(): readonly Rule[] {
  return rules
}
