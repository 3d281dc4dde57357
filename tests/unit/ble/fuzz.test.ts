// Everything in the BLE radio layer that reads bytes from the air (or from a peer) gets random, truncated and
// mutated input: it must never throw or hang, and what it answers must still be well formed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildAttPdu, parseAttPdu } from '../../../main/codec/ble/att'
import { buildL2capFrame, parseL2capFrame } from '../../../main/codec/ble/l2cap'
import { parseLePhdr } from '../../../main/codec/ble/phdr'
import { buildBreezeAdvertisingData } from '../../../main/codec/breeze/advertisement'
import { advertisementFromRaw } from '../../../main/radio/ble/advertisement'
import { BlePhdrTracker } from '../../../main/radio/ble/capture-phdr'
import { AttClient } from '../../../main/radio/ble/lab/att-client'
import { advertisingPacket, readAdvertising } from '../../../main/radio/ble/lab/ble-air'
import { DataLink } from '../../../main/radio/ble/lab/data-link'
import { LabGattServer } from '../../../main/radio/ble/lab/gatt-server'
import { VirtualClock } from '../../../main/runtime/clock'

const bytes = (max = 80) => fc.uint8Array({ maxLength: max })

/** A valid thing and ways to damage it: truncate, flip bytes, append junk. */
function mutated(valid: Uint8Array) {
  return fc.oneof(
    fc.nat(valid.length).map((n) => valid.slice(0, n)),
    fc.array(fc.tuple(fc.nat(Math.max(0, valid.length - 1)), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
      const copy = Uint8Array.from(valid)
      for (const [at, x] of flips) copy[at] ^= x
      return copy
    }),
    bytes(8).map((tail) => Uint8Array.from([...valid, ...tail])),
  )
}

function breezeServer() {
  const sent: Uint8Array[] = []
  const clock = new VirtualClock()
  const server = new LabGattServer(
    [{ uuid: 0xfeb3, characteristics: [{ uuid: 0xfed5, properties: ['read', 'write'], write: () => {} }, { uuid: 0xfed6, properties: ['read', 'indicate'] }] }],
    (frame) => sent.push(frame),
    clock,
    { serverMtu: 247, responseDelayMs: () => 0 },
  )
  return { server, sent, clock }
}

