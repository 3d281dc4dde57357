// Live pipeline benchmark: the lab air at 20,000 frames/s for 60 s into the frame store of a headless station, with
// the Frames view open in chromium following the newest frame. Prints frames sent vs stored, drops, the longest
// renderer task (PerformanceObserver "longtask"), main's worst event-loop delay, counter pushes per second, and the
// ratio of the offered load to the store's own ingest capacity measured in the same run (the baseline).
//   npx tsx tests/bench/live-pipeline.ts [--seconds 60] [--rate 20000]
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { chromium, type Page } from '@playwright/test'
import { buildBeacon, buildDataFrame, buildProbeRequest, dsParameterElement, rateElements, ssidElement, vendorElement } from '../../main/codec/ieee80211/index.js'
import { FrameStore } from '../../main/frames/frame-store'
import { framesServiceOf } from '../../main/frames/frames-service'
import { radiotapPacket } from '../../main/lab/air-recorder'
import { startHeadless } from '../../main/server'
import { PROJECT_ROOT } from './lib/tshark.js'

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const SECONDS = arg('seconds', 60)
const RATE = arg('rate', 20_000)
// A 5 GHz channel no lab device listens on: the benchmark measures capture, store and view, not device firmware.
const CHANNEL = 165
const FREQ = 5825

function must<T>(r: { ok: true; value: T } | { ok: false; error: { reason: string } }): T {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

/** A mix like a busy channel: beacons, probe requests with vendor IEs (WPS, Alibaba), QoS-less data. */
function frames(): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < 32; i++) {
    const mac = `02:be:00:00:00:${i.toString(16).padStart(2, '0')}`
    out.push(must(buildBeacon({ bssid: mac, elements: [ssidElement(`bench-${i % 8}`), ...rateElements([6000, 12000, 24000]), dsParameterElement(CHANNEL), vendorElement('00:50:f2', 2, new Uint8Array(18))] })))
    out.push(must(buildProbeRequest({ sa: mac, elements: [ssidElement(''), vendorElement('00:50:f2', 4, Uint8Array.of(0x10, 0x4a, 0, 1, 0x10)), vendorElement('d8:96:e0', 0xaa, new Uint8Array(60))] })))
    out.push(must(buildDataFrame({ toDS: true, fromDS: false, sa: mac, da: '02:be:00:00:01:00', bssid: '02:be:00:00:00:00', bodyLength: 60 + i })))
  }
  return out
}

/** Baseline: the bare store's ingest rate for the same frames (radiotap added as the lab source does). */
function storeCapacity(templates: Uint8Array[]): number {
  const packets = templates.map((bytes) => radiotapPacket({ medium: 'wifi', from: 'x', channel: CHANNEL, freqMHz: FREQ, bytes, rssiDbm: -50, timeMicros: 1n, at: 0 }))
  const store = new FrameStore({ limit: 1_000_000 })
  const iface = { linktype: 127, name: 'bench' }
  const packet = { iface, buffer: packets[0], offset: 0, length: 0, originalLength: 0, seconds: 1_700_000_000, nanoseconds: 0 }
  const count = 500_000
  const started = performance.now()
  for (let k = 0; k < count; k++) {
    const bytes = packets[k % packets.length]
    packet.buffer = bytes
    packet.length = packet.originalLength = bytes.length
    packet.nanoseconds = k
    store.append(packet)
  }
  return count / ((performance.now() - started) / 1000)
}

