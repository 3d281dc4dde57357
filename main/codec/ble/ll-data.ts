// Data channel PDU header (Core Spec Vol 6 Part B §2.4): LLID, NESN, SN, MD, CP, length.
import { fail, ok, type Result } from '../result'

export const Llid = {
  /** Continuation fragment of an L2CAP message, or an empty PDU. */
  continuation: 1,
  /** Start of an L2CAP message (or a complete one). */
  start: 2,
  control: 3,
} as const

export interface DataPdu {
  llid: 1 | 2 | 3
  nesn: 0 | 1
  sn: 0 | 1
  /** More data. */
  md: boolean
  /** Present when the CP bit is set (Core 5.1+). */
  cteInfo?: number
  payload: Uint8Array
}

/** Largest payload with the Data Length Extension; without it the peer accepts 27. */
export const MAX_DATA_PAYLOAD = 251

export function parseDataPdu(pdu: Uint8Array): Result<DataPdu> {
  if (pdu.length < 2) return fail('data PDU shorter than its 2-byte header', 0)
  const llid = pdu[0] & 0x03
  if (llid === 0) return fail('LLID 0 is reserved', 0)
  const cp = (pdu[0] & 0x20) !== 0
  const len = pdu[1]
  const headerLen = cp ? 3 : 2
  if (pdu.length < headerLen) return fail('CP bit set but no CTEInfo byte', 2)
  if (pdu.length - headerLen !== len) return fail(`header length ${len} but ${pdu.length - headerLen} payload bytes`, 1)
  if (len > MAX_DATA_PAYLOAD) return fail(`data PDU payload ${len} exceeds 251`, 1)
  return ok({
    llid: llid as 1 | 2 | 3,
    nesn: ((pdu[0] >> 2) & 1) as 0 | 1,
    sn: ((pdu[0] >> 3) & 1) as 0 | 1,
    md: (pdu[0] & 0x10) !== 0,
    ...(cp ? { cteInfo: pdu[2] } : {}),
    payload: pdu.subarray(headerLen),
  })
}

export function buildDataPdu(p: DataPdu): Result<Uint8Array> {
  if (![1, 2, 3].includes(p.llid)) return fail('LLID must be 1, 2 or 3', 0)
  if (p.payload.length > MAX_DATA_PAYLOAD) return fail(`payload of ${p.payload.length} bytes exceeds 251`, 0)
  if (p.cteInfo !== undefined && (!Number.isInteger(p.cteInfo) || p.cteInfo < 0 || p.cteInfo > 0xff))
    return fail('CTEInfo must fit one byte', 0)
  const headerLen = p.cteInfo === undefined ? 2 : 3
  const out = new Uint8Array(headerLen + p.payload.length)
  out[0] = p.llid | ((p.nesn & 1) << 2) | ((p.sn & 1) << 3) | (p.md ? 0x10 : 0) | (p.cteInfo !== undefined ? 0x20 : 0)
  out[1] = p.payload.length
  if (p.cteInfo !== undefined) out[2] = p.cteInfo
  out.set(p.payload, headerLen)
  return ok(out)
}
