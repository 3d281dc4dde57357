import type { RadioState } from '../../../preload/contract'
import type { BleRadio } from '../ble/interface'
import { ready } from '../state'

export class LabBleRadio implements BleRadio {
  state(): RadioState {
    return ready('ble', 'lab', { present: true, powered: true, permitted: true })
  }
}
