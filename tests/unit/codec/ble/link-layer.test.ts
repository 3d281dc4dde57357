// Link-layer CRC, advertising and data PDUs, and the LE PHDR. Peer vectors come from scapy's regression suite
// (secdev/scapy test/scapy/layers/bluetooth4LE.uts): two packets scapy builds, and a real Ubertooth capture.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ADVERTISING_ACCESS_ADDRESS,
  ADVERTISING_CRC_INIT,
  buildAdvertisingPdu,
  buildDataPdu,
  buildLePhdr,
  buildLinkLayerPacket,
  channelIndexForRf,
  crc24Bytes,
  parseAdvertisingData,
  parseAdvertisingPdu,
  parseDataPdu,
  parseLePhdr,
  parseLinkLayerPacket,
  rfChannelForIndex,
  type AdvertisingPdu,
} from '../../../../main/codec/ble'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import { fuzzParser } from './fuzz'

const hex = (s: string): Uint8Array => fromHex(s)!

// scapy: BTLE()/BTLE_ADV()/BTLE_ADV_IND() -> d6be898e 0006 000000000000 5a3960
const SCAPY_DEFAULT_ADV = 'd6be898e0006000000000000' + '5a3960'
// scapy: BTLE_RF()/BTLE()/BTLE_ADV()/BTLE_SCAN_REQ() with rf_channel 6, signal -75, noise -90, offenses 10
const SCAPY_RF_SCAN_REQ = '06b5a60ad6be898e1000' + 'd6be898e030c' + 'aa'.repeat(6) + 'bb'.repeat(6) + '07b261'
// A real Ubertooth capture (the PPI payload of scapy's GH#1673 test): an Apple ADV_IND.
const UBERTOOTH_ADV_IND = 'd6be898e40144d955016fe7602011a0aff4c0010050b1c0ea8365af004'

describe('CRC-24', () => {
  it('matches peer packets, including a real capture', () => {
    for (const p of [SCAPY_DEFAULT_ADV, SCAPY_RF_SCAN_REQ.slice(20), UBERTOOTH_ADV_IND]) {
      const b = hex(p)
      expect(toHex(crc24Bytes(b.subarray(4, b.length - 3), ADVERTISING_CRC_INIT))).toBe(p.slice(-6))
    }
  })

  it('detects any single bit flip in the PDU', () => {
    const b = hex(UBERTOOTH_ADV_IND)
    fc.assert(
      fc.property(fc.integer({ min: 4 * 8, max: (b.length - 3) * 8 - 1 }), (bit) => {
        const m = Uint8Array.from(b)
        m[bit >> 3] ^= 1 << (bit & 7)
        const p = parseLinkLayerPacket(m)
        // Flipping the length byte may make the packet unparseable; otherwise the CRC must catch it.
        if (p.ok) expect(p.value.crcValid).toBe(false)
      }),
    )
  })
})

