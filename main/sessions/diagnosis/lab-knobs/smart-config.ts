import type { LabKnobCase } from '../lab-knob-case'

// Knobs of the smart-config lab devices (main/lab/devices/smartconfig-*.ts), and router/air knobs that matter to
// smart-config (dropMulticast with mcast, loss). One case per knob at least; see lab-knob-case.ts.
export const smartConfigKnobCases: LabKnobCase[] = []
