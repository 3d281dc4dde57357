import type { RadioState } from '../../../preload/contract'
import { probeRadio } from '../host/probe'

/** A hardware radio whose state comes from a driver probe in a child process; 'checking' until it answers. */
export class ProbedRadio {
  private current: RadioState

  constructor(
    readonly radio: 'ble' | 'wifi' | 'capture',
    private readonly options: () => { captureInterface?: string } = () => ({}),
  ) {
    this.current = { radio, status: 'checking', driver: radio }
  }

  state(): RadioState {
    return this.current
  }

  async refresh(): Promise<RadioState> {
    this.current = await probeRadio(this.radio, this.options())
    return this.current
  }
}
