// Attribute Protocol PDUs (Core Spec Vol 3 Part F §3.4) that a GATT client and a Breeze device exchange.
import { fail, ok, type Result } from '../result'
import { readU16LE, writeU16LE } from './bytes'
import { type BleUuid, uuid128FromBytes, uuid128ToBytes } from './uuid'

export const AttOpcode = {
  errorRsp: 0x01,
  exchangeMtuReq: 0x02,
  exchangeMtuRsp: 0x03,
  findInformationReq: 0x04,
  findInformationRsp: 0x05,
  readByTypeReq: 0x08,
  readByTypeRsp: 0x09,
  readReq: 0x0a,
  readRsp: 0x0b,
  readByGroupTypeReq: 0x10,
  readByGroupTypeRsp: 0x11,
  writeReq: 0x12,
  writeRsp: 0x13,
  notification: 0x1b,
  indication: 0x1d,
  confirmation: 0x1e,
  writeCmd: 0x52,
} as const

export const AttError: Record<number, string> = {
  0x01: 'Invalid Handle',
  0x02: 'Read Not Permitted',
  0x03: 'Write Not Permitted',
  0x04: 'Invalid PDU',
  0x05: 'Insufficient Authentication',
  0x06: 'Request Not Supported',
  0x07: 'Invalid Offset',
  0x08: 'Insufficient Authorization',
  0x09: 'Prepare Queue Full',
  0x0a: 'Attribute Not Found',
  0x0b: 'Attribute Not Long',
  0x0c: 'Insufficient Encryption Key Size',
  0x0d: 'Invalid Attribute Value Length',
  0x0e: 'Unlikely Error',
  0x0f: 'Insufficient Encryption',
  0x10: 'Unsupported Group Type',
  0x11: 'Insufficient Resources',
}

/** GATT declarations a client asks for with Read By (Group) Type. */
export const GattUuid = {
  primaryService: 0x2800,
  characteristic: 0x2803,
  cccd: 0x2902,
} as const

/** Client Characteristic Configuration values. */
export const Cccd = { notify: 0x0001, indicate: 0x0002 } as const

export type AttPdu =
  | { op: 'error-rsp'; requestOpcode: number; handle: number; errorCode: number }
  | { op: 'exchange-mtu-req'; mtu: number }
  | { op: 'exchange-mtu-rsp'; mtu: number }
  | { op: 'find-information-req'; startHandle: number; endHandle: number }
  | { op: 'find-information-rsp'; entries: { handle: number; uuid: BleUuid }[] }
  | { op: 'read-by-type-req'; startHandle: number; endHandle: number; type: BleUuid }
  | { op: 'read-by-type-rsp'; entries: { handle: number; value: Uint8Array }[] }
  | { op: 'read-req'; handle: number }
  | { op: 'read-rsp'; value: Uint8Array }
  | { op: 'read-by-group-type-req'; startHandle: number; endHandle: number; type: BleUuid }
  | { op: 'read-by-group-type-rsp'; entries: { handle: number; endGroupHandle: number; value: Uint8Array }[] }
  | { op: 'write-req'; handle: number; value: Uint8Array }
  | { op: 'write-rsp' }
  | { op: 'write-cmd'; handle: number; value: Uint8Array }
  | { op: 'notification'; handle: number; value: Uint8Array }
  | { op: 'indication'; handle: number; value: Uint8Array }
  | { op: 'confirmation' }
  | { op: 'unknown'; opcode: number; params: Uint8Array }

function uuidAt(b: Uint8Array, at: number, size: number): BleUuid {
  return size === 2 ? readU16LE(b, at) : uuid128FromBytes(b.subarray(at, at + 16))
}

function rangeReq(
  p: Uint8Array,
  name: string,
): Result<{ startHandle: number; endHandle: number; type: BleUuid }> {
  if (p.length !== 6 && p.length !== 20) return fail(`${name} needs 6 or 20 bytes, has ${p.length + 1}`, 0)
  return ok({ startHandle: readU16LE(p, 0), endHandle: readU16LE(p, 2), type: uuidAt(p, 4, p.length - 4) })
}

