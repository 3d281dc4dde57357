import type { ChildProcess } from 'node:child_process'
import { spawnNodeModule } from '../../runtime/node-child'

// The station side of smartconfig-sender-pcap-child.ts: an injector that keeps sending the frames it was given. The
// child process holds the capture rights; a refusal (no permission, no such interface) comes back as a reason, never as
// a crash of the station.

const CHILD = new URL('./smartconfig-sender-pcap-child.js', import.meta.url)
const START_TIMEOUT_MS = 8_000

function waitForStart(child: ChildProcess, started: (chunk: Buffer) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = ''
    let settled = false
    const settle = (error?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      if (error) {
        child.kill('SIGKILL')
        reject(error)
      } else resolve()
    }
    const onData = (chunk: Buffer) => {
      if (started(chunk)) settle()
    }
    const timer = setTimeout(() => settle(new Error('the pcap helper did not start in time')), START_TIMEOUT_MS)
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', (error) => settle(error))
    child.on('exit', (code, signal) => settle(new Error(stderr.trim().split('\n').pop() || `the pcap helper stopped (${signal ?? `exit ${code}`})`)))
  })
}

/** Frames injected round-robin every intervalMs by a child process until stopped. */
export class PcapChildInjector {
  private constructor(private readonly child: ChildProcess) {}

  static async start(iface: string, intervalMs: number, frames: Uint8Array[]): Promise<PcapChildInjector> {
    const child = spawnNodeModule(CHILD, ['inject', iface, String(intervalMs), frames.map((f) => Buffer.from(f).toString('hex')).join(',')])
    await waitForStart(child, (chunk) => chunk.toString().includes('ready'))
    return new PcapChildInjector(child)
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve()
      this.child.once('exit', () => resolve())
      this.child.kill('SIGTERM')
    })
  }
}
