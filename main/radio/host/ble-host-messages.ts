import { z } from 'zod'
import { RadioState } from '../../../preload/contract'
import { HOST_ERROR_CODES, type HostErrorCode, type HostMessage } from './ble-host-protocol'

// The workstation validates every line the BLE host prints: a driver that writes to stdout, or a host from another
// version, must not be able to feed it a malformed message.

const Hex = z.string().regex(/^([0-9a-f]{2})*$/i).max(8192)
const Uuid = z.string().max(64)

export const HostAdvertisementSchema = z.object({
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

export const HostServiceSchema = z.object({
  uuid: Uuid,
  characteristics: z.array(z.object({ uuid: Uuid, properties: z.array(z.string().max(32)).max(16) })).max(128),
})

// z.union, not discriminatedUnion: the two result shapes share type 'result' and differ by `ok`.
const HostMessageSchema = z.union([
  z.object({ type: z.literal('state'), state: RadioState }),
  z.object({ type: z.literal('advertisement'), adv: HostAdvertisementSchema }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown().optional() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    ok: z.literal(false),
    error: z.object({ code: z.enum(HOST_ERROR_CODES as [HostErrorCode, ...HostErrorCode[]]), message: z.string().max(500) }),
  }),
  z.object({ type: z.literal('data'), link: z.number().int(), service: Uuid, characteristic: Uuid, value: Hex }),
  z.object({ type: z.literal('disconnected'), link: z.number().int(), reason: z.string().max(200) }),
])

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
  const parsed = HostMessageSchema.safeParse(json)
  return parsed.success ? (parsed.data as HostMessage) : undefined
}
