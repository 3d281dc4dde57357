// Information element builders. They return specs (id + body) so a frame builder can validate every
// length in one place and report the first bad element instead of each helper returning a Result.
import { fail, ok, type Result } from '../result.js'
import { parseMac } from './mac-address.js'

export interface ElementSpec {
  id: number
  /** Element value; for id 255 it starts with the extension id. */
  body: Uint8Array
  /** Set by a helper that was given an unusable argument; encodeElements reports it. */
  problem?: string
}

const textBytes = (value: string | Uint8Array) => (typeof value === 'string' ? new TextEncoder().encode(value) : value)

export const element = (id: number, body: Uint8Array): ElementSpec => ({ id, body })

export const ssidElement = (ssid: string | Uint8Array): ElementSpec => element(0, textBytes(ssid))

export const meshIdElement = (meshId: string | Uint8Array): ElementSpec => element(114, textBytes(meshId))

/** One rate byte: 500 kbit/s units, 0x80 when the rate is basic (mandatory). */
const rateByte = (kbps: number, basic: boolean) => (Math.round(kbps / 500) & 0x7f) | (basic ? 0x80 : 0)

/**
 * Supported Rates (first 8) and, when needed, Extended Supported Rates (the rest), as stations send them.
 * `basicKbps` marks basic rates.
 */
export function rateElements(ratesKbps: readonly number[], basicKbps: readonly number[] = []): ElementSpec[] {
  const bytes = ratesKbps.map((r) => rateByte(r, basicKbps.includes(r)))
  const specs = [element(1, Uint8Array.from(bytes.slice(0, 8)))]
  if (bytes.length > 8) specs.push(element(50, Uint8Array.from(bytes.slice(8))))
  return specs
}

export const dsParameterElement = (channel: number): ElementSpec => element(3, Uint8Array.of(channel & 0xff))

const AKM_TYPES = { '802.1x': 1, psk: 2, sae: 8 } as const

/** RSN element for WPA2 with CCMP-128 as group and pairwise cipher (the lab router's default). */
export function rsnWpa2CcmpElement(options: { akm?: keyof typeof AKM_TYPES; capabilities?: number } = {}): ElementSpec {
  const akm = AKM_TYPES[options.akm ?? 'psk']
  const capabilities = options.capabilities ?? 0
  return element(
    48,
    Uint8Array.of(1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, akm, capabilities & 0xff, capabilities >> 8),
  )
}

/** Vendor-specific element: OUI (as "d8:96:e0"), optional type byte, payload. */
export function vendorElement(oui: string, type: number | undefined, payload: Uint8Array = new Uint8Array(0)): ElementSpec {
  const parsed = parseMac(`${oui}:00:00:00`)
  const ouiBytes = parsed ? parsed.slice(0, 3) : new Uint8Array(3)
  const head = type === undefined ? ouiBytes : Uint8Array.of(...ouiBytes, type & 0xff)
  const body = new Uint8Array(head.length + payload.length)
  body.set(head)
  body.set(payload, head.length)
  return parsed ? element(221, body) : { id: 221, body, problem: `OUI "${oui}" is not three hex bytes` }
}

/** Encodes element specs back to back. Fails on an element longer than 255 bytes or a bad OUI. */
export function encodeElements(specs: readonly ElementSpec[]): Result<Uint8Array> {
  let total = 0
  for (const [i, spec] of specs.entries()) {
    if (!Number.isInteger(spec.id) || spec.id < 0 || spec.id > 255) return fail(`element ${i} has id ${spec.id}`, i)
    if (spec.body.length > 255) return fail(`element ${i} (id ${spec.id}) has ${spec.body.length} bytes, at most 255 fit`, i)
    if (spec.problem) return fail(`element ${i}: ${spec.problem}`, i)
    total += 2 + spec.body.length
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const spec of specs) {
    out[at] = spec.id
    out[at + 1] = spec.body.length
    out.set(spec.body, at + 2)
    at += 2 + spec.body.length
  }
  return ok(out)
}
