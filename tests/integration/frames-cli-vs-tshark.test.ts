import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { FrameStore } from '../../main/frames/frame-store'
import { FileCaptureSource } from '../../main/radio/capture/file-source'
import { CAPTURES_DIR, PROJECT_ROOT, prerequisites, tsharkFields, type TsharkFrame } from '../bench/lib/tshark.js'

// `provbench frames FILE --json` (file source -> frame store -> rows) against tshark on peers' captures: the
// whole pipeline, not just the codec, and the filter language against tshark's display filters.
const prereq = prerequisites({ captures: true })
const FIELDS = ['wlan.fc.type_subtype', 'wlan.ra', 'wlan.ta', 'wlan.sa', 'wlan.da', 'wlan.bssid', 'wlan.ssid', 'radiotap.channel.freq', 'radiotap.dbm_antsignal', 'wlan.fcs.status', 'radiotap.flags.fcs', 'wlan.tag.oui', 'wlan.tag.vendor.oui.type']

interface JsonFrame {
  index: number
  type: number | null
  subtype: number | null
  addresses: { ra: string | null; ta: string | null; sa: string | null; da: string | null }
  bssid: string | null
  ssid: string | null
  frequency: number | null
  signalDbm: number | null
  fcs: 'absent' | 'ok' | 'bad'
  vendorIes: string[]
  malformed: string | null
}

async function load(file: string): Promise<FrameStore> {
  const store = new FrameStore({ limit: 100_000 })
  const source = new FileCaptureSource(file)
  await source.start({ packet: (p) => store.append(p) })
  await source.ended
  return store
}

function cli(file: string, filter?: string): JsonFrame[] {
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin/provbench.mjs'), 'frames', file, '--json', ...(filter ? ['--filter', filter] : [])], { encoding: 'utf8', maxBuffer: 1 << 28 })
  if (run.status !== 0) throw new Error(`provbench frames failed (${run.status}): ${run.stderr}`)
  return run.stdout.trim() ? run.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonFrame) : []
}

