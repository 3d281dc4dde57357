import type { BleRadio } from './ble/interface'
import type { CaptureRadio } from './capture/interface'
import type { LanRadio } from './lan/interface'
import type { WifiRadio } from './wifi/interface'

/** What a method holds: one of each radio, lab or hardware; it never knows which. */
export interface Radios {
  lan: LanRadio
  wifi: WifiRadio
  ble: BleRadio
  capture: CaptureRadio
}