describe('BLE radio layer under hostile input', () => {
  it('DataLink.receive: random and damaged packets are rejected or taken, never thrown', () => {
    const sender = new DataLink(0x50654b7a, 0x8d5f3a)
    sender.sendL2cap(Uint8Array.of(5, 0, 4, 0, 0x12, 0x05, 0x00, 1, 2))
    const valid = sender.nextPacket()
    fc.assert(
      fc.property(fc.oneof(bytes(), mutated(valid)), (input) => {
        const link = new DataLink(0x50654b7a, 0x8d5f3a)
        const frames: Uint8Array[] = []
        link.onL2cap = (f) => frames.push(f)
        expect(typeof link.receive(input)).toBe('boolean')
        for (const f of frames) expect(parseL2capFrame(f).ok).toBe(true)
      }),
    )
  })

  it('the GATT server answers random L2CAP payloads with well-formed ATT, or not at all', async () => {
    await fc.assert(
      fc.asyncProperty(bytes(40), async (att) => {
        const { server, sent, clock } = breezeServer()
        const frame = buildL2capFrame({ cid: 4, payload: att })
        if (!frame.ok) return
        expect(() => server.receive(frame.value)).not.toThrow()
        expect(() => server.receive(att)).not.toThrow()
        await clock.advance(1)
        for (const out of sent) {
          const l2 = parseL2capFrame(out)
          expect(l2.ok).toBe(true)
          if (l2.ok) expect(parseAttPdu(l2.value.payload).ok).toBe(true)
        }
        // A request never gets two answers.
        expect(sent.length).toBeLessThanOrEqual(2)
      }),
      { numRuns: 300 },
    )
  })

  it('the GATT server answers every well-formed request opcode with exactly one response', async () => {
    const requests = [
      { op: 'exchange-mtu-req', mtu: 517 },
      { op: 'read-by-group-type-req', startHandle: 1, endHandle: 0xffff, type: 0x2800 },
      { op: 'read-by-type-req', startHandle: 1, endHandle: 0xffff, type: 0x2803 },
      { op: 'find-information-req', startHandle: 1, endHandle: 0xffff },
      { op: 'read-req', handle: 3 },
      { op: 'read-req', handle: 200 },
      { op: 'write-req', handle: 3, value: Uint8Array.of(1) },
      { op: 'write-req', handle: 5, value: Uint8Array.of(1) },
      { op: 'read-by-type-req', startHandle: 9, endHandle: 2, type: 0x2803 },
    ] as const
    for (const request of requests) {
      const { server, sent, clock } = breezeServer()
      const att = buildAttPdu(request)
      if (!att.ok) throw new Error(att.error.reason)
      const frame = buildL2capFrame({ cid: 4, payload: att.value })
      if (!frame.ok) throw new Error(frame.error.reason)
      server.receive(frame.value)
      await clock.advance(1)
      expect(sent.length, request.op).toBe(1)
    }
  })

  it('the ATT client ignores random frames and keeps its one pending request', async () => {
    const clock = new VirtualClock()
    const client = new AttClient(() => {}, clock, () => {})
    const pending = client.request({ op: 'read-req', handle: 3 }, { timeoutMs: 1_000 }).catch((e: unknown) => e)
    fc.assert(
      fc.property(bytes(40), (frame) => {
        expect(() => client.receive(frame)).not.toThrow()
      }),
    )
    await clock.advance(2_000)
    const outcome = await pending
    // Either some random frame was a Read Response (answered) or the request timed out; never a throw.
    expect(outcome instanceof Error ? (outcome as { code?: string }).code : 'answered').toMatch(/gatt-timeout|att-error|answered/)
  })

  it('advertisements: any advertising data and scan response parse into an Advertisement', () => {
    const breeze = buildBreezeAdvertisingData({ version: 5, secretType: 'per-product', productId: 1, mac: '11:22:33:44:55:66' })
    if (!breeze.ok) throw new Error(breeze.error.reason)
    fc.assert(
      fc.property(fc.oneof(bytes(31), mutated(breeze.value)), fc.option(bytes(31), { nil: undefined }), (advData, scanResponse) => {
        const adv = advertisementFromRaw({ address: '11:22:33:44:55:66', addressType: 'public', rssi: -50, connectable: true, advData, scanResponse, receivedAt: 0 })
        expect(adv.address).toBe('11:22:33:44:55:66')
        if (adv.breeze) expect(adv.serviceUuids).toContain(0xfeb3)
      }),
    )
  })

  it('advertising-channel packets: random bytes are no advertisement; a damaged valid one never throws', () => {
    const valid = advertisingPacket({ type: 'ADV_IND', chSel: false, advA: '11:22:33:44:55:66', advAType: 'public', advData: Uint8Array.of(2, 1, 6) })
    fc.assert(
      fc.property(fc.oneof(bytes(), mutated(valid)), (input) => {
        const pdu = readAdvertising(input)
        if (pdu) expect(pdu.type).toMatch(/^(ADV_|SCAN_|CONNECT_IND)/)
      }),
    )
  })

  it('the capture PHDR writer: random packets give a record that parses, or none', () => {
    const tracker = new BlePhdrTracker()
    fc.assert(
      fc.property(bytes(60), fc.integer({ min: -5, max: 45 }), fc.integer({ min: -200, max: 50 }), (packet, channel, rssiDbm) => {
        const record = tracker.record({ from: 'x', channel, rssiDbm, bytes: packet })
        if (!record) return
        const parsed = parseLePhdr(record)
        expect(parsed.ok).toBe(true)
        if (parsed.ok) expect(Array.from(parsed.value.packet)).toEqual(Array.from(packet))
      }),
    )
  })
})
