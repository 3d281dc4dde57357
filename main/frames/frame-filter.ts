import { ok, type Result } from '../codec/result'
import type { FrameFilter, FrameKind } from '../../preload/contract'
import { normalizeMac, normalizeVendor, parseFilterExpression } from './filter-expression'
import { FLAG_FCS_BAD, FLAG_MALFORMED, FLAG_ELEMENTS_TRUNCATED, KIND_BLE, KIND_ETHERNET, KIND_OTHER, KIND_WIFI, NO_CHANNEL, type RecordBlock } from './record-block'

/** What a compiled filter reads besides the record columns: the interned texts and the claim bit of each id. */
export interface FilterContext {
  ssidText(id: number): string | undefined
  vendorText(id: number): string | undefined
  claimBit(id: string): number | undefined
}

export type RecordPredicate = (block: RecordBlock, i: number) => boolean

export interface CompiledFilter {
  /** Canonical text of the filter (cache key). */
  key: string
  matches: RecordPredicate
  /** True when the filter lets every frame through. */
  all: boolean
  timeFrom?: number
}

const KIND_CODES: Record<FrameKind, number> = { wifi: KIND_WIFI, ethernet: KIND_ETHERNET, ble: KIND_BLE, other: KIND_OTHER }
const CATEGORY_CODES = { management: 0, control: 1, data: 2, extension: 3 } as const

function macNumber(mac: string): number {
  const hex = mac.replace(/:/g, '')
  return Number.parseInt(hex.slice(0, 4), 16) * 4294967296 + Number.parseInt(hex.slice(4), 16)
}

/** Per interned id, whether a text test holds (each id is tested once). */
function memo(text: (id: number) => string | undefined, test: (value: string) => boolean): (id: number) => boolean {
  const known = new Map<number, boolean>()
  return (id) => {
    if (id === 0) return false
    let hit = known.get(id)
    if (hit === undefined) {
      const value = text(id)
      hit = value !== undefined && test(value)
      known.set(id, hit)
    }
    return hit
  }
}

/**
 * Turns a FrameFilter (structured fields and/or an expression) into one predicate over record columns. Errors are
 * the user's: they name the field (path) and say what is wrong.
 */
export function compileFilter(filter: FrameFilter | undefined, context: FilterContext): Result<CompiledFilter, { reason: string; offset: number; path: string }> {
  const spec: FrameFilter = { ...(filter ?? {}) }
  const tests: RecordPredicate[] = []
  if (spec.expr !== undefined && spec.expr.trim() !== '') {
    const parsed = parseFilterExpression(spec.expr)
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, path: 'filter.expr' } }
    const inner = compileFields(parsed.value, context)
    if (!inner.ok) return { ok: false, error: { ...inner.error, path: 'filter.expr' } }
    tests.push(...inner.value)
  }
  delete spec.expr
  const fields = compileFields(spec, context)
  if (!fields.ok) return fields
  tests.push(...fields.value)
  const key = JSON.stringify(sortedKeys(filter ?? {}))
  if (tests.length === 0) return ok({ key, matches: () => true, all: true })
  const matches = all(tests)
  return ok({ key, matches, all: false, ...(spec.timeFrom !== undefined ? { timeFrom: spec.timeFrom } : {}) })
}

/** AND of the tests, without a closure call per test per record for the usual one to three terms. */
function all(tests: RecordPredicate[]): RecordPredicate {
  if (tests.length === 1) return tests[0]
  if (tests.length === 2) {
    const [a, b] = tests
    return (block, i) => a(block, i) && b(block, i)
  }
  if (tests.length === 3) {
    const [a, b, c] = tests
    return (block, i) => a(block, i) && b(block, i) && c(block, i)
  }
  return (block, i) => {
    for (let k = 0; k < tests.length; k++) if (!tests[k](block, i)) return false
    return true
  }
}

function sortedKeys(filter: FrameFilter): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)))
}

