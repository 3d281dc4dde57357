import type { RadioState } from '../../../preload/contract'
import { spawnNodeModule } from '../../runtime/node-child'
import { probeChildUrl } from './child-path'

/** Asks a child process to load one driver and report; a crash, a hang or garbage becomes an `unavailable` state. */
export function probeRadio(radio: 'ble' | 'wifi' | 'capture', opts: { captureInterface?: string; timeoutMs?: number } = {}): Promise<RadioState> {
  const driver = { ble: '@abandonware/noble', wifi: 'node-wifi', capture: 'pcap' }[radio]
  return new Promise((resolve) => {
    const child = spawnNodeModule(probeChildUrl(), [radio, opts.captureInterface ?? ''])
    let stdout = ''
    let stderr = ''
    let settled = false
    const settle = (state: RadioState) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      resolve(state)
    }
    const timer = setTimeout(
      () => settle({ radio, status: 'unavailable', driver, reason: `${driver} did not answer within ${opts.timeoutMs ?? 20_000} ms.`, remedy: 'Check the adapter and its driver.' }),
      opts.timeoutMs ?? 20_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = stdout.split('\n').find((l) => l.trim().startsWith('{'))
      if (!line) return
      try {
        settle(JSON.parse(line) as RadioState)
      } catch {
        settle({ radio, status: 'unavailable', driver, reason: 'The driver probe printed something unreadable.', remedy: 'See the README troubleshooting section.' })
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()).slice(-2000))
    child.on('error', (error) => settle({ radio, status: 'unavailable', driver, reason: `Cannot start the driver probe: ${error.message}`, remedy: 'Reinstall dependencies (npm ci).' }))
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').filter(Boolean).pop() ?? ''
      settle({
        radio,
        status: 'unavailable',
        driver,
        reason: `${driver} stopped while loading (${signal ?? `exit ${code}`})${last ? `: ${last.slice(0, 200)}` : ''}.`,
        remedy: 'Reinstall dependencies (npm ci) and check the README troubleshooting section.',
      })
    })
  })
}
