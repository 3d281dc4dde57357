import type { RadioState } from '../../../preload/contract'
import type { LabEnvironment } from '../../lab/devices/device'
import { WifiStationClient } from '../../lab/wifi/station-client'
import { ready } from '../state'
import type { AccessPoint, WifiRadio } from '../wifi/interface'

/** The workstation's own Wi-Fi radio in the lab: it scans the lab air like any station. */
export class LabWifiRadio implements WifiRadio {
  private client: WifiStationClient

  constructor(env: LabEnvironment, position: { x: number; y: number }) {
    this.client = new WifiStationClient('workstation-wifi', '02:00:00:00:0a:01', () => position, () => ['2.4GHz', '5GHz'], env)
  }

  state(): RadioState {
    return ready('wifi', 'lab', { interface: 'lab0', bands: '2.4GHz+5GHz' })
  }

  async scan(signal?: AbortSignal): Promise<AccessPoint[]> {
    this.client.attach()
    try {
      const found = await this.client.scan(undefined, undefined, signal)
      return found.map((bss) => ({
        ssid: bss.ssid,
        bssid: bss.bssid,
        channel: bss.channel,
        band: bss.channel > 14 ? '5GHz' : '2.4GHz',
        security: bss.security,
        signalDbm: bss.rssiDbm,
      }))
    } finally {
      this.client.tune(null)
    }
  }
}
