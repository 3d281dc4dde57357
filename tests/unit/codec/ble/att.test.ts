import { describe, expect, it } from 'vitest'
import {
  AttOpcode,
  buildAttPdu,
  buildL2capFrame,
  L2capCid,
  maxAttValue,
  parseAttPdu,
  parseL2capFrame,
  type AttPdu,
} from '../../../../main/codec/ble'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import { fuzzParser } from './fuzz'

const hex = (s: string): Uint8Array => fromHex(s)!

// Hand-assembled from Core Spec Vol 3 Part F §3.4 field tables (opcode, then LE fields in table order).
const CASES: [string, AttPdu][] = [
  ['010a0300' + '0a', { op: 'error-rsp', requestOpcode: 0x0a, handle: 0x0003, errorCode: 0x0a }],
  ['02f700', { op: 'exchange-mtu-req', mtu: 247 }],
  ['031700', { op: 'exchange-mtu-rsp', mtu: 23 }],
  ['040100ffff', { op: 'find-information-req', startHandle: 1, endHandle: 0xffff }],
  ['0501' + '0e000229' + '0f00d5fe', { op: 'find-information-rsp', entries: [{ handle: 0x0e, uuid: 0x2902 }, { handle: 0x0f, uuid: 0xfed5 }] }],
  [
    '0502' + '1000' + '9ecadc240ee5a9e093f3a3b50100406e',
    { op: 'find-information-rsp', entries: [{ handle: 0x10, uuid: '6e400001-b5a3-f393-e0a9-e50e24dcca9e' }] },
  ],
  ['080100ffff0328', { op: 'read-by-type-req', startHandle: 1, endHandle: 0xffff, type: 0x2803 }],
  [
    '0907' + '0200' + '120300d4fe' + '0400' + '080500d5fe',
    {
      op: 'read-by-type-rsp',
      entries: [
        { handle: 2, value: hex('120300d4fe') },
        { handle: 4, value: hex('080500d5fe') },
      ],
    },
  ],
  ['0a0500', { op: 'read-req', handle: 5 }],
  ['0b415a', { op: 'read-rsp', value: hex('415a') }],
  ['100100ffff0028', { op: 'read-by-group-type-req', startHandle: 1, endHandle: 0xffff, type: 0x2800 }],
  [
    '1106' + '01000f00b3fe',
    { op: 'read-by-group-type-rsp', entries: [{ handle: 1, endGroupHandle: 0x0f, value: hex('b3fe') }] },
  ],
  ['12' + '0600' + '111200099f50ccbc', { op: 'write-req', handle: 6, value: hex('111200099f50ccbc') }],
  ['13', { op: 'write-rsp' }],
  ['52' + '0a00' + '0102', { op: 'write-cmd', handle: 10, value: hex('0102') }],
  ['1b' + '0d00' + '000f0000', { op: 'notification', handle: 13, value: hex('000f0000') }],
  ['1d' + '0800' + '0011', { op: 'indication', handle: 8, value: hex('0011') }],
  ['1e', { op: 'confirmation' }],
  ['d2' + '0102', { op: 'unknown', opcode: 0xd2, params: hex('0102') }],
]

describe('ATT PDUs', () => {
  it('parses and builds every supported PDU to the spec layout', () => {
    for (const [bytes, pdu] of CASES) {
      expect(parseAttPdu(hex(bytes)), bytes).toEqual({ ok: true, value: pdu })
      const b = buildAttPdu(pdu)
      expect(b.ok && toHex(b.value), pdu.op).toBe(bytes)
    }
  })

  it('names wrong lengths', () => {
    expect(parseAttPdu(hex('0a05'))).toEqual({ ok: false, error: { reason: 'Read Request needs 3 bytes, has 2', offset: 2 } })
    expect(parseAttPdu(hex('12')).ok).toBe(false)
    expect(parseAttPdu(hex('090700010203')).ok).toBe(false)
    expect(parseAttPdu(hex('0503')).ok).toBe(false)
    expect(parseAttPdu(new Uint8Array(0)).ok).toBe(false)
  })

  it('refuses responses it cannot encode', () => {
    expect(
      buildAttPdu({ op: 'read-by-type-rsp', entries: [{ handle: 1, value: hex('01') }, { handle: 2, value: hex('0102') }] }).ok,
    ).toBe(false)
    expect(buildAttPdu({ op: 'write-req', handle: 0x10000, value: hex('00') }).ok).toBe(false)
    expect(buildAttPdu({ op: 'find-information-rsp', entries: [] }).ok).toBe(false)
  })

  it('has room for MTU - 3 value bytes', () => {
    expect(maxAttValue(23)).toBe(20)
    expect(AttOpcode.writeCmd).toBe(0x52)
  })

  it('never throws', () => fuzzParser(parseAttPdu, CASES.map(([b]) => hex(b))))
})

describe('L2CAP basic header', () => {
  it('wraps ATT on CID 4', () => {
    const f = buildL2capFrame({ cid: L2capCid.att, payload: hex('13') })
    expect(f.ok && toHex(f.value)).toBe('0100040013')
    expect(parseL2capFrame(hex('0100040013'))).toEqual({ ok: true, value: { cid: 4, payload: hex('13') } })
  })

  it('tells a fragment from trailing garbage', () => {
    expect(parseL2capFrame(hex('0500040013')).ok).toBe(false)
    expect(parseL2capFrame(hex('010004001300')).ok).toBe(false)
  })

  it('never throws', () => fuzzParser(parseL2capFrame, [hex('0100040013'), hex('07000400120600000f0000')]))
})
