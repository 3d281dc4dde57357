import type { Rule } from '../rule'

// ble-config observation codes (main/methods/ble-config.ts). Add one rule per code (or per code and fact
// condition), each with an example the rules test runs; the cause must exist in causes/.
export const bleConfigRules: Rule[] = []
