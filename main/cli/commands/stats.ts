import type { Command } from 'commander'
import { Option } from 'commander'
import { MethodId, StatsFilter, type TimingReport } from '../../../preload/contract'
import { SessionStore } from '../../sessions/store'
import { timingReport, tuneForAggregation } from '../../stats'
import { UsageError, dataDirOption, formatMs, jsonOption } from '../common'

const BARS = '▁▂▃▄▅▆▇█'

function parseTime(value: string, what: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value)
  if (!Number.isFinite(ms)) throw new UsageError(`${what}: "${value}" is not a date (2026-10-01, 2026-10-01T12:00Z) or ms since 1970.`)
  return ms
}

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('timing and failure aggregates over stored sessions (the Timing view, as text or JSON)')
    .addOption(new Option('--method <id>', 'only this method (repeat for several)').choices(MethodId.options).argParser((v: string, all: string[] = []) => [...all, v]))
    .option('--from <date>', 'sessions started at or after this time')
    .option('--to <date>', 'sessions started before this time')
    .option('--model <model>', 'only this device model')
    .option('--ssid <ssid>', 'only this Wi-Fi target')
    .addOption(new Option('--profile <profile>', 'lab or hardware sessions only').choices(['lab', 'hardware']))
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action((opts) => {
      const filter = StatsFilter.safeParse({
        ...(opts.method ? { methods: opts.method } : {}),
        ...(opts.from ? { from: parseTime(opts.from, '--from') } : {}),
        ...(opts.to ? { to: parseTime(opts.to, '--to') } : {}),
        ...(opts.model ? { deviceModel: opts.model } : {}),
        ...(opts.ssid ? { ssid: opts.ssid } : {}),
        ...(opts.profile ? { profile: opts.profile } : {}),
      })
      if (!filter.success) throw new UsageError(filter.error.issues[0].message)
      const store = SessionStore.open(opts.dataDir)
      tuneForAggregation(store.db)
      try {
        const report = timingReport(store.db, filter.data)
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
        else printReport(report, (line) => process.stdout.write(`${line}\n`))
      } finally {
        store.close()
      }
    })
}

const pct = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`)

function sparkline(counts: number[]): string {
  const max = Math.max(...counts, 1)
  return counts.map((c) => (c === 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((c / max) * (BARS.length - 1)))])).join('')
}

export function printReport(report: TimingReport, write: (line: string) => void): void {
  if (report.sessions === 0) return write('No sessions match.')
  write(`${report.sessions} sessions`)
  write('')
  write('Time to confirmed (successful sessions)')
  write(`  ${'method'.padEnd(14)} ${'sessions'.padStart(8)} ${'success'.padStart(8)} ${'p50'.padStart(9)} ${'p90'.padStart(9)}  histogram`)
  const edges = report.distribution.binEdgesMs
  for (const s of report.success) {
    const d = report.distribution.methods.find((m) => m.method === s.method)
    const q = d?.quantiles
    write(
      `  ${s.method.padEnd(14)} ${String(s.total).padStart(8)} ${pct(s.rate).padStart(8)} ${(q ? formatMs(Math.round(q.p50)) : '–').padStart(9)} ${(q ? formatMs(Math.round(q.p90)) : '–').padStart(9)}  ${d ? sparkline(d.counts) : ''}`,
    )
  }
  if (edges.length > 1) write(`  ${''.padEnd(52)}${formatMs(Math.round(edges[0]))} … ${formatMs(Math.round(edges[edges.length - 1]))}`)
  write('')
  write('Mean step times (successful sessions)')
  for (const b of report.steps) write(`  ${b.method.padEnd(14)} ${b.steps.map((s) => `${s.name} ${formatMs(Math.round(s.meanMs))}`).join(' · ')}`)
  if (report.failures.length > 0) {
    write('')
    write('Failures by cause')
    for (const f of report.failures) write(`  ${f.method.padEnd(14)} ${String(f.count).padStart(6)}  ${f.causeId.padEnd(28)} ${f.title}`)
  }
}
