import { fail, ok, type Result } from '../codec/result'
import type { FrameFilter, FrameKind } from '../../preload/contract'

// The filter bar's (and `provbench frames --filter`'s) little language: space-separated terms, all of which must hold.
//   type=beacon,probe-req,data   kind=wifi   addr=aa:bb:cc:dd:ee:ff   ssid=LabNet   ssid~Lab   vendor=d8:96:e0:aa
//   channel=1,6,11   signal>=-70   signal<-30   provisioning   claim=zero-config   malformed   fcs=bad
// A value with spaces is quoted: ssid="My WiFi".

const CATEGORY_TYPES: Record<string, number> = { mgmt: 0, management: 0, ctrl: 1, control: 1, data: 2, ext: 3, extension: 3 }

/** Subtype names as a filter bar user types them (type << 4 | subtype). */
export const SUBTYPE_NAMES: Record<string, number> = {
  'assoc-req': 0x00,
  'assoc-resp': 0x01,
  'reassoc-req': 0x02,
  'reassoc-resp': 0x03,
  'probe-req': 0x04,
  'probe-resp': 0x05,
  beacon: 0x08,
  atim: 0x09,
  disassoc: 0x0a,
  auth: 0x0b,
  deauth: 0x0c,
  action: 0x0d,
  'action-noack': 0x0e,
  'block-ack-req': 0x18,
  'block-ack': 0x19,
  'ps-poll': 0x1a,
  rts: 0x1b,
  cts: 0x1c,
  ack: 0x1d,
  'cf-end': 0x1e,
  'data-only': 0x20,
  null: 0x24,
  'qos-data': 0x28,
  'qos-null': 0x2c,
}

const KINDS = new Set<FrameKind>(['wifi', 'ethernet', 'ble', 'other'])

interface Token {
  text: string
  offset: number
}

function tokenize(expr: string): Result<Token[]> {
  const tokens: Token[] = []
  let i = 0
  while (i < expr.length) {
    if (/\s/.test(expr[i])) {
      i++
      continue
    }
    const start = i
    let text = ''
    while (i < expr.length && !/\s/.test(expr[i])) {
      if (expr[i] === '"') {
        const open = i
        i++
        while (i < expr.length && expr[i] !== '"') {
          if (expr[i] === '\\' && i + 1 < expr.length) i++
          text += expr[i]
          i++
        }
        if (i >= expr.length) return fail('unclosed quote', open)
        i++
      } else {
        text += expr[i]
        i++
      }
    }
    tokens.push({ text, offset: start })
  }
  return ok(tokens)
}

const TERM = /^([a-zA-Z]+)(>=|<=|~=|!=|=|~|>|<)?(.*)$/s

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
}

function integer(text: string): number | undefined {
  if (!/^[-+]?(0x[0-9a-f]+|\d+)$/i.test(text)) return undefined
  const negative = text.startsWith('-')
  const body = text.replace(/^[-+]/, '')
  const value = body.toLowerCase().startsWith('0x') ? Number.parseInt(body, 16) : Number.parseInt(body, 10)
  return negative ? -value : value
}

export function normalizeMac(text: string): string | undefined {
  const hex = text.replace(/[:\-.\s]/g, '').toLowerCase()
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined
  return hex.match(/../g)!.join(':')
}

export function normalizeVendor(text: string): string | undefined {
  const hex = text.replace(/[:\-.\s]/g, '').toLowerCase()
  if (!/^([0-9a-f]{6}|[0-9a-f]{8})$/.test(hex)) return undefined
  return hex.match(/../g)!.join(':')
}

