// The lab's BLE link layer and GATT, end to end over the lab air on a virtual clock: a peripheral with a GATT
// server, the workstation's lab radio scanning, connecting, discovering, reading, writing and subscribing, with
// and without frame loss (SN/NESN retransmissions must hide it).
import { describe, expect, it } from 'vitest'
import { buildAdvertisingData } from '../../../main/codec/ble/ad'
import { parseDataPdu } from '../../../main/codec/ble/ll-data'
import { ADVERTISING_ACCESS_ADDRESS, parseLinkLayerPacket } from '../../../main/codec/ble/ll-packet'
import { parseAdvertisingPdu } from '../../../main/codec/ble/ll-advertising'
import { Air, type Reception } from '../../../main/lab/air'
import { LabGattServer } from '../../../main/radio/ble/lab/gatt-server'
import { LabPeripheralLink } from '../../../main/radio/ble/lab/peripheral-link'
import { dataChannelFor, DataLink } from '../../../main/radio/ble/lab/data-link'
import { BleError } from '../../../main/radio/ble/errors'
import type { Advertisement, GattConnection } from '../../../main/radio/ble/interface'
import { LabBleRadio } from '../../../main/radio/lab/lab-ble'
import { VirtualClock } from '../../../main/runtime/clock'
import { seededRandom } from '../../../main/runtime/random'

const PERIPHERAL = '02:00:1c:aa:bb:01'
const SERVICE = 0x180f
const LEVEL = 0x2a19
const CONTROL = 0x2aff
const EVENTS = 0x2afe

