import type { RadioState } from '../../../preload/contract'

export interface BleRadio {
  state(): RadioState
}