function tsharkCount(file: string, displayFilter: string): number {
  const run = spawnSync('tshark', ['-r', file, '-Y', displayFilter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', maxBuffer: 1 << 28 })
  if (run.status !== 0) throw new Error(`tshark -Y ${displayFilter} failed: ${run.stderr}`)
  return run.stdout.split('\n').filter((l) => l.trim()).length
}

const first = (t: TsharkFrame, field: string) => t[field]?.[0]
const oui = (decimal: string) => Number(decimal).toString(16).padStart(6, '0').replace(/(..)(..)(..)/, '$1:$2:$3')

function differences(ours: JsonFrame, t: TsharkFrame): string[] {
  const diffs: string[] = []
  const same = (what: string, mine: unknown, theirs: unknown) => {
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) diffs.push(`${what}: ours ${JSON.stringify(mine)}, tshark ${JSON.stringify(theirs)}`)
  }
  const ts = first(t, 'wlan.fc.type_subtype')
  same('type_subtype', ours.type === null ? undefined : (ours.type << 4) | ours.subtype!, ts === undefined ? undefined : Number.parseInt(ts, 16))
  for (const role of ['ra', 'ta', 'sa', 'da'] as const) same(role, ours.addresses[role] ?? undefined, first(t, `wlan.${role}`))
  same('bssid', ours.bssid ?? undefined, first(t, 'wlan.bssid'))
  const ssid = first(t, 'wlan.ssid')
  // tshark gives the SSID bytes as hex ("<MISSING>" when empty); ours is the display text, UTF-8 here.
  same('ssid', ours.ssid === null ? undefined : Buffer.from(ours.ssid, 'utf8').toString('hex'), ssid === '<MISSING>' ? '' : ssid)
  same('frequency', ours.frequency ?? undefined, t['radiotap.channel.freq'] ? Number(first(t, 'radiotap.channel.freq')) : undefined)
  same('signal', ours.signalDbm ?? undefined, t['radiotap.dbm_antsignal'] ? Number(first(t, 'radiotap.dbm_antsignal')) : undefined)
  const status = first(t, 'wlan.fcs.status')
  const fcsPresent = first(t, 'radiotap.flags.fcs') === '1'
  same('fcs', ours.fcs, !fcsPresent ? 'absent' : status === '1' ? 'ok' : status === '0' ? 'bad' : 'unverified')
  if (ours.type === 0) {
    const theirs = (t['wlan.tag.oui'] ?? []).map((o, i) => {
      const type = t['wlan.tag.vendor.oui.type']?.[i]
      return type === undefined ? oui(o) : `${oui(o)}:${Number(type).toString(16).padStart(2, '0')}`
    })
    same('vendor IEs', ours.vendorIes, theirs)
  }
  return diffs
}

if (prereq.missing.length > 0) {
  describe('provbench frames vs tshark', () => {
    if (prereq.mustFail) it('has its prerequisites (CI)', () => void expect.fail(`missing: ${prereq.missing.join(', ')}`))
    else it.skip(`skipped: missing ${prereq.missing.join(', ')} (expected at ${CAPTURES_DIR})`, () => {})
  })
} else {
  const files = readdirSync(CAPTURES_DIR).filter((f) => f.endsWith('.pcap'))
  describe('provbench frames --json vs tshark on peers’ captures', () => {
    it('finds the captures', () => expect(files.length).toBeGreaterThanOrEqual(4))
    for (const name of files) {
      it(`${name}: one line per frame; type, addresses, SSID, frequency, signal, FCS and vendor IEs agree`, () => {
        const file = path.join(CAPTURES_DIR, name)
        const ours = cli(file)
        const theirs = tsharkFields(file, FIELDS, ['-o', 'wlan.check_checksum:TRUE'])
        expect(ours.length).toBe(theirs.length)
        expect(ours.map((f) => f.index)).toEqual(ours.map((_, k) => k))
        const problems = ours.flatMap((frame, k) => differences(frame, theirs[k]).map((d) => `frame ${k + 1}: ${d}`))
        expect(problems).toEqual([])
      }, 90_000)
    }

    it('the filter language selects what tshark’s display filters select (frame store in-process, and once through the CLI)', async () => {
      const file = path.join(CAPTURES_DIR, 'aircrack-ng__test__test1.pcap')
      const store = await load(file)
      const count = (expr: string) => {
        const compiled = store.compile({ expr })
        if (!compiled.ok) throw new Error(compiled.error.reason)
        return store.select(compiled.value, 0, 1).total
      }
      const cases: [string, string][] = [
        ['type=beacon', 'wlan.fc.type_subtype == 8'],
        ['type=probe-resp,auth', 'wlan.fc.type_subtype == 5 || wlan.fc.type_subtype == 11'],
        ['type=data', 'wlan.fc.type == 2'],
        ['type=ctrl', 'wlan.fc.type == 1'],
        ['vendor=00:50:f2:04', 'wlan.tag.oui == 0x0050f2 && wlan.tag.vendor.oui.type == 4'],
        ['vendor=00:50:f2', 'wlan.tag.oui == 0x0050f2'],
        // Our channel comes from the radiotap frequency, else from the DS Parameter Set element.
        ['channel=6', 'wlan_radio.channel == 6 || (!wlan_radio.channel && wlan.ds.current_channel == 6)'],
        ['ssid=ogogo', 'wlan.ssid == "ogogo"'],
        ['fcs=bad', 'wlan.fcs.status == 0'],
      ]
      for (const [ours, theirs] of cases) expect({ filter: ours, count: count(ours) }).toEqual({ filter: ours, count: countWithFcsCheck(file, theirs) })
      // Our signal is the first dBm antenna signal; tshark's display filter matches any antenna's, so the oracle
      // here is tshark's field output (first value per frame).
      const fields = tsharkFields(file, ['wlan.fc.type', 'radiotap.dbm_antsignal'])
      const signal = (t: TsharkFrame) => (t['radiotap.dbm_antsignal'] ? Number(t['radiotap.dbm_antsignal'][0]) : undefined)
      expect(count('signal>=-70')).toBe(fields.filter((t) => signal(t) !== undefined && signal(t)! >= -70).length)
      expect(count('signal<-80 type=mgmt')).toBe(fields.filter((t) => signal(t) !== undefined && signal(t)! < -80 && first(t, 'wlan.fc.type') === '0').length)
      const address = cli(file, 'type=beacon')[0].bssid!
      expect(cli(file, `addr=${address}`).length).toBe(countWithFcsCheck(file, `wlan.addr == ${address} || wlan.bssid == ${address}`))
      expect(count(`addr=${address}`)).toBe(countWithFcsCheck(file, `wlan.addr == ${address} || wlan.bssid == ${address}`))
    }, 90_000)
  })
}

function countWithFcsCheck(file: string, displayFilter: string): number {
  const run = spawnSync('tshark', ['-o', 'wlan.check_checksum:TRUE', '-r', file, '-Y', displayFilter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' })
  return run.stdout.split('\n').filter((l) => l.trim()).length
}
