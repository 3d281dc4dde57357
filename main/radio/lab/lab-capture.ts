import type { RadioState } from '../../../preload/contract'
import type { CaptureRadio } from '../capture/interface'
import { ready } from '../state'

export class LabCaptureRadio implements CaptureRadio {
  state(): RadioState {
    return ready('capture', 'lab', { interface: 'lab-air', monitorMode: true })
  }
}
