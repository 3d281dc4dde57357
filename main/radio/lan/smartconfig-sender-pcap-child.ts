// Runs in a child process (hardware drivers never load in the station's own process): opens one pcap session and
// either streams what it captures to stdout as a pcap file, or injects the given frames in turn until killed.
//   capture <interface> <bpf filter>          stdout: pcap stream (global header as soon as the session is open)
//   inject  <interface> <intervalMs> <hex,...> stdout: "ready\n" once open; frames are sent round-robin
// Errors go to stderr as one line and the process exits with code 2.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

interface PcapPacket {
  buf: Buffer
  header: Buffer
}
interface PcapSession {
  link_type: string
  on(event: 'packet', listener: (packet: PcapPacket) => void): void
  inject(data: Buffer): void
  close(): void
}
interface PcapModule {
  createSession(device: string, options: Record<string, unknown>): PcapSession
}

const LINKTYPES: Record<string, number> = {
  LINKTYPE_NULL: 0,
  LINKTYPE_ETHERNET: 1,
  LINKTYPE_IEEE802_11_RADIO: 127,
  LINKTYPE_RAW: 101,
  LINKTYPE_LINUX_SLL: 113,
}

function die(message: string): never {
  process.stderr.write(`${message.replace(/\s+/g, ' ').slice(0, 400)}\n`)
  process.exit(2)
}

function pcapGlobalHeader(linktype: number): Buffer {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(65535, 16)
  header.writeUInt32LE(linktype, 20)
  return header
}

function capture(pcap: PcapModule, iface: string, filter: string): void {
  const session = pcap.createSession(iface, { filter, monitor: false, promiscuous: false, buffer_timeout: 0 })
  const linktype = LINKTYPES[session.link_type]
  if (linktype === undefined) die(`unsupported link type ${session.link_type} on ${iface}`)
  process.stdout.write(pcapGlobalHeader(linktype))
  session.on('packet', (packet) => {
    // The record header is libpcap's own (seconds, microseconds, caplen, len); the buffer is the snap-length buffer.
    const captured = packet.header.readUInt32LE(8)
    process.stdout.write(Buffer.concat([packet.header.subarray(0, 16), packet.buf.subarray(0, captured)]))
  })
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
  if (!iface) die('usage: capture|inject <interface> ...')
  if (mode === 'capture') capture(pcap, iface, rest[0] ?? '')
  else if (mode === 'inject') inject(pcap, iface, Number(rest[0]), (rest[1] ?? '').split(',').filter(Boolean).map((hex) => Buffer.from(hex, 'hex')))
  else die(`unknown mode ${mode}`)
} catch (error) {
  die((error as Error).message)
}
process.on('SIGTERM', () => process.exit(0))
