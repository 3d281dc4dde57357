// Legacy advertising channel PDUs (Core Spec Vol 6 Part B §2.3).
import { fail, ok, type Result } from '../result'
import { type AddressType, addressToBytes, formatAddress } from './address'
import { isUint, readU16LE, readU24LE, readU32LE, writeU16LE, writeU24LE, writeU32LE } from './bytes'

export const AdvPduType = {
  ADV_IND: 0x0,
  ADV_DIRECT_IND: 0x1,
  ADV_NONCONN_IND: 0x2,
  SCAN_REQ: 0x3,
  SCAN_RSP: 0x4,
  CONNECT_IND: 0x5,
  ADV_SCAN_IND: 0x6,
} as const

export const MAX_ADV_DATA = 31

export interface ConnectionParameters {
  accessAddress: number
  crcInit: number
  /** Units of 1.25 ms. */
  winSize: number
  winOffset: number
  interval: number
  latency: number
  /** Units of 10 ms. */
  timeout: number
  /** Used data channel indices, from the 37-bit channel map. */
  channels: number[]
  hop: number
  sca: number
}

interface Base {
  /** Channel selection algorithm #2 bit. */
  chSel: boolean
}
export type AdvertisingPdu = Base &
  (
    | { type: 'ADV_IND' | 'ADV_NONCONN_IND' | 'ADV_SCAN_IND'; advA: string; advAType: AddressType; advData: Uint8Array }
    | { type: 'ADV_DIRECT_IND'; advA: string; advAType: AddressType; targetA: string; targetAType: AddressType }
    | { type: 'SCAN_REQ'; scanA: string; scanAType: AddressType; advA: string; advAType: AddressType }
    | { type: 'SCAN_RSP'; advA: string; advAType: AddressType; scanRspData: Uint8Array }
    | {
        type: 'CONNECT_IND'
        initA: string
        initAType: AddressType
        advA: string
        advAType: AddressType
        ll: ConnectionParameters
      }
  )

const addrType = (bit: number): AddressType => (bit ? 'random' : 'public')

/** Parse header + payload of an advertising channel PDU. */
export function parseAdvertisingPdu(pdu: Uint8Array): Result<AdvertisingPdu> {
  if (pdu.length < 2) return fail('advertising PDU shorter than its 2-byte header', 0)
  const type = pdu[0] & 0x0f
  const chSel = (pdu[0] & 0x20) !== 0
  const tx = addrType(pdu[0] & 0x40)
  const rx = addrType(pdu[0] & 0x80)
  const len = pdu[1]
  if (pdu.length - 2 !== len) return fail(`header length ${len} but ${pdu.length - 2} payload bytes`, 1)
  const p = pdu.subarray(2)
  const need = (n: number, what: string): Result<never> | undefined =>
    len < n ? fail(`${what} payload needs ${n} bytes, has ${len}`, 2) : undefined
  switch (type) {
    case AdvPduType.ADV_IND:
    case AdvPduType.ADV_NONCONN_IND:
    case AdvPduType.ADV_SCAN_IND: {
      const name = type === AdvPduType.ADV_IND ? 'ADV_IND' : type === AdvPduType.ADV_NONCONN_IND ? 'ADV_NONCONN_IND' : 'ADV_SCAN_IND'
      const short = need(6, name)
      if (short) return short
      if (len > 6 + MAX_ADV_DATA) return fail(`${name} carries ${len - 6} AdvData bytes, more than 31`, 1)
      return ok({ type: name, chSel, advA: formatAddress(p.subarray(0, 6)), advAType: tx, advData: p.subarray(6) })
    }
    case AdvPduType.ADV_DIRECT_IND: {
      if (len !== 12) return fail(`ADV_DIRECT_IND payload must be 12 bytes, is ${len}`, 1)
      return ok({
        type: 'ADV_DIRECT_IND',
        chSel,
        advA: formatAddress(p.subarray(0, 6)),
        advAType: tx,
        targetA: formatAddress(p.subarray(6, 12)),
        targetAType: rx,
      })
    }
    case AdvPduType.SCAN_REQ: {
      if (len !== 12) return fail(`SCAN_REQ payload must be 12 bytes, is ${len}`, 1)
      return ok({
        type: 'SCAN_REQ',
        chSel,
        scanA: formatAddress(p.subarray(0, 6)),
        scanAType: tx,
        advA: formatAddress(p.subarray(6, 12)),
        advAType: rx,
      })
    }
    case AdvPduType.SCAN_RSP: {
      const short = need(6, 'SCAN_RSP')
      if (short) return short
      if (len > 6 + MAX_ADV_DATA) return fail(`SCAN_RSP carries ${len - 6} bytes of data, more than 31`, 1)
      return ok({ type: 'SCAN_RSP', chSel, advA: formatAddress(p.subarray(0, 6)), advAType: tx, scanRspData: p.subarray(6) })
    }
    case AdvPduType.CONNECT_IND: {
      if (len !== 34) return fail(`CONNECT_IND payload must be 34 bytes, is ${len}`, 1)
      const d = p.subarray(12)
      const channels: number[] = []
      for (let ch = 0; ch < 37; ch++) if (d[16 + (ch >> 3)] & (1 << (ch & 7))) channels.push(ch)
      return ok({
        type: 'CONNECT_IND',
        chSel,
        initA: formatAddress(p.subarray(0, 6)),
        initAType: tx,
        advA: formatAddress(p.subarray(6, 12)),
        advAType: rx,
        ll: {
          accessAddress: readU32LE(d, 0),
          crcInit: readU24LE(d, 4),
          winSize: d[7],
          winOffset: readU16LE(d, 8),
          interval: readU16LE(d, 10),
          latency: readU16LE(d, 12),
          timeout: readU16LE(d, 14),
          channels,
          hop: d[21] & 0x1f,
          sca: d[21] >> 5,
        },
      })
    }
    default:
      return fail(`advertising PDU type 0x${type.toString(16)} is not a legacy type this codec knows`, 0)
  }
}

