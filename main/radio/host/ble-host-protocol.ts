import type { RadioState } from '../../../preload/contract'

// The BLE host speaks JSON lines over stdio: requests from the workstation on stdin, results and unsolicited events
// (adapter state, advertisements, values pushed by peripherals, link loss) on stdout. noble lives only in the host,
// so an adapter that crashes the driver takes down the host, never the workstation. This file is what both ends
// share; it stays free of heavy imports so the host starts fast (the workstation validates messages with zod in
// ble-host-messages.ts).

export type HostErrorCode = 'connect-timeout' | 'gatt-timeout' | 'disconnected' | 'att-error' | 'not-found' | 'unavailable' | 'aborted'
export const HOST_ERROR_CODES: readonly HostErrorCode[] = ['connect-timeout', 'gatt-timeout', 'disconnected', 'att-error', 'not-found', 'unavailable', 'aborted']

export type HostRequest =
  | { id: number; op: 'scan-start'; allowDuplicates: boolean }
  | { id: number; op: 'scan-stop' }
  | { id: number; op: 'connect'; address: string; timeoutMs: number }
  | { id: number; op: 'discover'; link: number }
  | { id: number; op: 'read'; link: number; service: string; characteristic: string }
  | { id: number; op: 'write'; link: number; service: string; characteristic: string; value: string; withResponse: boolean }
  | { id: number; op: 'subscribe'; link: number; service: string; characteristic: string }
  | { id: number; op: 'disconnect'; link: number }
export type HostRequestBody = HostRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export interface HostAdvertisement {
  address: string
  addressType: string
  rssi: number
  connectable: boolean
  localName?: string
  serviceUuids?: string[]
  manufacturerData?: string
  serviceData?: { uuid: string; data: string }[]
  txPowerLevel?: number
}

export interface HostService {
  uuid: string
  characteristics: { uuid: string; properties: string[] }[]
}

export type HostMessage =
  | { type: 'state'; state: RadioState }
  | { type: 'advertisement'; adv: HostAdvertisement }
  | { type: 'result'; id: number; ok: true; value?: unknown }
  | { type: 'result'; id: number; ok: false; error: { code: HostErrorCode; message: string } }
  | { type: 'data'; link: number; service: string; characteristic: string; value: string }
  | { type: 'disconnected'; link: number; reason: string }

const isInt = (v: unknown): v is number => Number.isInteger(v)
const isText = (v: unknown, max = 64): v is string => typeof v === 'string' && v.length <= max
const isHex = (v: unknown): v is string => typeof v === 'string' && v.length <= 8192 && /^([0-9a-f]{2})*$/i.test(v)

/** A request line for the host, or undefined when it is not one (the host ignores it). */
export function parseHostRequest(line: string): HostRequest | undefined {
  let r: Record<string, unknown>
  try {
    const json: unknown = JSON.parse(line)
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined
    r = json as Record<string, unknown>
  } catch {
    return undefined
  }
  if (!isInt(r.id)) return undefined
  const gatt = isInt(r.link) && isText(r.service) && isText(r.characteristic)
  switch (r.op) {
    case 'scan-start':
      return typeof r.allowDuplicates === 'boolean' ? { id: r.id, op: r.op, allowDuplicates: r.allowDuplicates } : undefined
    case 'scan-stop':
      return { id: r.id, op: r.op }
    case 'connect':
      return isText(r.address) && isInt(r.timeoutMs) && r.timeoutMs > 0 ? { id: r.id, op: r.op, address: r.address, timeoutMs: r.timeoutMs } : undefined
    case 'discover':
    case 'disconnect':
      return isInt(r.link) ? { id: r.id, op: r.op, link: r.link } : undefined
    case 'read':
    case 'subscribe':
      return gatt ? { id: r.id, op: r.op, link: r.link as number, service: r.service as string, characteristic: r.characteristic as string } : undefined
    case 'write':
      return gatt && isHex(r.value) && typeof r.withResponse === 'boolean'
        ? { id: r.id, op: r.op, link: r.link as number, service: r.service as string, characteristic: r.characteristic as string, value: r.value, withResponse: r.withResponse }
        : undefined
    default:
      return undefined
  }
}

export const encodeLine = (message: HostMessage | HostRequest): string => `${JSON.stringify(message)}\n`

export const bytesToHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
export const hexToBytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'))