function compileFields(f: FrameFilter, context: FilterContext): Result<RecordPredicate[], { reason: string; offset: number; path: string }> {
  const tests: RecordPredicate[] = []
  if (f.kinds?.length) {
    const codes = new Set(f.kinds.map((k) => KIND_CODES[k]))
    tests.push((b, i) => codes.has(b.kind[i]))
  }
  if (f.categories?.length) {
    const types = new Set<number>(f.categories.map((c) => CATEGORY_CODES[c]))
    tests.push((b, i) => b.typeSubtype[i] >= 0 && types.has(b.typeSubtype[i] >> 4))
  }
  if (f.typeSubtypes?.length) {
    const wanted = new Uint8Array(64)
    for (const t of f.typeSubtypes) wanted[t] = 1
    tests.push((b, i) => b.typeSubtype[i] >= 0 && wanted[b.typeSubtype[i]] === 1)
  }
  if (f.address !== undefined) {
    const mac = normalizeMac(f.address)
    if (!mac) return fail2('filter.address', `"${f.address}" is not a MAC address (12 hex digits)`)
    const n = macNumber(mac)
    tests.push((b, i) => b.ra[i] === n || b.ta[i] === n || b.sa[i] === n || b.da[i] === n || b.bssid[i] === n)
  }
  if (f.ssid !== undefined) {
    const want = f.ssid
    const hit = memo((id) => context.ssidText(id), (s) => s === want)
    tests.push((b, i) => hit(b.ssid[i]))
  }
  if (f.ssidContains !== undefined) {
    const part = f.ssidContains.toLowerCase()
    const hit = memo((id) => context.ssidText(id), (s) => s.toLowerCase().includes(part))
    tests.push((b, i) => hit(b.ssid[i]))
  }
  if (f.vendor !== undefined) {
    const vendor = normalizeVendor(f.vendor)
    if (!vendor) return fail2('filter.vendor', `"${f.vendor}" is not a vendor OUI (d8:96:e0) or OUI:type (d8:96:e0:aa)`)
    const exact = vendor.length > 8
    const hit = memo(
      (id) => context.vendorText(id),
      (list) => list.split(',').some((v) => (exact ? v === vendor : v === vendor || v.startsWith(`${vendor}:`))),
    )
    tests.push((b, i) => hit(b.vendors[i]))
  }
  if (f.channels?.length) {
    const wanted = new Uint8Array(256)
    for (const c of f.channels) wanted[c] = 1
    tests.push((b, i) => b.channel[i] !== NO_CHANNEL && wanted[b.channel[i]] === 1)
  }
  if (f.signalMin !== undefined || f.signalMax !== undefined) {
    const min = f.signalMin ?? -127
    const max = f.signalMax ?? 127
    // -128 is "no signal": a frame without a reading is outside every range.
    tests.push((b, i) => b.signal[i] !== -128 && b.signal[i] >= min && b.signal[i] <= max)
  }
  if (f.provisioning === true) tests.push((b, i) => b.claims[i] !== 0)
  if (f.provisioning === false) tests.push((b, i) => b.claims[i] === 0)
  if (f.claims?.length) {
    let mask = 0
    for (const id of f.claims) {
      const bit = context.claimBit(id)
      if (bit === undefined) return fail2('filter.claims', `no provisioning claim "${id}"`)
      mask |= 1 << bit
    }
    tests.push((b, i) => (b.claims[i] & mask) !== 0)
  }
  if (f.malformed !== undefined) {
    const want = f.malformed
    tests.push((b, i) => ((b.flags[i] & (FLAG_MALFORMED | FLAG_ELEMENTS_TRUNCATED)) !== 0 || b.malformed[i] !== 0) === want)
  }
  if (f.fcsBad !== undefined) {
    const want = f.fcsBad
    tests.push((b, i) => ((b.flags[i] & FLAG_FCS_BAD) !== 0) === want)
  }
  if (f.timeFrom !== undefined || f.timeTo !== undefined) {
    const from = f.timeFrom ?? -Infinity
    const to = f.timeTo ?? Infinity
    tests.push((b, i) => {
      const t = b.seconds[i] + b.nanoseconds[i] / 1e9
      return t >= from && t <= to
    })
  }
  return ok(tests)
}

function fail2(path: string, reason: string): { ok: false; error: { reason: string; offset: number; path: string } } {
  return { ok: false, error: { reason, offset: 0, path } }
}