/** Parse one ATT PDU (the L2CAP payload on CID 0x0004). Unknown opcodes parse as `unknown`. */
export function parseAttPdu(buf: Uint8Array): Result<AttPdu> {
  if (buf.length < 1) return fail('empty ATT PDU', 0)
  const opcode = buf[0]
  const p = buf.subarray(1)
  const exactly = (n: number, name: string): Result<never> | undefined =>
    p.length !== n ? fail(`${name} needs ${n + 1} bytes, has ${buf.length}`, Math.min(buf.length, n + 1)) : undefined
  const atLeast = (n: number, name: string): Result<never> | undefined =>
    p.length < n ? fail(`${name} needs at least ${n + 1} bytes, has ${buf.length}`, buf.length) : undefined
  switch (opcode) {
    case AttOpcode.errorRsp:
      return (
        exactly(4, 'Error Response') ??
        ok({ op: 'error-rsp', requestOpcode: p[0], handle: readU16LE(p, 1), errorCode: p[3] })
      )
    case AttOpcode.exchangeMtuReq:
      return exactly(2, 'Exchange MTU Request') ?? ok({ op: 'exchange-mtu-req', mtu: readU16LE(p, 0) })
    case AttOpcode.exchangeMtuRsp:
      return exactly(2, 'Exchange MTU Response') ?? ok({ op: 'exchange-mtu-rsp', mtu: readU16LE(p, 0) })
    case AttOpcode.findInformationReq:
      return (
        exactly(4, 'Find Information Request') ??
        ok({ op: 'find-information-req', startHandle: readU16LE(p, 0), endHandle: readU16LE(p, 2) })
      )
    case AttOpcode.findInformationRsp: {
      const short = atLeast(1, 'Find Information Response')
      if (short) return short
      const format = p[0]
      if (format !== 1 && format !== 2) return fail(`Find Information format ${format} is neither 1 nor 2`, 1)
      const size = format === 1 ? 4 : 18
      const list = p.subarray(1)
      if (list.length === 0 || list.length % size !== 0)
        return fail(`Find Information list of ${list.length} bytes is not a non-empty multiple of ${size}`, 2)
      const entries = []
      for (let i = 0; i < list.length; i += size)
        entries.push({ handle: readU16LE(list, i), uuid: uuidAt(list, i + 2, size - 2) })
      return ok({ op: 'find-information-rsp', entries })
    }
    case AttOpcode.readByTypeReq: {
      const r = rangeReq(p, 'Read By Type Request')
      return r.ok ? ok({ op: 'read-by-type-req', ...r.value }) : r
    }
    case AttOpcode.readByGroupTypeReq: {
      const r = rangeReq(p, 'Read By Group Type Request')
      return r.ok ? ok({ op: 'read-by-group-type-req', ...r.value }) : r
    }
    case AttOpcode.readByTypeRsp:
    case AttOpcode.readByGroupTypeRsp: {
      const group = opcode === AttOpcode.readByGroupTypeRsp
      const name = group ? 'Read By Group Type Response' : 'Read By Type Response'
      const short = atLeast(1, name)
      if (short) return short
      const size = p[0]
      const minSize = group ? 4 : 2
      if (size < minSize) return fail(`${name} entry length ${size} is below ${minSize}`, 1)
      const list = p.subarray(1)
      if (list.length === 0 || list.length % size !== 0)
        return fail(`${name} list of ${list.length} bytes is not a non-empty multiple of ${size}`, 2)
      if (group) {
        const entries = []
        for (let i = 0; i < list.length; i += size)
          entries.push({
            handle: readU16LE(list, i),
            endGroupHandle: readU16LE(list, i + 2),
            value: list.subarray(i + 4, i + size),
          })
        return ok({ op: 'read-by-group-type-rsp', entries })
      }
      const entries = []
      for (let i = 0; i < list.length; i += size)
        entries.push({ handle: readU16LE(list, i), value: list.subarray(i + 2, i + size) })
      return ok({ op: 'read-by-type-rsp', entries })
    }
    case AttOpcode.readReq:
      return exactly(2, 'Read Request') ?? ok({ op: 'read-req', handle: readU16LE(p, 0) })
    case AttOpcode.readRsp:
      return ok({ op: 'read-rsp', value: p })
    case AttOpcode.writeReq:
    case AttOpcode.writeCmd:
    case AttOpcode.notification:
    case AttOpcode.indication: {
      const op =
        opcode === AttOpcode.writeReq
          ? 'write-req'
          : opcode === AttOpcode.writeCmd
            ? 'write-cmd'
            : opcode === AttOpcode.notification
              ? 'notification'
              : 'indication'
      return atLeast(2, op) ?? ok({ op, handle: readU16LE(p, 0), value: p.subarray(2) })
    }
    case AttOpcode.writeRsp:
      return exactly(0, 'Write Response') ?? ok({ op: 'write-rsp' })
    case AttOpcode.confirmation:
      return exactly(0, 'Handle Value Confirmation') ?? ok({ op: 'confirmation' })
    default:
      return ok({ op: 'unknown', opcode, params: p })
  }
}

const u16ok = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= 0xffff

function uuidBytes(u: BleUuid): Result<Uint8Array> {
  if (typeof u === 'string') return uuid128ToBytes(u)
  if (!u16ok(u)) return fail('numeric UUIDs in ATT must be 16-bit', 0)
  const b = new Uint8Array(2)
  writeU16LE(b, 0, u)
  return ok(b)
}

function assemble(opcode: number, fields: (number | Uint8Array)[]): Uint8Array {
  // Numbers are 16-bit handles/values; byte arrays are copied as they are.
  const len = fields.reduce<number>((n, f) => n + (typeof f === 'number' ? 2 : f.length), 1)
  const out = new Uint8Array(len)
  out[0] = opcode
  let at = 1
  for (const f of fields) {
    if (typeof f === 'number') {
      writeU16LE(out, at, f)
      at += 2
    } else {
      out.set(f, at)
      at += f.length
    }
  }
  return out
}

