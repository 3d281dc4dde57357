import type { Command } from 'commander'
import type { FrameRow } from '../../../preload/contract'
import { frameRow } from '../../frames/frame-rows'
import { FrameStore } from '../../frames/frame-store'
import { FileCaptureSource } from '../../radio/capture/file-source'
import { CaptureError } from '../../radio/capture/capture-source'
import { UsageError, jsonOption } from '../common'

/** Frames held at once while a file streams through (rows are printed after every chunk, then may be dropped). */
const WINDOW_FRAMES = 100_000

/** One JSON line per frame: the fields a script (or a tshark comparison) needs. */
export function frameJson(row: FrameRow): Record<string, unknown> {
  return {
    index: row.index,
    time: row.time,
    kind: row.kind,
    type: row.type,
    subtype: row.subtype,
    typeName: row.typeName,
    addresses: { ra: row.ra, ta: row.ta, sa: row.sa, da: row.da },
    bssid: row.bssid,
    ssid: row.ssid,
    channel: row.channel,
    frequency: row.freqMHz,
    signalDbm: row.signalDbm,
    fcs: row.fcs,
    vendorIes: row.vendorIes,
    claims: row.claims,
    length: row.length,
    malformed: row.malformed,
  }
}

export function frameLine(row: FrameRow, origin: number): string {
  const cell = (value: string | number | null, width: number) => String(value ?? '-').padEnd(width)
  const time = (row.time - origin).toFixed(6)
  const route = row.source || row.destination ? `${row.source ?? '-'} → ${row.destination ?? '-'}` : '-'
  return `${String(row.index).padStart(7)} ${time.padStart(12)} ${cell(row.channel, 4)}${cell(row.signalDbm, 5)}${cell(route, 39)} ${cell(row.bssid, 18)}${String(row.length).padStart(5)}  ${row.info}`
}

export function registerFrames(program: Command): void {
  program
    .command('frames')
    .description('list the frames of a pcap/pcapng capture, one line per frame (the Frames view, in a terminal)')
    .argument('<file>', 'capture file (.pcap or .pcapng; radiotap, 802.11, Ethernet or BLE LL)')
    .option('--filter <expr>', 'only frames matching, e.g. "type=beacon,probe-req ssid=LabNet signal>=-70", "provisioning", "vendor=d8:96:e0:aa"')
    .addOption(jsonOption())
    .action(async (file: string, opts: { filter?: string; json?: boolean }) => {
      // One file chunk (1 MiB) is printed before the next is read, so a small window is enough for any file size.
      const store = new FrameStore({ limit: WINDOW_FRAMES, maxBytes: 64 * 1024 * 1024 })
      const compiled = store.compile(opts.filter ? { expr: opts.filter } : undefined)
      if (!compiled.ok) {
        const at = compiled.error.offset
        throw new UsageError(`--filter: ${compiled.error.reason}${opts.filter && at > 0 ? ` (at character ${at + 1})` : ''}`)
      }
      const filter = compiled.value
      const out = process.stdout
      let printed = 0
      let origin: number | undefined
      let closed = false
      out.on('error', () => (closed = true))
      const flush = async () => {
        const lines: string[] = []
        for (let index = Math.max(printed, store.firstIndex); index < store.nextIndex; index++) {
          const ref = store.ref(index)!
          origin ??= store.timeOf(index)
          if (!filter.matches(ref.block, ref.i)) continue
          const row = frameRow(store, index)!
          lines.push(opts.json ? JSON.stringify(frameJson(row)) : frameLine(row, origin!))
        }
        printed = store.nextIndex
        if (lines.length === 0 || closed) return
        // A reader that is slower than the file (a pager) holds the file back.
        if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve))
      }
      const source = new FileCaptureSource(file)
      try {
        await source.start({
          packet: (packet) => {
            if (!closed) store.append(packet)
          },
          batchEnd: flush,
          problem: (problem) => process.stderr.write(`provbench: ${source.description.label}: ${problem.reason} (at byte ${problem.offset})\n`),
        })
      } catch (error) {
        if (error instanceof CaptureError) throw new UsageError(`${error.message}${error.remedy ? ` ${error.remedy}` : ''}`)
        throw error
      }
      const end = await source.ended
      await flush()
      if (end.reason === 'failed') throw new Error(end.error?.message ?? 'reading the capture failed')
    })
}