describe('advertising PDUs', () => {
  it('parses the real ADV_IND', () => {
    const p = parseLinkLayerPacket(hex(UBERTOOTH_ADV_IND))
    expect(p.ok && p.value.crcValid).toBe(true)
    if (!p.ok) return
    expect(p.value.accessAddress).toBe(ADVERTISING_ACCESS_ADDRESS)
    const adv = parseAdvertisingPdu(p.value.pdu)
    expect(adv.ok).toBe(true)
    if (!adv.ok || adv.value.type !== 'ADV_IND') return
    expect(adv.value.advA).toBe('76:fe:16:50:95:4d')
    expect(adv.value.advAType).toBe('random')
    const ad = parseAdvertisingData(adv.value.advData)
    expect(ad.ok && ad.value).toEqual([
      { kind: 'flags', flags: 0x1a },
      { kind: 'manufacturer', companyId: 0x004c, data: hex('10050b1c0ea836') },
    ])
  })

  it('rebuilds the real ADV_IND and scapy SCAN_REQ byte for byte', () => {
    for (const packet of [UBERTOOTH_ADV_IND, SCAPY_RF_SCAN_REQ.slice(20), SCAPY_DEFAULT_ADV]) {
      const p = parseLinkLayerPacket(hex(packet))
      if (!p.ok) throw new Error(p.error.reason)
      const adv = parseAdvertisingPdu(p.value.pdu)
      if (!adv.ok) throw new Error(adv.error.reason)
      const pdu = buildAdvertisingPdu(adv.value)
      if (!pdu.ok) throw new Error(pdu.error.reason)
      const rebuilt = buildLinkLayerPacket(ADVERTISING_ACCESS_ADDRESS, pdu.value, ADVERTISING_CRC_INIT)
      expect(rebuilt.ok && toHex(rebuilt.value)).toBe(packet)
    }
  })

  it('reads the scapy SCAN_REQ addresses', () => {
    const rec = parseLePhdr(hex(SCAPY_RF_SCAN_REQ))
    if (!rec.ok) throw new Error(rec.error.reason)
    const p = parseLinkLayerPacket(rec.value.packet)
    if (!p.ok) throw new Error(p.error.reason)
    expect(parseAdvertisingPdu(p.value.pdu)).toEqual({
      ok: true,
      value: {
        type: 'SCAN_REQ',
        chSel: false,
        scanA: 'aa:aa:aa:aa:aa:aa',
        scanAType: 'public',
        advA: 'bb:bb:bb:bb:bb:bb',
        advAType: 'public',
      },
    })
  })

  const samples: AdvertisingPdu[] = [
    { type: 'ADV_NONCONN_IND', chSel: false, advA: 'c0:11:22:33:44:55', advAType: 'random', advData: hex('020106') },
    { type: 'ADV_SCAN_IND', chSel: true, advA: '00:11:22:33:44:55', advAType: 'public', advData: new Uint8Array(31) },
    {
      type: 'ADV_DIRECT_IND',
      chSel: false,
      advA: '00:11:22:33:44:55',
      advAType: 'public',
      targetA: 'de:ad:be:ef:00:01',
      targetAType: 'random',
    },
    { type: 'SCAN_RSP', chSel: false, advA: '00:11:22:33:44:55', advAType: 'public', scanRspData: hex('03095a41') },
    {
      type: 'CONNECT_IND',
      chSel: true,
      initA: '11:22:33:44:55:66',
      initAType: 'random',
      advA: '00:11:22:33:44:55',
      advAType: 'public',
      ll: {
        accessAddress: 0x50654b7a,
        crcInit: 0x8d5f3a,
        winSize: 2,
        winOffset: 5,
        interval: 24,
        latency: 0,
        timeout: 72,
        channels: Array.from({ length: 37 }, (_, i) => i).filter((c) => c !== 3 && c !== 20),
        hop: 9,
        sca: 5,
      },
    },
  ]

  it('round-trips every PDU type', () => {
    for (const s of samples) {
      const b = buildAdvertisingPdu(s)
      if (!b.ok) throw new Error(b.error.reason)
      expect(parseAdvertisingPdu(b.value)).toEqual({ ok: true, value: s })
    }
  })

  it('lays CONNECT_IND LLData out as the spec orders it', () => {
    const b = buildAdvertisingPdu(samples[4])
    if (!b.ok) throw new Error(b.error.reason)
    // header: type 5, ChSel, TxAdd random; length 34
    expect(toHex(b.value.subarray(0, 2))).toBe('6522')
    expect(toHex(b.value.subarray(14))).toBe('7a4b6550' + '3a5f8d' + '02' + '0500' + '1800' + '0000' + '4800' + 'f7ffefff1f' + 'a9')
  })

  it('refuses what it cannot represent', () => {
    const tooLong = buildAdvertisingPdu({ ...samples[0], advData: new Uint8Array(32) } as AdvertisingPdu)
    expect(tooLong.ok).toBe(false)
    expect(parseAdvertisingPdu(hex('0706001122334455')).ok).toBe(false)
    expect(parseAdvertisingPdu(hex('0305001122334455')).ok).toBe(false)
  })

  it('never throws on hostile input', () => {
    const valid = samples.map((s) => {
      const b = buildAdvertisingPdu(s)
      if (!b.ok) throw new Error(b.error.reason)
      return b.value
    })
    fuzzParser(parseAdvertisingPdu, valid)
    fuzzParser((b) => parseLinkLayerPacket(b), [hex(UBERTOOTH_ADV_IND), hex(SCAPY_DEFAULT_ADV)])
  })
})

describe('data PDUs', () => {
  it('packs LLID, NESN, SN, MD into the header', () => {
    const b = buildDataPdu({ llid: 2, nesn: 1, sn: 0, md: true, payload: hex('0700040012100001') })
    expect(b.ok && toHex(b.value)).toBe('16080700040012100001')
    expect(parseDataPdu(hex('16080700040012100001'))).toEqual({
      ok: true,
      value: { llid: 2, nesn: 1, sn: 0, md: true, payload: hex('0700040012100001') },
    })
  })

  it('carries the CTEInfo byte when CP is set, in both the PDU and the LL packet', () => {
    const pdu = buildDataPdu({ llid: 1, nesn: 0, sn: 1, md: false, cteInfo: 0x14, payload: hex('aabb') })
    if (!pdu.ok) throw new Error(pdu.error.reason)
    expect(toHex(pdu.value)).toBe('290214aabb')
    const pkt = buildLinkLayerPacket(0x50654b7a, pdu.value, 0x123456)
    if (!pkt.ok) throw new Error(pkt.error.reason)
    const back = parseLinkLayerPacket(pkt.value, 0x123456)
    expect(back.ok && back.value.crcValid).toBe(true)
    expect(back.ok && parseDataPdu(back.value.pdu)).toEqual({
      ok: true,
      value: { llid: 1, nesn: 0, sn: 1, md: false, cteInfo: 0x14, payload: hex('aabb') },
    })
  })

  it('checks a data channel CRC only when told the CRC init', () => {
    const pdu = buildDataPdu({ llid: 1, nesn: 0, sn: 0, md: false, payload: new Uint8Array(0) })
    if (!pdu.ok) throw new Error(pdu.error.reason)
    const pkt = buildLinkLayerPacket(0x50654b7a, pdu.value, 0x8d5f3a)
    if (!pkt.ok) throw new Error(pkt.error.reason)
    expect(parseLinkLayerPacket(pkt.value).ok && parseLinkLayerPacket(pkt.value)).toMatchObject({ value: { crcValid: undefined } })
    expect(parseLinkLayerPacket(pkt.value, 0x8d5f3a)).toMatchObject({ ok: true, value: { crcValid: true } })
    expect(parseLinkLayerPacket(pkt.value, 0x8d5f3b)).toMatchObject({ ok: true, value: { crcValid: false } })
  })

  it('round-trips and never throws', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<1 | 2 | 3>(1, 2, 3),
        fc.constantFrom<0 | 1>(0, 1),
        fc.constantFrom<0 | 1>(0, 1),
        fc.boolean(),
        fc.uint8Array({ maxLength: 251 }),
        (llid, nesn, sn, md, payload) => {
          const b = buildDataPdu({ llid, nesn, sn, md, payload })
          expect(b.ok && parseDataPdu(b.value)).toEqual({ ok: true, value: { llid, nesn, sn, md, payload } })
        },
      ),
    )
    expect(parseDataPdu(hex('0000')).ok).toBe(false)
    fuzzParser(parseDataPdu, [hex('16080700040012100001'), hex('290214aabb')])
  })
})