export function buildAttPdu(pdu: AttPdu): Result<Uint8Array> {
  const handles = (...hs: number[]): Result<never> | undefined =>
    hs.every(u16ok) ? undefined : fail('handles and MTU values must fit 16 bits', 0)
  switch (pdu.op) {
    case 'error-rsp':
      if (!u16ok(pdu.handle) || pdu.requestOpcode < 0 || pdu.requestOpcode > 0xff || pdu.errorCode < 0 || pdu.errorCode > 0xff)
        return fail('error response fields out of range', 0)
      return ok(assemble(AttOpcode.errorRsp, [Uint8Array.of(pdu.requestOpcode), pdu.handle, Uint8Array.of(pdu.errorCode)]))
    case 'exchange-mtu-req':
      return handles(pdu.mtu) ?? ok(assemble(AttOpcode.exchangeMtuReq, [pdu.mtu]))
    case 'exchange-mtu-rsp':
      return handles(pdu.mtu) ?? ok(assemble(AttOpcode.exchangeMtuRsp, [pdu.mtu]))
    case 'find-information-req':
      return handles(pdu.startHandle, pdu.endHandle) ?? ok(assemble(AttOpcode.findInformationReq, [pdu.startHandle, pdu.endHandle]))
    case 'find-information-rsp': {
      if (pdu.entries.length === 0) return fail('Find Information Response needs at least one entry', 0)
      const wide = typeof pdu.entries[0].uuid === 'string'
      const fields: (number | Uint8Array)[] = [Uint8Array.of(wide ? 2 : 1)]
      for (const e of pdu.entries) {
        if (typeof e.uuid === 'string' !== wide) return fail('Find Information entries must all be 16-bit or all 128-bit', 0)
        const u = uuidBytes(e.uuid)
        if (!u.ok) return u
        const bad = handles(e.handle)
        if (bad) return bad
        fields.push(e.handle, u.value)
      }
      return ok(assemble(AttOpcode.findInformationRsp, fields))
    }
    case 'read-by-type-req':
    case 'read-by-group-type-req': {
      const bad = handles(pdu.startHandle, pdu.endHandle)
      if (bad) return bad
      const u = uuidBytes(pdu.type)
      if (!u.ok) return u
      const opcode = pdu.op === 'read-by-type-req' ? AttOpcode.readByTypeReq : AttOpcode.readByGroupTypeReq
      return ok(assemble(opcode, [pdu.startHandle, pdu.endHandle, u.value]))
    }
    case 'read-by-type-rsp':
    case 'read-by-group-type-rsp': {
      const group = pdu.op === 'read-by-group-type-rsp'
      if (pdu.entries.length === 0) return fail('response needs at least one entry', 0)
      const valueLen = pdu.entries[0].value.length
      const size = valueLen + (group ? 4 : 2)
      if (size > 255) return fail(`entry of ${size} bytes does not fit the 1-byte length`, 0)
      const fields: (number | Uint8Array)[] = [Uint8Array.of(size)]
      for (const e of pdu.entries) {
        if (e.value.length !== valueLen) return fail('all entries of one response must have equal value lengths', 0)
        const bad = handles(e.handle, 'endGroupHandle' in e ? e.endGroupHandle : 0)
        if (bad) return bad
        fields.push(e.handle)
        if ('endGroupHandle' in e) fields.push(e.endGroupHandle)
        fields.push(e.value)
      }
      return ok(assemble(group ? AttOpcode.readByGroupTypeRsp : AttOpcode.readByTypeRsp, fields))
    }
    case 'read-req':
      return handles(pdu.handle) ?? ok(assemble(AttOpcode.readReq, [pdu.handle]))
    case 'read-rsp':
      return ok(assemble(AttOpcode.readRsp, [pdu.value]))
    case 'write-req':
      return handles(pdu.handle) ?? ok(assemble(AttOpcode.writeReq, [pdu.handle, pdu.value]))
    case 'write-cmd':
      return handles(pdu.handle) ?? ok(assemble(AttOpcode.writeCmd, [pdu.handle, pdu.value]))
    case 'notification':
      return handles(pdu.handle) ?? ok(assemble(AttOpcode.notification, [pdu.handle, pdu.value]))
    case 'indication':
      return handles(pdu.handle) ?? ok(assemble(AttOpcode.indication, [pdu.handle, pdu.value]))
    case 'write-rsp':
      return ok(Uint8Array.of(AttOpcode.writeRsp))
    case 'confirmation':
      return ok(Uint8Array.of(AttOpcode.confirmation))
    case 'unknown':
      if (!Number.isInteger(pdu.opcode) || pdu.opcode < 0 || pdu.opcode > 0xff) return fail('opcode must fit one byte', 0)
      return ok(assemble(pdu.opcode, [pdu.params]))
  }
}

/** Largest attribute value one Write/Notify/Indicate can carry at a given ATT_MTU. */
export const maxAttValue = (mtu: number): number => Math.max(0, mtu - 3)
