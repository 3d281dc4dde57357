import type { Rule } from '../rule'

// smart-config observation codes (main/methods/smart-config.ts). Add one rule per code (or per code and fact
// condition), each with an example the rules test runs; the cause must exist in causes/.
export const smartConfigRules: Rule[] = []
