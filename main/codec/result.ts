// Every codec returns a Result instead of throwing: hostile bytes are normal input for a sniffer.
export interface CodecError {
  reason: string
  /** Byte offset in the input where decoding gave up. */
  offset: number
}

export type Result<T, E = CodecError> = { ok: true; value: T } | { ok: false; error: E }

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const fail = (reason: string, offset: number): Result<never, CodecError> => ({
  ok: false,
  error: { reason, offset },
})
