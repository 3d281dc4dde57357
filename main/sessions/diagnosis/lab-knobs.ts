import type { LabKnobCase } from './lab-knob-case'
import { bleConfigKnobCases } from './lab-knobs/ble-config'
import { sharedKnobCases } from './lab-knobs/shared'
import { smartConfigKnobCases } from './lab-knobs/smart-config'
import { webcamConfigKnobCases } from './lab-knobs/webcam-config'

export { knobName, type LabKnobCase, type LabKnobRef } from './lab-knob-case'

/** Every lab knob case: one file per method family plus the shared air/router cases (lab-knobs/*.ts). */
export function allLabKnobCases(): readonly LabKnobCase[] {
  return [...sharedKnobCases, ...webcamConfigKnobCases, ...smartConfigKnobCases, ...bleConfigKnobCases]
}
