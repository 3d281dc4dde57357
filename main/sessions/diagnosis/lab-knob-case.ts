import type { MethodId, MethodOptions } from '../../../preload/contract'
import type { CauseId } from './causes'

export type LabKnobValue = number | boolean | string

/** A knob of the virtual lab: on the air, on a router, or on a device kind (main/lab/devices/registry.ts). */
export interface LabKnobRef {
  scope: 'air' | 'router' | 'device'
  /** Device kind for device knobs (e.g. `webcam-camera`). */
  deviceKind?: string
  /** Router id for router knobs (default: `labnet`, the default scenario's 2.4 GHz router). */
  routerId?: string
  knob: string
  value: LabKnobValue
}

/**
 * The lab's fault knobs are the diagnosis test bench: each case sets a knob, runs one session and names the cause
 * the diagnosis must give (or `succeeded` for a knob that must not break this method). Every knob the lab offers
 * needs at least one case; tests/integration/diagnosis-lab-knobs.test.ts discovers the knobs and runs the cases.
 */
export interface LabKnobCase extends LabKnobRef {
  method: MethodId
  /** Other knobs set before this one (e.g. a distance that makes a sensitivity knob matter). */
  also?: LabKnobRef[]
  /** Wi-Fi target (default: LabNet with its right password). */
  target?: { ssid?: string; password?: string; bssid?: string }
  /** Method options; confirmTimeoutMs defaults to 5 s so failure cases end quickly. */
  options?: MethodOptions
  expect: CauseId | 'succeeded'
  /** One line: why this knob leads to this cause. */
  because: string
}

/** `air:loss`, `router:enabled`, `device:webcam-camera.inView`: how tests and messages name a knob. */
export function knobName(ref: Pick<LabKnobRef, 'scope' | 'deviceKind' | 'knob'>): string {
  return ref.scope === 'device' ? `device:${ref.deviceKind}.${ref.knob}` : `${ref.scope}:${ref.knob}`
}
