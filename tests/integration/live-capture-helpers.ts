// Shared by the live-capture tests: collect what a capture source delivers, and send UDP datagrams to watch for.
import { spawn } from 'node:child_process'
import dgram from 'node:dgram'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CapturedPacket, CaptureSource } from '../../main/radio/capture/capture-source'
import type { SpawnHelper } from '../../main/radio/capture/live-pcap-source'

export interface Collected {
  linktype: number
  bytes: Uint8Array
  seconds: number
}

export async function collect(source: CaptureSource): Promise<Collected[]> {
  const packets: Collected[] = []
  await source.start({
    packet(p: CapturedPacket) {
      packets.push({ linktype: p.iface.linktype, bytes: p.buffer.slice(p.offset, p.offset + p.length), seconds: p.seconds })
    },
  })
  return packets
}

export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

export function sendUdp(port: number, payloads: string[], host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4')
    let left = payloads.length
    for (const payload of payloads) {
      socket.send(payload, port, host, (error) => {
        if (error) reject(error)
        if (--left === 0) {
          socket.close()
          resolve()
        }
      })
    }
  })
}

/** A free-ish high UDP port per test run (the BPF filter names it, so other traffic stays out). */
export function testPort(): number {
  return 40_000 + (process.pid % 20_000)
}

/** Runs the capture helper as another user (the permission test): the same module, a different uid. */
export function spawnAs(uid: number, gid: number): SpawnHelper {
  return (moduleUrl, args) => {
    let file = fileURLToPath(moduleUrl)
    if (!existsSync(file)) file = file.replace(/\.js$/, '.ts')
    return spawn(process.execPath, ['--import', 'tsx', file, ...args], { uid, gid, cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: '/tmp' } })
  }
}
