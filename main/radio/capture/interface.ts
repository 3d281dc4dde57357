import type { RadioState } from '../../../preload/contract'

export interface CaptureRadio {
  state(): RadioState
}
