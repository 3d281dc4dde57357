import { z } from 'zod'
import { RadioState } from '../../../preload/contract'

// The BLE host speaks JSON lines over stdio: requests from the workstation on stdin, results and unsolicited events
// (adapter state, advertisements, values pushed by peripherals, link loss) on stdout. noble lives only in the host,
// so an adapter that crashes the driver takes down the host, never the workstation.

const Hex = z.string().regex(/^([0-9a-f]{2})*$/i).max(4096)
const Uuid = z.string().max(64)

export const HostRequest = z.discriminatedUnion('op', [
  z.object({ id: z.number().int(), op: z.literal('scan-start'), allowDuplicates: z.boolean() }),
  z.object({ id: z.number().int(), op: z.literal('scan-stop') }),
  z.object({ id: z.number().int(), op: z.literal('connect'), address: z.string().max(64), timeoutMs: z.number().int().positive() }),
  z.object({ id: z.number().int(), op: z.literal('discover'), link: z.number().int() }),
  z.object({ id: z.number().int(), op: z.literal('read'), link: z.number().int(), service: Uuid, characteristic: Uuid }),
  z.object({ id: z.number().int(), op: z.literal('write'), link: z.number().int(), service: Uuid, characteristic: Uuid, value: Hex, withResponse: z.boolean() }),
  z.object({ id: z.number().int(), op: z.literal('subscribe'), link: z.number().int(), service: Uuid, characteristic: Uuid }),
  z.object({ id: z.number().int(), op: z.literal('disconnect'), link: z.number().int() }),
])
export type HostRequest = z.infer<typeof HostRequest>
export type HostRequestBody = HostRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export const HostErrorCode = z.enum(['connect-timeout', 'gatt-timeout', 'disconnected', 'att-error', 'not-found', 'unavailable', 'aborted'])

export const HostAdvertisement = z.object({
  address: z.string().max(64),
  addressType: z.string().max(16),
  rssi: z.number(),
  connectable: z.boolean(),
  localName: z.string().max(248).optional(),
  serviceUuids: z.array(Uuid).max(64).optional(),
  manufacturerData: Hex.optional(),
  serviceData: z.array(z.object({ uuid: Uuid, data: Hex })).max(16).optional(),
  txPowerLevel: z.number().optional(),
})
export type HostAdvertisement = z.infer<typeof HostAdvertisement>

export const HostService = z.object({
  uuid: Uuid,
  characteristics: z.array(z.object({ uuid: Uuid, properties: z.array(z.string().max(32)).max(16) })).max(128),
})
export type HostService = z.infer<typeof HostService>

export const HostMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: RadioState }),
  z.object({ type: z.literal('advertisement'), adv: HostAdvertisement }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: z.object({ code: HostErrorCode, message: z.string().max(500) }) }),
  z.object({ type: z.literal('data'), link: z.number().int(), service: Uuid, characteristic: Uuid, value: Hex }),
  z.object({ type: z.literal('disconnected'), link: z.number().int(), reason: z.string().max(200) }),
])
export type HostMessage = z.infer<typeof HostMessage>

/** One line from the host, or undefined for anything that is not a valid message (a driver printing to stdout, say). */
export function parseHostLine(line: string): HostMessage | undefined {
  const text = line.trim()
  if (!text.startsWith('{')) return undefined
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const parsed = HostMessage.safeParse(json)
  return parsed.success ? parsed.data : undefined
}

export function parseHostRequest(line: string): HostRequest | undefined {
  try {
    const parsed = HostRequest.safeParse(JSON.parse(line))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

export const encodeLine = (message: HostMessage | HostRequest): string => `${JSON.stringify(message)}\n`

export const bytesToHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
export const hexToBytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'))
