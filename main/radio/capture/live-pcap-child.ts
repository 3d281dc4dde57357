// Runs in a child process: opens one interface with libpcap (node `pcap`) and streams what it captures to stdout as
// a pcap file (the 16-byte record headers node-pcap hands out are pcap's own). Status lines go to stderr, each
// prefixed, as JSON. A driver crash, a hang or a flood stays in this process; the station only reads a stream.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { classifyOpenFailure, interfaceGoneError, linktypeNumber, notWirelessError } from './capture-errors'
import type { CaptureError } from './capture-source'
import { LIVE_STATUS_PREFIX, type LiveChildOptions, type LiveStatus } from './live-protocol'

const require = createRequire(import.meta.url)
const options = JSON.parse(process.argv[2] ?? '{}') as LiveChildOptions
/** Output held for a slow reader before packets are dropped (a live capture cannot wait). */
const MAX_PENDING_BYTES = 64 * 1024 * 1024

interface PcapModule {
  findalldevs(): { name: string }[]
  createSession(device: string, options: Record<string, unknown>): PcapSession
  warningHandler: (message: string) => void
}
interface PcapSession {
  link_type: string
  buf: Buffer
  header: Buffer
  session: { dispatch(buf: Buffer, header: Buffer): number; read_callback: () => void }
  on(event: 'packet', listener: (packet: { buf: Buffer; header: Buffer }) => void): void
  stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number }
  close(): void
}

function status(message: LiveStatus): void {
  process.stderr.write(`${LIVE_STATUS_PREFIX}${JSON.stringify(message)}\n`)
}

function fail(error: CaptureError): never {
  status({ type: 'error', code: error.code, message: error.message, remedy: error.remedy })
  process.exit(3)
}

const sysNet = (name: string) => `/sys/class/net/${name}`
const isLinux = process.platform === 'linux'

function main(): void {
  let pcap: PcapModule
  try {
    pcap = require('pcap') as PcapModule
  } catch (error) {
    fail({ code: 'driver-unavailable', message: `The capture driver (node pcap / libpcap) did not load: ${(error as Error).message}`, remedy: 'Reinstall dependencies (npm ci); on Linux install libpcap (apt-get install libpcap0.8).' } as CaptureError)
  }
  pcap.warningHandler = (message) => status({ type: 'warning', message: String(message) })
  const name = options.interface
  const devices = pcap.findalldevs().map((d) => d.name)
  if (!devices.includes(name) && !(isLinux && fs.existsSync(sysNet(name)))) {
    fail(classifyOpenFailure({ interface: name, message: 'No such device exists', monitorRequested: false, executable: process.execPath }))
  }
  const wireless = isLinux ? fs.existsSync(`${sysNet(name)}/phy80211`) : undefined
  if (options.monitor === 'on' && wireless === false) fail(notWirelessError(name))
  const monitor = options.monitor === 'on' || (options.monitor === 'auto' && wireless === true)

  let session: PcapSession
  try {
    session = pcap.createSession(name, {
      filter: options.filter ?? '',
      monitor,
      promiscuous: true,
      snap_length: options.snapLength,
      buffer_size: 16 * 1024 * 1024,
      // 0 = immediate mode: packets arrive as they are captured, not when a kernel buffer fills.
      buffer_timeout: 0,
    })
  } catch (error) {
    fail(classifyOpenFailure({ interface: name, message: (error as Error).message, monitorRequested: monitor, executable: process.execPath }))
  }
  const linktype = linktypeNumber(session.link_type)
  if (linktype === undefined) fail({ code: 'failed', message: `${name} has a link type Provbench cannot read (${session.link_type}).` } as CaptureError)

  const pending: Buffer[] = []
  let pendingBytes = 0
  let droppedHere = 0
  let flushScheduled = false
  const flush = () => {
    flushScheduled = false
    if (pending.length === 0) return
    const chunk = Buffer.concat(pending, pendingBytes)
    pending.length = 0
    pendingBytes = 0
    process.stdout.write(chunk)
  }
  const emit = (bytes: Buffer) => {
    if (process.stdout.writableLength + pendingBytes > MAX_PENDING_BYTES) {
      droppedHere++
      return
    }
    pending.push(bytes)
    pendingBytes += bytes.length
    if (!flushScheduled) {
      flushScheduled = true
      setImmediate(flush)
    }
  }

  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(options.snapLength, 16)
  header.writeUInt32LE(linktype, 20)
  emit(header)

  session.on('packet', (packet) => {
    // node-pcap's header buffer: tv_sec, tv_usec, caplen, len, as 32-bit host-order words = a pcap record header.
    const captured = packet.header.readUInt32LE(8)
    const record = Buffer.allocUnsafe(16 + captured)
    packet.header.copy(record, 0, 0, 16)
    if (!isLittleEndianHost) for (let i = 0; i < 16; i += 4) record.writeUInt32LE(packet.header.readUInt32BE(i), i)
    packet.buf.copy(record, 16, 0, captured)
    emit(record)
  })

  let stopping = false
  const stop = (code = 0) => {
    if (stopping) return
    stopping = true
    const stats = safeStats(session)
    try {
      session.close()
    } catch {
      // closing a session whose interface vanished can throw; the process is ending either way
    }
    flush()
    status({ type: 'stats', received: stats.ps_recv, dropped: stats.ps_drop + stats.ps_ifdrop + droppedHere, final: true })
    process.stdout.end(() => process.exit(code))
    setTimeout(() => process.exit(code), 2_000).unref()
  }

  // A read error (-1) from libpcap means the interface went away or broke; pcap.js would just count it and spin.
  let readFailed = false
  session.session.read_callback = () => {
    if (stopping || readFailed) return
    if (session.session.dispatch(session.buf, session.header) < 0) {
      // The kernel reports the read error a moment before the interface leaves /sys: wait to tell "gone" from "down".
      readFailed = true
      setTimeout(gone, 300)
    }
  }
  const gone = () => {
    if (stopping) return
    const error = isLinux && !fs.existsSync(sysNet(name)) ? interfaceGoneError(name) : classifyOpenFailure({ interface: name, message: 'The interface went down', monitorRequested: monitor, executable: process.execPath })
    status({ type: 'error', code: error.code, message: error.message, remedy: error.remedy })
    stop(3)
  }
  const watch = setInterval(() => {
    if (isLinux && !fs.existsSync(sysNet(name))) gone()
    // Orphaned (the station died without stopping us): stop rather than capture forever.
    if (process.ppid === 1) stop(0)
    const stats = safeStats(session)
    status({ type: 'stats', received: stats.ps_recv, dropped: stats.ps_drop + stats.ps_ifdrop + droppedHere })
  }, 500)
  watch.unref?.()
  process.stdout.on('error', () => stop(0))
  process.on('SIGTERM', () => stop(0))
  process.on('SIGINT', () => stop(0))
  status({ type: 'started', linktype: linktype!, monitorMode: monitor, wireless: wireless ?? null })
}

const isLittleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

function safeStats(session: PcapSession): { ps_recv: number; ps_drop: number; ps_ifdrop: number } {
  try {
    return session.stats()
  } catch {
    return { ps_recv: 0, ps_drop: 0, ps_ifdrop: 0 }
  }
}

process.on('uncaughtException', (error) => {
  status({ type: 'error', code: 'failed', message: `The capture helper failed: ${error.message}` })
  process.exit(3)
})

main()