describe('LE PHDR (linktype 256)', () => {
  it('reads the scapy BTLE_RF header, hiding values whose valid flag is clear', () => {
    const rec = parseLePhdr(hex(SCAPY_RF_SCAN_REQ))
    if (!rec.ok) throw new Error(rec.error.reason)
    // scapy wrote signal -75, noise -90 and 10 offenses but set only "reference access address valid" (0x0010).
    expect(rec.value.phdr).toEqual({
      rfChannel: 6,
      referenceAccessAddress: ADVERTISING_ACCESS_ADDRESS,
      dewhitened: false,
      decrypted: false,
      channelAliased: false,
      pduType: 'adv-or-data-unspecified',
      crcChecked: false,
      crcValid: false,
      micChecked: false,
      micValid: false,
      phy: 'LE 1M',
    })
    const rebuilt = buildLePhdr(
      { ...rec.value.phdr, signalDbm: -75, noiseDbm: -90, accessAddressOffenses: 10 },
      rec.value.packet,
    )
    // Same bytes as scapy's, with the valid flags for what we wrote: 0x0010 | 0x0002 | 0x0004 | 0x0020.
    expect(rebuilt.ok && toHex(rebuilt.value)).toBe('06b5a60ad6be898e3600' + SCAPY_RF_SCAN_REQ.slice(20))
  })

  it('reads the flags of scapy\'s real-capture header (0x0037)', () => {
    const rec = parseLePhdr(hex('00c68000d6be898e3700'))
    expect(rec.ok && rec.value.phdr).toMatchObject({
      rfChannel: 0,
      signalDbm: -58,
      noiseDbm: -128,
      accessAddressOffenses: 0,
      referenceAccessAddress: ADVERTISING_ACCESS_ADDRESS,
      dewhitened: true,
      crcChecked: false,
    })
  })

  it('round-trips every field and flag', () => {
    fc.assert(
      fc.property(
        fc.record({
          rfChannel: fc.integer({ min: 0, max: 39 }),
          signalDbm: fc.option(fc.integer({ min: -128, max: 127 }), { nil: undefined }),
          noiseDbm: fc.option(fc.integer({ min: -128, max: 127 }), { nil: undefined }),
          accessAddressOffenses: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
          referenceAccessAddress: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
          dewhitened: fc.boolean(),
          decrypted: fc.boolean(),
          channelAliased: fc.boolean(),
          pduType: fc.constantFrom(
            'adv-or-data-unspecified',
            'aux-advertising',
            'data-central-to-peripheral',
            'data-peripheral-to-central',
          ),
          crcChecked: fc.boolean(),
          crcValid: fc.boolean(),
          micChecked: fc.boolean(),
          micValid: fc.boolean(),
          phy: fc.constantFrom('LE 1M', 'LE 2M', 'LE Coded'),
        }),
        fc.uint8Array({ maxLength: 40 }),
        (h, packet) => {
          const b = buildLePhdr(h, packet)
          if (!b.ok) throw new Error(b.error.reason)
          const p = parseLePhdr(b.value)
          const expected = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined))
          expect(p.ok && p.value.phdr).toEqual(expected)
          expect(p.ok && p.value.packet).toEqual(packet)
        },
      ),
    )
  })

  it('never throws', () => fuzzParser(parseLePhdr, [hex(SCAPY_RF_SCAN_REQ)]))
})

describe('channels', () => {
  it('maps advertising and data channel indices to RF channels and back', () => {
    expect([37, 38, 39, 0, 10, 11, 36].map(rfChannelForIndex)).toEqual([0, 12, 39, 1, 11, 13, 38])
    for (let i = 0; i <= 39; i++) expect(channelIndexForRf(rfChannelForIndex(i)!)).toBe(i)
    expect(rfChannelForIndex(40)).toBeUndefined()
  })
})
