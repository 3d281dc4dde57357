// L2CAP basic header (Core Spec Vol 3 Part A §3.1): length (2, LE, payload only) | channel id (2, LE) | payload.
import { fail, ok, type Result } from '../result'
import { readU16LE, writeU16LE } from './bytes'

export const L2capCid = { att: 0x0004, leSignaling: 0x0005, smp: 0x0006 } as const

export interface L2capFrame {
  cid: number
  payload: Uint8Array
}

/** Parse one complete basic-mode frame (reassemble LL fragments first: LLID start + continuations). */
export function parseL2capFrame(buf: Uint8Array): Result<L2capFrame> {
  if (buf.length < 4) return fail(`L2CAP frame of ${buf.length} bytes is shorter than its 4-byte header`, 0)
  const length = readU16LE(buf, 0)
  if (buf.length - 4 < length) return fail(`L2CAP header says ${length} bytes but ${buf.length - 4} follow (fragmented?)`, 0)
  if (buf.length - 4 > length) return fail(`${buf.length - 4 - length} bytes follow the L2CAP payload`, 4 + length)
  return ok({ cid: readU16LE(buf, 2), payload: buf.subarray(4) })
}

export function buildL2capFrame(frame: L2capFrame): Result<Uint8Array> {
  if (!Number.isInteger(frame.cid) || frame.cid < 0 || frame.cid > 0xffff) return fail('CID must fit 16 bits', 0)
  if (frame.payload.length > 0xffff) return fail('L2CAP payload exceeds 65535 bytes', 0)
  const out = new Uint8Array(4 + frame.payload.length)
  writeU16LE(out, 0, frame.payload.length)
  writeU16LE(out, 2, frame.cid)
  out.set(frame.payload, 4)
  return ok(out)
}
