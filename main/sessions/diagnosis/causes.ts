import type { CauseDefinition } from './cause-definition'
import { bleConfigCauses } from './causes/ble-config'
import { sharedCauses } from './causes/shared'
import { smartConfigCauses } from './causes/smart-config'
import { webcamConfigCauses } from './causes/webcam-config'

export type { CauseDefinition } from './cause-definition'

// The one failure taxonomy across methods: one file of causes per method family plus shared ones (causes/*.ts).
// A new family is a file in causes/ and one spread here.
const causes = [...sharedCauses, ...webcamConfigCauses, ...smartConfigCauses, ...bleConfigCauses] as const

export type CauseId = (typeof causes)[number]['id']

const byId = new Map<string, CauseDefinition>(causes.map((c) => [c.id, c]))

export function causeDefinition(id: CauseId): CauseDefinition {
  return byId.get(id)!
}

export function isCauseId(id: string): id is CauseId {
  return byId.has(id)
}

export function allCauses(): readonly CauseDefinition[] {
  return causes
}
