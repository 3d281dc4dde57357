// A Breeze provisioning session, produced by our client and device state machines, written as a linktype-256
// (LE LL with PHDR) pcap and read back by Wireshark: advertising data, CONNECT_IND, and every ATT write and
// indication must appear with the handles and values we put on the air. tshark is the oracle for the LL CRC too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ADVERTISING_ACCESS_ADDRESS,
  ADVERTISING_CRC_INIT,
  buildAdvertisingPdu,
  buildAttPdu,
  buildDataPdu,
  buildL2capFrame,
  buildLePhdr,
  buildLinkLayerPacket,
  Cccd,
  L2capCid,
  LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR,
  rfChannelForIndex,
  type AdvertisingPdu,
  type AttPdu,
  type LePhdrInput,
} from '../../main/codec/ble'
import { toHex } from '../../main/codec/ble/bytes'
import { BreezeChar, createBreezeClient, createBreezeDevice, type ClientAction, type DeviceAction } from '../../main/codec/breeze'
import { writePcap } from '../../main/codec/pcapfile'
import type { Result } from '../../main/codec/result'
import { fieldValues, tsharkAvailable, tsharkTree } from '../bench/lib/tshark'

const haveTshark = tsharkAvailable()
const inCi = process.env.CI === 'true'

const DEVICE_ADDR = '11:22:33:44:55:66'
const PHONE_ADDR = 'd4:3a:2c:11:22:33'
const CONN_AA = 0x50654b7a
const CONN_CRC_INIT = 0x8d5f3a
/** The lab's GATT table for service 0xFEB3 (value handles; CCCDs follow IC and NC). */
const HANDLE: Record<number, number> = {
  [BreezeChar.rc]: 0x0003,
  [BreezeChar.wc]: 0x0005,
  [BreezeChar.ic]: 0x0007,
  [BreezeChar.wwnrc]: 0x000a,
  [BreezeChar.nc]: 0x000c,
}
const CCCD_HANDLE: Record<number, number> = { [BreezeChar.ic]: 0x0008, [BreezeChar.nc]: 0x000d }

// §10.4 worked example: the capture carries exactly these Breeze frames.
const RANDOM = new TextEncoder().encode('6020857211253677')
const EXPECTED_WRITES = [
  '111200099f50ccbc8dd0a11da16e63c641a7aca2',
  '12140002e742bade8aab226aeeffe2adcfc0d54f',
  '150d10109739ba7649779bb4e225249bce16f25f',
  '150d110cb41d894fd0256b77797c84414b7b4a14',
]
const EXPECTED_INDICATIONS = [
  '0011001036303230383537323131323533363737',
  '10130009ae11d45e7f0987448a5c67a19e10879c',
  '150e0005ea57a4510674d3462fd05df56d18fea6',
]

const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

type Side = 'central' | 'peripheral'

/** Turns ATT traffic into LL data PDUs with consistent SN/NESN, padding with empty PDUs so sides alternate. */
function createConnection() {
  const state = { central: { sn: 0, nesn: 0 }, peripheral: { sn: 0, nesn: 0 } }
  let last: Side = 'peripheral'
  let event = 0
  const records: { phdr: LePhdrInput; packet: Uint8Array }[] = []
  function send(from: Side, payload: Uint8Array, llid: 1 | 2): void {
    const other: Side = from === 'central' ? 'peripheral' : 'central'
    if (last === from) send(other, new Uint8Array(0), 1)
    const me = state[from]
    const pdu = value(buildDataPdu({ llid, nesn: me.nesn as 0 | 1, sn: me.sn as 0 | 1, md: false, payload }))
    state[other].nesn = me.sn ^ 1
    me.sn ^= 1
    if (from === 'central') event++
    records.push({
      phdr: {
        rfChannel: rfChannelForIndex((event * 9) % 37)!,
        signalDbm: from === 'central' ? -48 : -61,
        dewhitened: true,
        pduType: from === 'central' ? 'data-central-to-peripheral' : 'data-peripheral-to-central',
      },
      packet: value(buildLinkLayerPacket(CONN_AA, pdu, CONN_CRC_INIT)),
    })
    last = from
  }
  const att = (from: Side, pdu: AttPdu): void =>
    send(from, value(buildL2capFrame({ cid: L2capCid.att, payload: value(buildAttPdu(pdu)) })), 2)
  return { att, records }
}

