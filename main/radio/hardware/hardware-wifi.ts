import { spawnNodeModule } from '../../runtime/node-child'
import { probeChildUrl } from '../host/child-path'
import type { AccessPoint, WifiRadio } from '../wifi/interface'
import { ProbedRadio } from './probed-radio'

/** node-wifi, run in a child process (it shells out to nmcli/netsh/airport and may hang or fail). */
export class HardwareWifiRadio extends ProbedRadio implements WifiRadio {
  constructor() {
    super('wifi')
  }

  scan(signal?: AbortSignal): Promise<AccessPoint[]> {
    const state = this.state()
    if (state.status !== 'ready') return Promise.reject(new Error(`Wi-Fi unavailable: ${state.reason ?? state.status}`))
    return new Promise((resolve, reject) => {
      const child = spawnNodeModule(probeChildUrl(), ['wifi-scan'])
      let out = ''
      const stop = () => child.kill('SIGKILL')
      signal?.addEventListener('abort', stop, { once: true })
      const timer = setTimeout(stop, 20_000)
      child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.on('exit', () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', stop)
        try {
          const parsed = JSON.parse(out.trim().split('\n').pop() ?? '') as { networks?: Record<string, unknown>[]; reason?: string }
          if (!parsed.networks) return reject(new Error(parsed.reason ?? 'Wi-Fi scan failed'))
          resolve(parsed.networks.map(toAccessPoint))
        } catch {
          reject(new Error('Wi-Fi scan failed'))
        }
      })
    })
  }
}

function toAccessPoint(n: Record<string, unknown>): AccessPoint {
  const frequency = Number(n.frequency ?? 0)
  const security = String(n.security ?? '')
  return {
    ssid: String(n.ssid ?? ''),
    bssid: String(n.bssid ?? n.mac ?? '').toLowerCase(),
    channel: Number(n.channel ?? 0),
    band: frequency >= 5000 ? '5GHz' : '2.4GHz',
    security: /WPA3|SAE/i.test(security) ? 'wpa3' : /WPA/i.test(security) ? 'wpa2' : /WEP/i.test(security) ? 'wep' : security ? 'unknown' : 'open',
    ...(typeof n.signal_level === 'number' ? { signalDbm: n.signal_level } : {}),
  }
}