function ok<T>(r: { ok: true; value: T } | { ok: false; error: { reason: string } }): T {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

function labBench(opts: { loss?: number; seed?: number; delayMs?: number } = {}) {
  const clock = new VirtualClock(1_000_000)
  const random = seededRandom(opts.seed ?? 7)
  const air = new Air(clock, random)
  air.knobs.loss = opts.loss ?? 0
  const env = { air, clock, random }
  const writes: { value: string; withResponse: boolean }[] = []
  const heard: Reception[] = []
  air.tap((r) => heard.push(r), { x: 1, y: 0 })
  let link!: LabPeripheralLink
  const server: LabGattServer = new LabGattServer(
    [
      {
        uuid: SERVICE,
        characteristics: [
          { uuid: LEVEL, properties: ['read'], read: () => Uint8Array.of(87) },
          {
            uuid: CONTROL,
            properties: ['write', 'write-without-response'],
            write: (value, withResponse) => {
              writes.push({ value: Buffer.from(value).toString('hex'), withResponse })
              // Echo every write back as an indication and a notification.
              server.indicate(EVENTS, value)
              server.notify(EVENTS, Uint8Array.of(0xee))
            },
          },
          { uuid: EVENTS, properties: ['read', 'notify', 'indicate'] },
        ],
      },
    ],
    (frame) => link.sendL2cap(frame),
    clock,
    { serverMtu: 247, responseDelayMs: () => opts.delayMs ?? 0 },
  )
  const disconnects: string[] = []
  link = new LabPeripheralLink(env, 'peripheral', () => ({ x: 3, y: 0 }), {
    address: PERIPHERAL,
    advertisingData: () => ok(buildAdvertisingData([{ kind: 'flags', flags: 6 }, { kind: 'uuid16', complete: true, uuids: [SERVICE] }])),
    scanResponse: () => ok(buildAdvertisingData([{ kind: 'local-name', complete: true, name: 'lab-peripheral' }])),
    txPowerDbm: () => 0,
  }, {
    connected: () => undefined,
    l2cap: (frame) => server.receive(frame),
    disconnected: (reason) => {
      disconnects.push(reason)
      server.reset()
    },
  })
  link.start()
  const radio = new LabBleRadio(env, { x: 1, y: 0 })
  return { clock, air, radio, link, server, writes, heard, disconnects }
}

async function settle<T>(clock: VirtualClock, promise: Promise<T>, maxMs = 60_000): Promise<T> {
  let done = false
  let value: T | undefined
  let error: unknown
  promise.then((v) => ((done = true), (value = v)), (e) => ((done = true), (error = e)))
  await clock.runUntil(clock.now() + maxMs, () => done)
  if (!done) throw new Error('did not settle in virtual time')
  if (error) throw error
  return value as T
}

async function firstAdvertisement(bench: ReturnType<typeof labBench>, named = false): Promise<Advertisement> {
  const it = bench.radio.scan({ durationMs: 5_000 })[Symbol.asyncIterator]()
  for (;;) {
    const next = await settle(bench.clock, it.next())
    if (next.done) throw new Error('scan ended without the peripheral')
    if (next.value.address === PERIPHERAL && (!named || next.value.name)) {
      await it.return?.()
      return next.value
    }
  }
}

describe('lab BLE link layer', () => {
  it('scans: advertising data and the scan response come back parsed, with an RSSI from the lab air', async () => {
    const bench = labBench()
    const adv = await firstAdvertisement(bench, true)
    expect(adv.name).toBe('lab-peripheral')
    expect(adv.serviceUuids).toEqual([SERVICE])
    expect(adv.flags).toBe(6)
    expect(adv.connectable).toBe(true)
    expect(adv.rssi).toBeLessThan(-30)
    expect(adv.rssi).toBeGreaterThan(-92)
    // What crossed the air were real advertising-channel packets with a valid CRC on channels 37-39.
    const advPackets = bench.heard.filter((r) => r.medium === 'ble' && r.channel >= 37)
    const types = new Set(advPackets.map((r) => ok(parseAdvertisingPdu(ok(parseLinkLayerPacket(r.bytes)).pdu)).type))
    expect([...types].sort()).toEqual(['ADV_IND', 'SCAN_REQ', 'SCAN_RSP'])
    for (const r of advPackets) expect(ok(parseLinkLayerPacket(r.bytes)).crcValid).toBe(true)
  })

  it('connects, discovers, reads, writes with and without response, and receives indications and notifications', async () => {
    const bench = labBench()
    const conn = await settle(bench.clock, bench.radio.connect(PERIPHERAL, { timeoutMs: 5_000 }))
    expect(await settle(bench.clock, conn.exchangeMtu(247))).toBe(247)
    const services = await settle(bench.clock, conn.discover())
    expect(services).toEqual([
      {
        uuid: SERVICE,
        characteristics: [
          { uuid: LEVEL, properties: ['read'] },
          { uuid: CONTROL, properties: ['write-without-response', 'write'] },
          { uuid: EVENTS, properties: ['read', 'notify', 'indicate'] },
        ],
      },
    ])
    expect(Array.from(await settle(bench.clock, conn.read({ service: SERVICE, characteristic: LEVEL })))).toEqual([87])
    const pushed: string[] = []
    await settle(bench.clock, conn.subscribe({ service: SERVICE, characteristic: EVENTS }, 'indicate', (v) => pushed.push(Buffer.from(v).toString('hex'))))
    // A long write (over one LL payload) is fragmented by the link layer and reassembled by the peer.
    const long = Uint8Array.from({ length: 100 }, (_, i) => i)
    await settle(bench.clock, conn.write({ service: SERVICE, characteristic: CONTROL }, long, { withResponse: true }))
    await settle(bench.clock, conn.write({ service: SERVICE, characteristic: CONTROL }, Uint8Array.of(1, 2), { withResponse: false }))
    await bench.clock.advance(500)
    expect(bench.writes).toEqual([
      { value: Buffer.from(long).toString('hex'), withResponse: true },
      { value: '0102', withResponse: false },
    ])
    // Indications only (the CCCD asked for indications): the notifications were not sent.
    expect(pushed).toEqual([Buffer.from(long).toString('hex'), '0102'])
    await expect(settle(bench.clock, conn.subscribe({ service: SERVICE, characteristic: LEVEL }, 'notify', () => {}))).rejects.toThrow(/does not support notify/)
    await settle(bench.clock, conn.disconnect())
    expect(conn.connected).toBe(false)
    await bench.clock.advance(200)
    expect(bench.disconnects).toEqual(['remote-terminated'])
  })

  it('hops data channels per CSA #1 and acknowledges with SN/NESN', async () => {
    const bench = labBench()
    const conn = await settle(bench.clock, bench.radio.connect(PERIPHERAL, { timeoutMs: 5_000 }))
    await settle(bench.clock, conn.discover())
    const connectInd = bench.heard
      .filter((r) => r.channel >= 37)
      .map((r) => ok(parseAdvertisingPdu(ok(parseLinkLayerPacket(r.bytes)).pdu)))
      .find((p) => p.type === 'CONNECT_IND')
    if (connectInd?.type !== 'CONNECT_IND') throw new Error('no CONNECT_IND on the air')
    const data = bench.heard.filter((r) => r.channel < 37)
    const centralPackets = data.filter((r) => r.from.startsWith('workstation-ble/conn-'))
    expect(centralPackets.length).toBeGreaterThan(10)
    centralPackets.forEach((r, event) => expect(r.channel).toBe(dataChannelFor(event, connectInd.ll.hop, connectInd.ll.channels)))
    for (const r of data) {
      const ll = ok(parseLinkLayerPacket(r.bytes, connectInd.ll.crcInit))
      expect(ll.accessAddress).toBe(connectInd.ll.accessAddress)
      expect(ll.accessAddress).not.toBe(ADVERTISING_ACCESS_ADDRESS)
      expect(ll.crcValid).toBe(true)
    }
    // Without loss every packet is new: the SN alternates on each side.
    const sns = centralPackets.map((r) => ok(parseDataPdu(ok(parseLinkLayerPacket(r.bytes)).pdu)).sn)
    sns.forEach((sn, i) => expect(sn).toBe(i % 2))
    await settle(bench.clock, conn.disconnect())
  })

  it('delivers everything in order despite 30% frame loss (retransmissions on the air)', async () => {
    const bench = labBench({ loss: 0.3, seed: 11 })
    const conn = await settle(bench.clock, bench.radio.connect(PERIPHERAL, { timeoutMs: 20_000 }))
    await settle(bench.clock, conn.discover())
    const values = Array.from({ length: 12 }, (_, i) => Uint8Array.of(i, i * 3, 0xaa))
    for (const v of values) await settle(bench.clock, conn.write({ service: SERVICE, characteristic: CONTROL }, v, { withResponse: true }))
    expect(bench.writes.map((w) => w.value)).toEqual(values.map((v) => Buffer.from(v).toString('hex')))
    const central = bench.heard.filter((r) => r.channel < 37 && r.from.startsWith('workstation-ble/conn-'))
    const repeatedSn = central.filter((r, i) => i > 0 && ok(parseDataPdu(ok(parseLinkLayerPacket(r.bytes)).pdu)).sn === ok(parseDataPdu(ok(parseLinkLayerPacket(central[i - 1].bytes)).pdu)).sn)
    expect(repeatedSn.length).toBeGreaterThan(0)
    await settle(bench.clock, conn.disconnect())
  })

  it('keeps two connections apart (separate access addresses and hop sequences)', async () => {
    const bench = labBench()
    const other = new LabBleRadio({ air: bench.air, clock: bench.clock, random: seededRandom(99) }, { x: 1, y: 1 }, 'd4:ab:0b:1e:00:02')
    const first = await settle(bench.clock, bench.radio.connect(PERIPHERAL, { timeoutMs: 5_000 }))
    // The peripheral serves one central: the second radio cannot connect until the first lets go.
    await expect(settle(bench.clock, other.connect(PERIPHERAL, { timeoutMs: 2_000 }))).rejects.toMatchObject({ code: 'connect-timeout' })
    await settle(bench.clock, first.disconnect())
    const second = await settle(bench.clock, other.connect(PERIPHERAL, { timeoutMs: 5_000 }))
    expect((await settle(bench.clock, second.discover())).length).toBe(1)
    await settle(bench.clock, second.disconnect())
  })

  it('reports a GATT timeout on a slow peripheral and drops the link', async () => {
    const bench = labBench({ delayMs: 3_000 })
    const conn: GattConnection = await settle(bench.clock, bench.radio.connect(PERIPHERAL, { timeoutMs: 5_000 }))
    const reasons: string[] = []
    conn.onDisconnect((r) => reasons.push(r))
    const error = await settle(bench.clock, conn.discover({ timeoutMs: 1_000 })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BleError)
    expect((error as BleError).code).toBe('gatt-timeout')
    await bench.clock.advance(10)
    expect(reasons).toEqual(['gatt-timeout'])
    expect(conn.connected).toBe(false)
  })

  it('surfaces a peripheral that terminates mid-write as a disconnect, not a crash', async () => {
    const bench = labBench()
    const conn = await settle(bench.clock, bench.radio.connect(PERIPHERAL, { timeoutMs: 5_000 }))
    await settle(bench.clock, conn.discover())
    const reasons: string[] = []
    conn.onDisconnect((r) => reasons.push(r))
    bench.link.terminate()
    const error = await settle(bench.clock, conn.write({ service: SERVICE, characteristic: CONTROL }, Uint8Array.of(9), { withResponse: true })).catch((e: unknown) => e)
    expect((error as BleError).code).toBe('disconnected')
    expect(reasons).toEqual(['remote-terminated'])
  })

  it('times out connecting to an address nobody advertises', async () => {
    const bench = labBench()
    await expect(settle(bench.clock, bench.radio.connect('02:00:00:00:00:99', { timeoutMs: 1_500 }))).rejects.toMatchObject({ code: 'connect-timeout' })
  })
})

describe('DataLink', () => {
  it('fragments an L2CAP frame into 27-byte LL payloads and reassembles it', () => {
    const a = new DataLink(0x12345678, 0x555555)
    const b = new DataLink(0x12345678, 0x555555)
    const got: string[] = []
    b.onL2cap = (f) => got.push(Buffer.from(f).toString('hex'))
    const frame = Uint8Array.from({ length: 64 }, (_, i) => (i === 0 ? 60 : i === 1 ? 0 : i))
    a.sendL2cap(frame)
    for (let i = 0; i < 6; i++) {
      b.receive(a.nextPacket())
      a.receive(b.nextPacket())
    }
    expect(got).toEqual([Buffer.from(frame).toString('hex')])
    expect(a.pending).toBe(0)
  })

  it('ignores packets of another access address and packets with a broken CRC', () => {
    const a = new DataLink(0x12345678, 0x555555)
    const b = new DataLink(0x12345678, 0x555555)
    const other = new DataLink(0x0badcafe, 0x555555)
    expect(b.receive(other.nextPacket())).toBe(false)
    const packet = a.nextPacket()
    packet[packet.length - 1] ^= 1
    expect(b.receive(packet)).toBe(false)
  })
})
