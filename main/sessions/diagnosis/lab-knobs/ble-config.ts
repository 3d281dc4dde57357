import type { LabKnobCase } from '../lab-knob-case'

// Knobs of the Breeze lab devices (main/lab/devices/breeze-*.ts). One case per knob at least; see lab-knob-case.ts.
export const bleConfigKnobCases: LabKnobCase[] = []
