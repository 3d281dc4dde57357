import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import readline from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { RadioState } from '../../../preload/contract'
import { BleError } from '../ble/errors'
import { parseHostLine } from './ble-host-messages'
import { encodeLine, type HostAdvertisement, type HostMessage, type HostRequest, type HostRequestBody } from './ble-host-protocol'

/** What the client needs of the host process; a test passes a fake with in-memory streams. */
export interface HostProcess {
  stdin: Writable
  stdout: Readable
  stderr?: Readable | null
  kill(): void
  onExit(listener: (code: number | null, signal: string | null) => void): void
}

const DRIVER = '@abandonware/noble'

/**
 * Starts ble-host-child as a plain Node child process (tsx from sources, the built .js next to the bundle, and
 * ELECTRON_RUN_AS_NODE under Electron so noble loads against Node's ABI), with stdin open for requests.
 */
export function spawnBleHost(): HostProcess {
  let file = fileURLToPath(new URL('./ble-host-child.js', import.meta.url))
  if (!existsSync(file) && existsSync(file.replace(/\.js$/, '.ts'))) file = file.replace(/\.js$/, '.ts')
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file]
  const child = spawn(process.execPath, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) },
  })
  return {
    stdin: child.stdin!,
    stdout: child.stdout!,
    stderr: child.stderr,
    kill: () => child.kill('SIGKILL'),
    onExit: (listener) => {
      child.on('exit', listener)
      child.on('error', () => listener(null, 'spawn-error'))
    },
  }
}

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

export interface BleHostEvents {
  state(state: RadioState): void
  advertisement(adv: HostAdvertisement): void
  data(link: number, service: string, characteristic: string, value: string): void
  disconnected(link: number, reason: string): void
  /** The host process is gone; every link with it. */
  exited(state: RadioState): void
}

/** The workstation's end of the host protocol: numbered requests, promises for their results, events fanned out. */
export class BleHostClient {
  private nextId = 1
  private pending = new Map<number, Pending>()
  private stderr = ''
  private exited = false
  private lastState: RadioState | undefined

  constructor(
    private readonly process: HostProcess,
    private readonly on: BleHostEvents,
  ) {
    readline.createInterface({ input: process.stdout }).on('line', (line) => this.receive(line))
    process.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2_000)))
    process.stdin.on('error', () => undefined)
    process.onExit((code, signal) => this.gone(code, signal))
  }

  get alive(): boolean {
    return !this.exited
  }

  request(body: HostRequestBody): Promise<unknown> {
    if (this.exited) return Promise.reject(new BleError('unavailable', 'The Bluetooth host process is not running.'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.process.stdin.write(encodeLine({ ...body, id } as HostRequest))
    })
  }

  stop(): void {
    this.process.kill()
  }

  private receive(line: string): void {
    const message: HostMessage | undefined = parseHostLine(line)
    if (!message) return
    switch (message.type) {
      case 'state':
        this.lastState = message.state
        return this.on.state(message.state)
      case 'advertisement':
        return this.on.advertisement(message.adv)
      case 'data':
        return this.on.data(message.link, message.service, message.characteristic, message.value)
      case 'disconnected':
        return this.on.disconnected(message.link, message.reason)
      case 'result': {
        const pending = this.pending.get(message.id)
        if (!pending) return
        this.pending.delete(message.id)
        if (message.ok) pending.resolve(message.value)
        else pending.reject(new BleError(message.error.code, message.error.message))
      }
    }
  }

  private gone(code: number | null, signal: string | null): void {
    if (this.exited) return
    this.exited = true
    const error = new BleError('unavailable', 'The Bluetooth host process stopped.')
    for (const p of this.pending.values()) p.reject(error)
    this.pending.clear()
    // A host that reported why it could not work (no controller, say) keeps that report; otherwise say it stopped.
    const last = this.stderr.trim().split('\n').filter(Boolean).pop() ?? ''
    const state: RadioState =
      this.lastState && this.lastState.status !== 'ready'
        ? this.lastState
        : {
            radio: 'ble',
            status: 'unavailable',
            driver: DRIVER,
            reason: `The Bluetooth host stopped (${signal ?? `exit ${code}`})${last ? `: ${last.slice(0, 200)}` : ''}.`,
            remedy: 'Reinstall dependencies (npm ci) and check the README troubleshooting section; Refresh radios to restart it.',
          }
    this.on.exited(state)
  }
}
