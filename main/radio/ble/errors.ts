import { AttError } from '../../codec/ble/att'

export type BleErrorCode =
  /** No link within the connect timeout. */
  | 'connect-timeout'
  /** A GATT procedure got no answer in time; the link is dropped afterwards. */
  | 'gatt-timeout'
  /** The link went down while the operation was in flight. */
  | 'disconnected'
  /** The peripheral answered with an ATT Error Response. */
  | 'att-error'
  /** No such service or characteristic on the peripheral. */
  | 'not-found'
  /** The radio cannot be used (no controller, no permission, host process gone). */
  | 'unavailable'
  | 'aborted'

/** What a BLE operation failed with; methods decide from `code`, people read `message`. */
export class BleError extends Error {
  constructor(
    readonly code: BleErrorCode,
    message: string,
    readonly attErrorCode?: number,
  ) {
    super(message)
    this.name = 'BleError'
  }
}

export const isBleError = (error: unknown, ...codes: BleErrorCode[]): error is BleError =>
  error instanceof BleError && (codes.length === 0 || codes.includes(error.code))

export function attErrorText(code: number): string {
  return AttError[code] ?? `ATT error 0x${code.toString(16).padStart(2, '0')}`
}

/** "feb3" for 16-bit UUIDs, the canonical form for 128-bit ones. */
export function uuidText(uuid: number | string): string {
  return typeof uuid === 'number' ? uuid.toString(16).padStart(4, '0') : uuid.toLowerCase()
}

/** Compares a UUID from noble ("feb3", "0000feb3-0000-1000-8000-00805f9b34fb") or the codecs (0xfeb3). */
export function sameUuid(a: number | string, b: number | string): boolean {
  return normalizeUuid(a) === normalizeUuid(b)
}

export function normalizeUuid(u: number | string): string {
  if (typeof u === 'number') return u.toString(16).padStart(4, '0')
  const clean = u.toLowerCase().replace(/-/g, '')
  const base = /^0000([0-9a-f]{4})00001000800000805f9b34fb$/.exec(clean)
  if (base) return base[1]
  if (/^[0-9a-f]{1,8}$/.test(clean)) return clean.padStart(4, '0')
  return clean
}