/** Long tasks since the last reset: the longest, how many, and the three longest with what ran in them. */
async function longTasks(page: Page): Promise<{ longest: number; count: number; top: string[] }> {
  type Script = { invoker: string; source: string; ms: number; layoutMs: number }
  type Frame = { start: number; end: number; scriptMs: number; renderMs: number; layoutMs: number; scripts: Script[] }
  const { long, frames, now } = await page.evaluate(() => {
    const w = window as unknown as { __long: { start: number; duration: number }[]; __frames: Frame[] }
    return { long: w.__long, frames: w.__frames, now: performance.now() }
  })
  const top = [...long].sort((a, b) => b.duration - a.duration).slice(0, 3)
  return {
    longest: top[0]?.duration ?? 0,
    count: long.length,
    top: top.map((task) => {
      const frame = frames.find((f) => f.start <= task.start + 1 && f.end >= task.start + task.duration - 1)
      const at = `${task.duration.toFixed(0)} ms, ${((now - task.start) / 1000).toFixed(1)} s ago`
      if (!frame) return `${at}: (no long animation frame holds it)`
      const scripts = [...frame.scripts]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 3)
        .map((s) => `${s.invoker} -> ${s.source} ${s.ms.toFixed(0)} ms${s.layoutMs > 1 ? ` (forced layout ${s.layoutMs.toFixed(0)} ms)` : ''}`)
      return `${at}: frame ${(frame.end - frame.start).toFixed(0)} ms = scripts ${frame.scriptMs.toFixed(0)} ms + render ${frame.renderMs.toFixed(0)} ms (style/layout ${frame.layoutMs.toFixed(0)} ms)${scripts.length ? `; ${scripts.join('; ')}` : ''}`
    }),
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(PROJECT_ROOT, 'out/renderer/index.html'))) throw new Error('Build the UI first: npx electron-vite build')
  const templates = frames()
  const capacity = storeCapacity(templates)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pb-bench-live-'))
  // RENDERER_DIR: serve another build of the UI (an unminified one, for PROFILE_RENDERER).
  const headless = await startHeadless({ profile: 'lab', dataDir, shell: 'headless', host: '127.0.0.1', port: 0, ...(process.env.RENDERER_DIR ? { rendererDir: process.env.RENDERER_DIR } : {}) })
  const station = headless.station
  const call = (name: string, input: unknown = {}) => (station.handlers as Record<string, (i: unknown) => unknown>)[name](input)
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  try {
    // The bound sits above what the run sends, so every frame should be kept.
    await call('settings.set', { frameStoreLimit: Math.max(1_000_000, Math.ceil(RATE * SECONDS * 1.25)) })
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    // Long tasks (PerformanceObserver "longtask") and, to say what they were made of, the long animation frames
    // that hold them ("long-animation-frame": the scripts that ran, by entry point and source, and the style/layout
    // time). Both from the moment of the last reset (window.__resetLong()).
    await page.addInitScript(() => {
      type Script = { invoker: string; source: string; ms: number; layoutMs: number }
      type Frame = { start: number; end: number; scriptMs: number; renderMs: number; layoutMs: number; scripts: Script[] }
      const w = window as unknown as { __long: { start: number; duration: number }[]; __frames: Frame[]; __resetLong(): void }
      w.__long = []
      w.__frames = []
      w.__resetLong = () => {
        w.__long = []
        w.__frames = []
      }
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__long.push({ start: entry.startTime, duration: entry.duration })
      }).observe({ type: 'longtask', buffered: true })
      try {
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as {
            startTime: number
            duration: number
            renderStart: number
            styleAndLayoutStart: number
            scripts: { invoker: string; invokerType: string; sourceURL: string; sourceFunctionName: string; sourceCharPosition: number; duration: number; forcedStyleAndLayoutDuration: number }[]
          }[]) {
            const end = entry.startTime + entry.duration
            const scripts = entry.scripts.map((s) => ({
              invoker: `${s.invokerType} ${s.invoker}`,
              source: `${s.sourceFunctionName || '(anonymous)'} ${s.sourceURL.split('/').pop()}:${s.sourceCharPosition}`,
              ms: s.duration,
              layoutMs: s.forcedStyleAndLayoutDuration,
            }))
            w.__frames.push({
              start: entry.startTime,
              end,
              scriptMs: scripts.reduce((sum, s) => sum + s.ms, 0),
              renderMs: entry.renderStart > 0 ? end - entry.renderStart : 0,
              layoutMs: entry.styleAndLayoutStart > 0 ? end - entry.styleAndLayoutStart : 0,
              scripts,
            })
          }
        }).observe({ type: 'long-animation-frame', buffered: true })
      } catch {
        // No long-animation-frame in this browser: long tasks without attribution.
      }
    })
    if (process.env.PROFILE_RENDERER) {
      await page.addInitScript(() => {
        const removed = new Map<string, number>()
        ;(window as unknown as { __removed: Map<string, number> }).__removed = removed
        new MutationObserver((records) => {
          for (const r of records) {
            if (r.removedNodes.length === 0) continue
            const target = r.target as Element
            const key = `${target.nodeName}.${typeof target.className === 'string' ? target.className : ''} <- ${[...r.removedNodes].map((n) => n.nodeName).join(',')}`
            removed.set(key, (removed.get(key) ?? 0) + r.removedNodes.length)
          }
        }).observe(document, { childList: true, subtree: true })
      })
    }
    await page.goto(headless.url)
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Frames' }).click()
    await page.getByRole('button', { name: 'Capture the lab air' }).click()
    await page.getByText(/Lab air: lab air · capturing/).waitFor()
    // Measure from here: page load and the first render are not the pipeline.
    await page.evaluate(() => (window as unknown as { __resetLong(): void }).__resetLong())
    // TRACE_RENDERER=file.json: a Chrome trace of the run (open in chrome://tracing or Perfetto, or summarised here).
    if (process.env.TRACE_RENDERER) await browser.startTracing(page, { path: process.env.TRACE_RENDERER, categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'disabled-by-default-v8.gc'] })
    // PROFILE_RENDERER=1: a CPU profile of the page during the run, summarised (to see what a long task is made of).
    const cdp = process.env.PROFILE_RENDERER ? await page.context().newCDPSession(page) : undefined
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    const pushes: number[] = []
    station.bus.on('frames.counters', () => pushes.push(Date.now()))
    const service = framesServiceOf(station)!
    const receivedBefore = service.store.nextIndex
    const air = station.lab!.air
    const loadBefore = os.loadavg()[0]
    const lag = monitorEventLoopDelay({ resolution: 10 })
    lag.enable()

    let sent = 0
    const started = performance.now()
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = (performance.now() - started) / 1000
        // Paced like a radio, in slices of at most 20 ms worth, so the event loop turns between them; when the
        // pipeline falls behind the next slice follows at once (setImmediate), else after a short timer.
        const due = Math.min(RATE * SECONDS, Math.floor(elapsed * RATE))
        const slice = Math.min(due, sent + Math.ceil(RATE / 50))
        while (sent < slice) {
          air.transmit({ medium: 'wifi', from: 'bench', channel: CHANNEL, freqMHz: FREQ, bytes: templates[sent % templates.length], rateKbps: 6000 })
          sent++
        }
        if (sent >= RATE * SECONDS) resolve()
        else if (sent < due) setImmediate(tick)
        else setTimeout(tick, 2)
      }
      tick()
    })
    const sendSeconds = (performance.now() - started) / 1000
    if (cdp) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] } }
      const self = new Map<string, number>()
      const byId = new Map(profile.nodes.map((n) => [n.id, n]))
      profile.samples.forEach((id, k) => {
        const frame = byId.get(id)!.callFrame
        const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}:${frame.lineNumber + 1}`
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[k] ?? 0))
      })
      console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)} ms ${k}`).join('\n'))
      const removed = await page.evaluate(() => [...(window as unknown as { __removed: Map<string, number> }).__removed].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log('DOM removals by parent:', removed)
    }
    await new Promise((resolve) => setTimeout(resolve, 1500))
    if (process.env.TRACE_RENDERER) await browser.stopTracing()
    lag.disable()
    const status = service.status()
    const benchFrames = (() => {
      const compiled = service.store.compile({ channels: [CHANNEL] })
      if (!compiled.ok) throw new Error(compiled.error.reason)
      return service.store.select(compiled.value, 0, 1).total
    })()
    const ui = await longTasks(page)
    const shownStored = await page.getByTestId('frames-stored').textContent()

    // Then the view with everything stored: jump and wheel through the table, and filter it.
    await page.getByLabel('Follow the newest frame').uncheck()
    await page.evaluate(() => (window as unknown as { __resetLong(): void }).__resetLong())
    const scroller = page.locator('.frame-scroll')
    const settled = () => page.waitForFunction(() => document.querySelectorAll('.frame-scroll .frame-loading').length === 0 && document.querySelectorAll('.frame-scroll [data-frame-index]').length > 10)
    const jumps = [0, 0.25, 0.5, 0.75, 1, ...Array.from({ length: 15 }, (_, k) => ((k * 7919) % 1000) / 1000)]
    const jumpStarted = performance.now()
    for (const fraction of jumps) {
      await scroller.evaluate((element, f) => {
        element.scrollTop = f * (element.scrollHeight - element.clientHeight)
      }, fraction)
      await settled()
    }
    const jumpMs = (performance.now() - jumpStarted) / jumps.length
    await scroller.hover()
    for (let k = 0; k < 40; k++) {
      await page.mouse.wheel(0, 600)
      await page.waitForTimeout(30)
    }
    await settled()
    const scrolling = await longTasks(page)
    const filterStarted = performance.now()
    await page.getByLabel('Filter', { exact: true }).fill('type=beacon ssid=bench-3')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.waitForFunction(() => {
      const first = document.querySelector('.frame-scroll [data-frame-index] .frame-info')
      return first?.textContent?.includes('SSID="bench-3"') ?? false
    })
    const filterMs = performance.now() - filterStarted
    const matching = await page.getByTestId('frames-matching').textContent()
    const pushWindow = pushes.filter((t) => t >= Date.now() - (sendSeconds + 1.5) * 1000)
    const lines = [
      `offered load            ${RATE.toLocaleString('en')} frames/s for ${SECONDS} s on channel ${CHANNEL} (lab air, radiotap)`,
      `sent                    ${sent.toLocaleString('en')} frames in ${sendSeconds.toFixed(1)} s (${Math.round(sent / sendSeconds).toLocaleString('en')} frames/s achieved)`,
      `stored (bench frames)   ${benchFrames.toLocaleString('en')}  ratio stored/sent ${(benchFrames / sent).toFixed(4)}`,
      `stored (all, incl. lab) ${status.stored.toLocaleString('en')} of ${status.received.toLocaleString('en')} received (${receivedBefore} before the run); dropped ${status.dropped.toLocaleString('en')}; bound ${status.limit.toLocaleString('en')}`,
      `Frames view shows       stored ${shownStored?.trim()}`,
      `longest renderer task   ${ui.count ? `${ui.longest.toFixed(0)} ms` : 'none over 50 ms (the longtask API reports only tasks > 50 ms)'} (${ui.count} long tasks > 50 ms) while capturing, measured from the capture start with the view open; target < 50 ms`,
      ...ui.top.map((task, k) => `  long task ${k + 1}           ${task}`),
      `view with all stored    jump to a position and render: ${jumpMs.toFixed(0)} ms each (${jumps.length} jumps); 40 wheel steps; longest renderer task while scrolling ${scrolling.longest.toFixed(0)} ms (${scrolling.count} long tasks)`,
      ...scrolling.top.map((task, k) => `  long task ${k + 1}           ${task}`),
      `filter on all stored    "type=beacon ssid=bench-3" shown in ${filterMs.toFixed(0)} ms, ${matching?.trim()} matching`,
      `main event-loop delay   max ${(lag.max / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms`,
      `counter pushes          ${(pushWindow.length / (sendSeconds + 1.5)).toFixed(1)} per second (limit 10)`,
      `store memory            ${(status.bytes / 1024 / 1024).toFixed(0)} MiB allocated (records + raw bytes)`,
      `machine                 ${os.cpus().length} cores; load average (1 min) ${loadBefore.toFixed(1)} at the capture start, ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine stretches renderer tasks)`,
      `baseline                bare store ingest ${Math.round(capacity).toLocaleString('en')} frames/s; offered/capacity ratio ${(RATE / capacity).toFixed(3)} (headroom ${(capacity / RATE).toFixed(1)}x)`,
    ]
    console.log(lines.join('\n'))
  } finally {
    await browser.close()
    await headless.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
