// Throughput of the capture reader + frame summary fast path, against tshark on the same file in the same run.
//   npx tsx tests/bench/codec-vs-tshark.ts [--frames N] [--runs R] [--keep]
// Generates an N-frame radiotap pcap (beacons, probe requests with vendor elements, QoS data), streams it
// through createCaptureReader().scan + summarizeRadiotapFrame on this one thread, then runs
//   tshark -r FILE -T fields -e wlan.fc.type_subtype -e wlan.sa -e wlan.ssid
// and prints both rates and their ratio. It also checks that the first frames agree with tshark's output.
// Rates are given per wall-clock second and per CPU second: on a shared machine the CPU figure is the
// honest "one core" number (ours: this process's user+system time; tshark: its user+system time, taken
// from the shell's `times`), and the headline ratio uses it.
import { spawn } from 'node:child_process'
import { createReadStream, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  createFrameSummary,
  decodeRadiotapFrame,
  formatMacNumber,
  summarizeRadiotapFrame,
  toHex,
} from '../../main/codec/ieee80211/index.js'
import { createCaptureReader, type PacketSink, type PacketView } from '../../main/codec/pcapfile/index.js'
import { tsharkAvailable } from './lib/tshark.js'
import { writeSyntheticCapture } from './lib/synthetic-air.js'

const TARGET_FRAMES_PER_SECOND = 1_000_000
const TARGET_RATIO = 10
const CHECKED_FRAMES = 2000

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name)
  return at >= 0 ? Number(process.argv[at + 1]) : fallback
}

const frames = argument('--frames', 1_000_000)
const runs = argument('--runs', 3)
const keep = process.argv.includes('--keep')

/** One tab-separated line per frame, in tshark's field format, for the agreement check. */
function tsharkStyleLine(typeSubtype: number, sa: number, ssid: string | undefined): string {
  return `0x${typeSubtype.toString(16).padStart(4, '0')}\t${sa < 0 ? '' : formatMacNumber(sa)}\t${ssid ?? ''}`
}

interface FastPathResult {
  frames: number
  ms: number
  cpuMs: number
  malformed: number
  checksum: number
  lines: string[]
}

/** The path the frame store uses: stream chunks, scan with a reused view, summarize into a reused object. */
async function fastPath(file: string, collectLines: boolean): Promise<FastPathResult> {
  const reader = createCaptureReader()
  const summary = createFrameSummary()
  const lines: string[] = []
  let count = 0
  let malformed = 0
  let checksum = 0
  const sink: PacketSink = {
    packet(v: PacketView) {
      summarizeRadiotapFrame(v.buffer, summary, v.offset, v.capturedLength)
      count++
      // Fold the fields a store row keeps into a checksum, so none of the work can be skipped.
      checksum = (checksum + summary.typeSubtype + summary.sa + summary.bssid + summary.vendorCount + (summary.ssid?.length ?? 0) + summary.signalDbm) % 1e15
      if (collectLines && lines.length < CHECKED_FRAMES) {
        const ssid = summary.ssidOffset < 0 ? undefined : summary.ssidLength === 0 ? '<MISSING>' : toHex(v.buffer.subarray(summary.ssidOffset, summary.ssidOffset + summary.ssidLength))
        lines.push(tsharkStyleLine(summary.typeSubtype, summary.sa, ssid))
      }
    },
    malformed() {
      malformed++
    },
  }
  const start = performance.now()
  const cpu = process.cpuUsage()
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) reader.scan(chunk as Buffer, sink)
  reader.endScan(sink)
  const used = process.cpuUsage(cpu)
  return { frames: count, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, malformed, checksum, lines }
}

/** For comparison only: the allocating record path (push + BigInt timestamps + copies) and the full decoder. */
async function recordPath(file: string, fullDecodeEvery: number): Promise<{ frames: number; ms: number; fullDecoded: number }> {
  const reader = createCaptureReader()
  const summary = createFrameSummary()
  let count = 0
  let fullDecoded = 0
  const start = performance.now()
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (const record of reader.push(chunk as Buffer)) {
      summarizeRadiotapFrame(record.data, summary)
      if (count % fullDecodeEvery === 0) {
        decodeRadiotapFrame(record.data)
        fullDecoded++
      }
      count++
    }
  }
  reader.end()
  return { frames: count, ms: performance.now() - start, fullDecoded }
}

async function fullDecoderRate(file: string, limit: number): Promise<{ frames: number; ms: number }> {
  const reader = createCaptureReader()
  const records = []
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    records.push(...reader.push(chunk as Buffer))
    if (records.length >= limit) break
  }
  const start = performance.now()
  for (const record of records.slice(0, limit)) decodeRadiotapFrame(record.data)
  return { frames: Math.min(limit, records.length), ms: performance.now() - start }
}