function advertisingRecord(pdu: AdvertisingPdu, signalDbm: number) {
  return {
    phdr: { rfChannel: 0, signalDbm, dewhitened: true, referenceAccessAddress: ADVERTISING_ACCESS_ADDRESS },
    packet: value(buildLinkLayerPacket(ADVERTISING_ACCESS_ADDRESS, value(buildAdvertisingPdu(pdu)), ADVERTISING_CRC_INIT)),
  }
}

/** Run the session: client and device models talk; every GATT operation becomes ATT on the link. */
function buildSession() {
  const device = createBreezeDevice({
    productKey: 'a1ProductKey',
    productSecret: 'abcdefghijklmnop',
    deviceName: 'lab-device-1',
    productId: 123456,
    mac: DEVICE_ADDR,
  })
  const client = createBreezeClient({ productSecret: 'abcdefghijklmnop', secretType: 'per-product' })
  const conn = createConnection()
  const writes: string[] = []
  const indications: string[] = []
  const queue: ({ from: 'client'; a: ClientAction } | { from: 'device'; a: DeviceAction })[] = []
  const run = (first: ClientAction[]): void => {
    queue.push(...first.map((a) => ({ from: 'client' as const, a })))
    while (queue.length) {
      const item = queue.shift()!
      if (item.from === 'client') {
        const a = item.a
        if (a.kind === 'subscribe') {
          const v = Uint8Array.of(a.mode === 'indicate' ? Cccd.indicate : Cccd.notify, 0)
          conn.att('central', { op: 'write-req', handle: CCCD_HANDLE[a.characteristic], value: v })
          conn.att('peripheral', { op: 'write-rsp' })
          const s = device.setSubscription(a.characteristic, a.mode)
          queue.push(...s.actions.map((x) => ({ from: 'device' as const, a: x })))
        } else if (a.kind === 'write') {
          conn.att('central', { op: 'write-req', handle: HANDLE[a.characteristic], value: a.value })
          writes.push(toHex(a.value))
          conn.att('peripheral', { op: 'write-rsp' })
          const s = device.write(a.characteristic, a.value)
          queue.push(...s.actions.map((x) => ({ from: 'device' as const, a: x })))
        }
      } else if (item.a.kind === 'indicate') {
        const a = item.a
        conn.att('peripheral', { op: 'indication', handle: HANDLE[a.characteristic], value: a.value })
        indications.push(toHex(a.value))
        conn.att('central', { op: 'confirmation' })
        const s = client.receive(a.value, 'indication')
        queue.push(...s.actions.map((x) => ({ from: 'client' as const, a: x })))
      }
    }
  }
  device.connect(RANDOM)
  run(client.start().actions)
  run(client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678', bssid: '11:22:33:44:55:66' }, { msgId: 5 }).actions)

  const adv = [
    advertisingRecord(
      { type: 'ADV_IND', chSel: false, advA: DEVICE_ADDR, advAType: 'public', advData: value(device.advertisingData()) },
      -60,
    ),
    advertisingRecord({ type: 'SCAN_REQ', chSel: false, scanA: PHONE_ADDR, scanAType: 'random', advA: DEVICE_ADDR, advAType: 'public' }, -47),
    advertisingRecord(
      { type: 'SCAN_RSP', chSel: false, advA: DEVICE_ADDR, advAType: 'public', scanRspData: value(device.scanResponse()) },
      -60,
    ),
    advertisingRecord(
      {
        type: 'CONNECT_IND',
        chSel: false,
        initA: PHONE_ADDR,
        initAType: 'random',
        advA: DEVICE_ADDR,
        advAType: 'public',
        ll: {
          accessAddress: CONN_AA,
          crcInit: CONN_CRC_INIT,
          winSize: 2,
          winOffset: 3,
          interval: 24,
          latency: 0,
          timeout: 500,
          channels: Array.from({ length: 37 }, (_, i) => i),
          hop: 9,
          sca: 0,
        },
      },
      -47,
    ),
  ]
  return { records: [...adv, ...conn.records], writes, indications }
}

function writeCapture(dir: string, name: string, records: { phdr: LePhdrInput; packet: Uint8Array }[]): string {
  const file = join(dir, name)
  const bytes = writePcap(
    records.map((r, i) => ({
      linktype: LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR,
      timestampNs: 1_700_000_000_000_000_000n + BigInt(i) * 7_500_000n,
      data: value(buildLePhdr(r.phdr, r.packet)),
    })),
  )
  writeFileSync(file, value(bytes))
  return file
}

const colonHex = (h: string): string => h.match(/../g)!.join(':')

describe('BLE capture read back by tshark (linktype 256)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'provbench-ble-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('has tshark to check against', () => {
    if (!haveTshark) {
      if (inCi) throw new Error('tshark not found on PATH, and CI=true requires the Wireshark cross-check of BLE captures')
      console.warn('tshark not found on PATH: skipping the Wireshark cross-check of BLE captures')
    }
  })

  describe.skipIf(!haveTshark)('with tshark', () => {
    const session = buildSession()
    const file = writeCapture(dir, 'breeze.pcap', session.records)
    const packets = haveTshark ? tsharkTree(file) : []

    it('produced the §10.4 frames in the session it recorded', () => {
      expect(session.writes).toEqual(EXPECTED_WRITES)
      expect(session.indications).toEqual(EXPECTED_INDICATIONS)
      expect(packets.length).toBe(session.records.length)
    })

    it('sees the Breeze advertisement: company 0x01a8, service 0xfeb3, name "AZ"', () => {
      const [adv, scanReq, scanRsp] = packets
      expect(fieldValues(adv, 'frame.protocols')[0]).toBe('bluetooth:btle_rf:btle:btcommon')
      expect(fieldValues(adv, 'btle.advertising_address')).toEqual([DEVICE_ADDR])
      expect(fieldValues(adv, 'btcommon.eir_ad.entry.company_id')).toEqual(['0x01a8'])
      expect(fieldValues(adv, 'btcommon.eir_ad.entry.uuid_16')).toEqual(['0xfeb3'])
      expect(fieldValues(adv, 'btle_rf.signal_dbm')).toEqual(['-60'])
      expect(fieldValues(scanReq, 'btle.scanning_address')).toEqual([PHONE_ADDR])
      expect(fieldValues(scanRsp, 'btcommon.eir_ad.entry.device_name')).toEqual(['AZ'])
    })

    it('reads CONNECT_IND as we laid it out', () => {
      const c = packets[3]
      expect(fieldValues(c, 'btle.initiator_address')).toEqual([PHONE_ADDR])
      expect(fieldValues(c, 'btle.link_layer_data.access_address')).toEqual(['0x50654b7a'])
      expect(fieldValues(c, 'btle.link_layer_data.crc_init')).toEqual(['0x8d5f3a'])
      expect(fieldValues(c, 'btle.link_layer_data.interval')).toEqual(['24'])
      expect(fieldValues(c, 'btle.link_layer_data.timeout')).toEqual(['500'])
      expect(fieldValues(c, 'btle.link_layer_data.hop')).toEqual(['9'])
    })

    it('agrees with every advertising-channel CRC we computed', () => {
      for (const p of packets.slice(0, 4)) {
        expect(fieldValues(p, 'btle.crc').length).toBe(1)
        expect(JSON.stringify(p)).not.toContain('btle.crc.incorrect')
      }
    })

    it('sees each ATT write with its handle and value, in order', () => {
      const writes = packets
        .filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x12')
        .map((p) => [fieldValues(p, 'btatt.handle')[0], fieldValues(p, 'btatt.value')[0]])
      expect(writes).toEqual([
        ['0x0008', '02:00'],
        ['0x000d', '01:00'],
        ...EXPECTED_WRITES.map((v) => ['0x0005', colonHex(v)]),
      ])
      expect(packets.filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x13').length).toBe(writes.length)
    })

    it('sees the device\'s indications on the IC handle', () => {
      const ind = packets
        .filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x1d')
        .map((p) => [fieldValues(p, 'btatt.handle')[0], fieldValues(p, 'btatt.value')[0]])
      expect(ind).toEqual(EXPECTED_INDICATIONS.map((v) => ['0x0007', colonHex(v)]))
      for (const p of packets.slice(4)) {
        expect(fieldValues(p, 'btl2cap.cid').every((c) => c === '0x0004')).toBe(true)
        expect(JSON.stringify(p)).not.toContain('retransmit')
      }
    })

    it('flags a CRC we break on purpose (the oracle is not blind)', () => {
      const broken = session.records.slice(0, 1).map((r) => {
        const packet = Uint8Array.from(r.packet)
        packet[packet.length - 1] ^= 0x01
        return { ...r, packet }
      })
      const p = tsharkTree(writeCapture(dir, 'broken.pcap', broken))
      expect(JSON.stringify(p[0])).toContain('btle.crc.incorrect')
    })
  })
})