/** Parses the filter language into a FrameFilter; the error names what is wrong and where (character offset). */
export function parseFilterExpression(expr: string): Result<FrameFilter> {
  const tokens = tokenize(expr)
  if (!tokens.ok) return tokens
  const filter: FrameFilter = {}
  for (const { text, offset } of tokens.value) {
    const match = TERM.exec(text)
    if (!match) return fail(`"${text}" is not a filter term (try type=, addr=, ssid=, vendor=, channel=, signal>=, provisioning)`, offset)
    const [, rawKey, op, value] = match
    const key = rawKey.toLowerCase()
    const needValue = (): Result<true> => (op === undefined || value === '' ? fail(`${key} needs a value, e.g. ${key}=…`, offset) : ok(true))
    switch (key) {
      case 'type':
      case 'subtype': {
        const v = needValue()
        if (!v.ok) return v
        const set = new Set(filter.typeSubtypes ?? [])
        for (const name of list(value.toLowerCase())) {
          if (name in CATEGORY_TYPES) {
            for (let sub = 0; sub < 16; sub++) set.add((CATEGORY_TYPES[name] << 4) | sub)
          } else if (name in SUBTYPE_NAMES) set.add(SUBTYPE_NAMES[name])
          else {
            const n = integer(name)
            if (n === undefined || n < 0 || n > 63) return fail(`unknown frame type "${name}" (beacon, probe-req, probe-resp, auth, assoc-req, data, qos-data, mgmt, ctrl, ... or 0..63)`, offset)
            set.add(n)
          }
        }
        filter.typeSubtypes = [...set].sort((a, b) => a - b)
        break
      }
      case 'kind': {
        const v = needValue()
        if (!v.ok) return v
        const kinds = list(value.toLowerCase())
        const bad = kinds.find((k) => !KINDS.has(k as FrameKind))
        if (bad) return fail(`unknown kind "${bad}" (wifi, ethernet, ble, other)`, offset)
        filter.kinds = kinds as FrameKind[]
        break
      }
      case 'addr':
      case 'address':
      case 'mac':
      case 'bssid': {
        const v = needValue()
        if (!v.ok) return v
        const mac = normalizeMac(value)
        if (!mac) return fail(`"${value}" is not a MAC address (12 hex digits)`, offset)
        filter.address = mac
        break
      }
      case 'ssid':
        if (op === '~' || op === '~=') filter.ssidContains = value
        else if (op === '=') filter.ssid = value
        else return fail('use ssid=NAME (exact) or ssid~PART (contains)', offset)
        break
      case 'vendor':
      case 'oui': {
        const v = needValue()
        if (!v.ok) return v
        const vendor = normalizeVendor(value)
        if (!vendor) return fail(`"${value}" is not a vendor OUI (d8:96:e0) or OUI:type (d8:96:e0:aa)`, offset)
        filter.vendor = vendor
        break
      }
      case 'channel':
      case 'ch': {
        const v = needValue()
        if (!v.ok) return v
        const channels: number[] = []
        for (const item of list(value)) {
          const n = integer(item)
          if (n === undefined || n < 0 || n > 255) return fail(`"${item}" is not a channel number`, offset)
          channels.push(n)
        }
        filter.channels = channels
        break
      }
      case 'signal':
      case 'rssi': {
        const n = integer(value)
        if (op === undefined || n === undefined || n < -128 || n > 127) return fail('signal needs a comparison in dBm, e.g. signal>=-70', offset)
        if (op === '>=' || op === '=') filter.signalMin = Math.max(filter.signalMin ?? -128, n)
        if (op === '<=' || op === '=') filter.signalMax = Math.min(filter.signalMax ?? 127, n)
        if (op === '>') filter.signalMin = Math.max(filter.signalMin ?? -128, n + 1)
        if (op === '<') filter.signalMax = Math.min(filter.signalMax ?? 127, n - 1)
        if (op === '~' || op === '~=' || op === '!=') return fail('signal takes =, <, <=, > or >=', offset)
        break
      }
      case 'provisioning':
      case 'prov':
        if (op !== undefined) return fail('provisioning takes no value', offset)
        filter.provisioning = true
        break
      case 'claim': {
        const v = needValue()
        if (!v.ok) return v
        filter.claims = list(value)
        break
      }
      case 'malformed':
        if (op !== undefined) return fail('malformed takes no value', offset)
        filter.malformed = true
        break
      case 'fcs':
        if (op !== '=' || value.toLowerCase() !== 'bad') return fail('use fcs=bad', offset)
        filter.fcsBad = true
        break
      default:
        return fail(`unknown filter "${key}" (type, kind, addr, ssid, vendor, channel, signal, provisioning, claim, malformed, fcs)`, offset)
    }
  }
  return ok(filter)
}