function addr(text: string, what: string): Result<Uint8Array> {
  const r = addressToBytes(text)
  return r.ok ? r : fail(`${what}: ${r.error.reason}`, 0)
}

/** Build header + payload of an advertising channel PDU. */
export function buildAdvertisingPdu(pdu: AdvertisingPdu): Result<Uint8Array> {
  let type: number
  let txRandom = false
  let rxRandom = false
  const parts: Uint8Array[] = []
  const push = (r: Result<Uint8Array>): boolean => {
    if (r.ok) parts.push(r.value)
    return r.ok
  }
  switch (pdu.type) {
    case 'ADV_IND':
    case 'ADV_NONCONN_IND':
    case 'ADV_SCAN_IND': {
      type = AdvPduType[pdu.type]
      if (pdu.advData.length > MAX_ADV_DATA) return fail(`AdvData of ${pdu.advData.length} bytes exceeds 31`, 0)
      const a = addr(pdu.advA, 'AdvA')
      if (!push(a)) return a
      parts.push(pdu.advData)
      txRandom = pdu.advAType === 'random'
      break
    }
    case 'ADV_DIRECT_IND': {
      type = AdvPduType.ADV_DIRECT_IND
      const a = addr(pdu.advA, 'AdvA')
      if (!push(a)) return a
      const t = addr(pdu.targetA, 'TargetA')
      if (!push(t)) return t
      txRandom = pdu.advAType === 'random'
      rxRandom = pdu.targetAType === 'random'
      break
    }
    case 'SCAN_REQ': {
      type = AdvPduType.SCAN_REQ
      const s = addr(pdu.scanA, 'ScanA')
      if (!push(s)) return s
      const a = addr(pdu.advA, 'AdvA')
      if (!push(a)) return a
      txRandom = pdu.scanAType === 'random'
      rxRandom = pdu.advAType === 'random'
      break
    }
    case 'SCAN_RSP': {
      type = AdvPduType.SCAN_RSP
      if (pdu.scanRspData.length > MAX_ADV_DATA) return fail(`ScanRspData of ${pdu.scanRspData.length} bytes exceeds 31`, 0)
      const a = addr(pdu.advA, 'AdvA')
      if (!push(a)) return a
      parts.push(pdu.scanRspData)
      txRandom = pdu.advAType === 'random'
      break
    }
    case 'CONNECT_IND': {
      type = AdvPduType.CONNECT_IND
      const i = addr(pdu.initA, 'InitA')
      if (!push(i)) return i
      const a = addr(pdu.advA, 'AdvA')
      if (!push(a)) return a
      const ll = pdu.ll
      const fields: [number, number, string][] = [
        [ll.accessAddress, 32, 'access address'],
        [ll.crcInit, 24, 'CRC init'],
        [ll.winSize, 8, 'WinSize'],
        [ll.winOffset, 16, 'WinOffset'],
        [ll.interval, 16, 'Interval'],
        [ll.latency, 16, 'Latency'],
        [ll.timeout, 16, 'Timeout'],
        [ll.hop, 5, 'Hop'],
        [ll.sca, 3, 'SCA'],
      ]
      for (const [v, bits, name] of fields) if (!isUint(v, bits)) return fail(`${name} must fit ${bits} bits`, 0)
      const d = new Uint8Array(22)
      writeU32LE(d, 0, ll.accessAddress)
      writeU24LE(d, 4, ll.crcInit)
      d[7] = ll.winSize
      writeU16LE(d, 8, ll.winOffset)
      writeU16LE(d, 10, ll.interval)
      writeU16LE(d, 12, ll.latency)
      writeU16LE(d, 14, ll.timeout)
      for (const ch of ll.channels) {
        if (!isUint(ch, 6) || ch > 36) return fail(`data channel ${ch} is not 0..36`, 0)
        d[16 + (ch >> 3)] |= 1 << (ch & 7)
      }
      d[21] = ll.hop | (ll.sca << 5)
      parts.push(d)
      txRandom = pdu.initAType === 'random'
      rxRandom = pdu.advAType === 'random'
      break
    }
  }
  const len = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(2 + len)
  out[0] = type | (pdu.chSel ? 0x20 : 0) | (txRandom ? 0x40 : 0) | (rxRandom ? 0x80 : 0)
  out[1] = len
  let at = 2
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return ok(out)
}