/** Runs tshark under bash so that bash's `times` can report tshark's CPU time afterwards. */
function runTshark(file: string): Promise<{ frames: number; ms: number; cpuMs: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const script = 'tshark -r "$1" -T fields -e wlan.fc.type_subtype -e wlan.sa -e wlan.ssid 2>/dev/null; status=$?; times >&2; exit $status'
    const child = spawn('bash', ['-c', script, 'tshark-bench', file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let count = 0
    let tail = ''
    let timesOutput = ''
    const lines: string[] = []
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (text: string) => {
      const parts = (tail + text).split('\n')
      tail = parts.pop() ?? ''
      count += parts.length
      for (const line of parts) if (lines.length < CHECKED_FRAMES) lines.push(line)
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text: string) => (timesOutput += text))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`tshark exited with ${code}`))
      // `times` prints the shell's own user/system time, then its children's: "0m12.345s 0m0.678s".
      const children = timesOutput.trim().split('\n').at(-1) ?? ''
      const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]))
      resolve({ frames: count + (tail ? 1 : 0), ms: performance.now() - start, cpuMs: (seconds[0] + seconds[1]) * 1000, lines })
    })
  })
}

const rate = (n: number, ms: number) => (n / ms) * 1000
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provbench-bench-'))
  const file = path.join(dir, 'air.pcap')
  try {
    let t = performance.now()
    const size = writeSyntheticCapture(file, frames)
    console.log(`generated ${fmt(frames)} radiotap frames, ${(size / 1e6).toFixed(1)} MB, in ${((performance.now() - t) / 1000).toFixed(1)} s: ${file}`)
    console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}`)

    const results: FastPathResult[] = []
    for (let i = 0; i < runs; i++) {
      const r = await fastPath(file, i === 0)
      results.push(r)
      console.log(
        `  ours, run ${i + 1}: ${fmt(r.frames)} frames in ${r.ms.toFixed(0)} ms wall / ${r.cpuMs.toFixed(0)} ms CPU = ${fmt(rate(r.frames, r.ms))} frames/s wall, ${fmt(rate(r.frames, r.cpuMs))} frames/s CPU`,
      )
    }
    const best = results.reduce((a, b) => (b.cpuMs < a.cpuMs ? b : a))
    if (best.frames !== frames || best.malformed > 0) throw new Error(`read ${best.frames} frames, ${best.malformed} malformed`)
    if (new Set(results.map((r) => r.checksum)).size !== 1) throw new Error('runs disagree')

    const records = await recordPath(file, 100)
    console.log(`  (record path: push() with copies and BigInt times + summary: ${fmt(rate(records.frames, records.ms))} frames/s)`)
    const full = await fullDecoderRate(file, 100_000)
    console.log(`  (full decoder with every element: ${fmt(rate(full.frames, full.ms))} frames/s on ${fmt(full.frames)} frames)`)

    if (!tsharkAvailable()) {
      console.log('tshark not found: no baseline; ours only.')
      return
    }
    t = performance.now()
    const tshark = await runTshark(file)
    console.log(
      `  tshark: ${fmt(tshark.frames)} frames in ${tshark.ms.toFixed(0)} ms wall / ${tshark.cpuMs.toFixed(0)} ms CPU = ${fmt(rate(tshark.frames, tshark.ms))} frames/s wall, ${fmt(rate(tshark.frames, tshark.cpuMs))} frames/s CPU`,
    )
    if (tshark.frames !== frames) throw new Error(`tshark printed ${tshark.frames} lines for ${frames} frames`)

    const disagreements = results[0].lines.length === tshark.lines.length ? results[0].lines.filter((line, i) => line !== tshark.lines[i]) : ['line counts differ']
    console.log(`  agreement with tshark on the first ${fmt(results[0].lines.length)} frames: ${disagreements.length === 0 ? 'all equal' : `${disagreements.length} differ, e.g. ${disagreements[0]}`}`)

    const ours = rate(best.frames, best.cpuMs)
    const theirs = rate(tshark.frames, tshark.cpuMs)
    const ratio = ours / theirs
    const wallRatio = rate(best.frames, best.ms) / rate(tshark.frames, tshark.ms)
    console.log('')
    console.log('per CPU second (best of the runs):')
    console.log(`ours   ${fmt(ours).padStart(12)} frames/s   (target >= ${fmt(TARGET_FRAMES_PER_SECOND)}: ${ours >= TARGET_FRAMES_PER_SECOND ? 'met' : 'NOT met'})`)
    console.log(`tshark ${fmt(theirs).padStart(12)} frames/s`)
    console.log(`ratio  ${ratio.toFixed(1).padStart(12)} x          (target >= ${TARGET_RATIO}x: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`)
    console.log(`wall-clock: ours ${fmt(rate(best.frames, best.ms))} frames/s, tshark ${fmt(rate(tshark.frames, tshark.ms))} frames/s, ratio ${wallRatio.toFixed(1)} x`)
    if (disagreements.length > 0) process.exitCode = 1
  } finally {
    if (keep) console.log(`kept ${file}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

await main()
