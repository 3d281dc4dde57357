// Runs in a child process (hardware drivers never load in the station's own process): opens one pcap session on a
// monitor-mode interface and injects the given frames in turn until killed (capturing is main/radio/capture's job).
//   inject <interface> <intervalMs> <hex,...>   stdout: "ready\n" once open; frames are sent round-robin
// Errors go to stderr as one line and the process exits with code 2.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

interface PcapSession {
  inject(data: Buffer): void
  close(): void
}
interface PcapModule {
  createSession(device: string, options: Record<string, unknown>): PcapSession
}

function die(message: string): never {
  process.stderr.write(`${message.replace(/\s+/g, ' ').slice(0, 400)}\n`)
  process.exit(2)
}

function inject(pcap: PcapModule, iface: string, intervalMs: number, frames: Buffer[]): void {
  if (frames.length === 0) die('nothing to inject')
  const session = pcap.createSession(iface, { monitor: false, promiscuous: false, buffer_timeout: 0 })
  process.stdout.write('ready\n')
  let index = 0
  const tick = () => {
    try {
      session.inject(frames[index++ % frames.length])
    } catch (error) {
      die(`injection on ${iface} failed: ${(error as Error).message}`)
    }
  }
  tick()
  setInterval(tick, Math.max(1, intervalMs))
}

try {
  const pcap = require('pcap') as PcapModule
  const [mode, iface, ...rest] = process.argv.slice(2)
  if (!iface) die('usage: inject <interface> <intervalMs> <hex,...>')
  if (mode === 'inject') inject(pcap, iface, Number(rest[0]), (rest[1] ?? '').split(',').filter(Boolean).map((hex) => Buffer.from(hex, 'hex')))
  else die(`unknown mode ${mode}`)
} catch (error) {
  die((error as Error).message)
}
process.on('SIGTERM', () => process.exit(0))
