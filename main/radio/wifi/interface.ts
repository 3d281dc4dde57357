import type { RadioState } from '../../../preload/contract'

export interface AccessPoint {
  ssid: string
  bssid: string
  channel: number
  band: '2.4GHz' | '5GHz'
  security: 'open' | 'wpa2' | 'wpa3' | 'wep' | 'unknown'
  signalDbm?: number
}

export interface WifiRadio {
  state(): RadioState
  /** Networks the workstation can see now. */
  scan(signal?: AbortSignal): Promise<AccessPoint[]>
}
