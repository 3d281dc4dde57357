// Linktypes 1 (Ethernet -> IPv4 -> UDP) and 256 (BLE LL with pseudo header), as decodePacket hands them out.
import { describe, expect, it } from 'vitest'
import { decodeBleLlWithPhdr, decodePacket } from '../../../../main/codec/ieee80211/index.js'
import {
  buildEthernet,
  buildIpv4Udp,
  buildLlcSnap,
  decodeEthernet,
  decodeIpv4Udp,
  decodeLlcSnap,
} from '../../../../main/codec/ethernet/index.js'

function must<T>(r: { ok: true; value: T } | { ok: false; error: { reason: string } }): T {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

describe('IPv4 / UDP', () => {
  const datagram = must(buildIpv4Udp({ srcIp: '192.168.1.20', dstIp: '239.1.8.239', srcPort: 5000, dstPort: 7001, payload: Uint8Array.of(0x55), ttl: 1 }))

  it('builds a 20-byte header with a valid checksum and decodes back', () => {
    let sum = 0
    for (let i = 0; i < 20; i += 2) sum += (datagram[i] << 8) | datagram[i + 1]
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
    expect(sum).toBe(0xffff)
    expect(must(decodeIpv4Udp(datagram, 0, datagram.length))).toEqual({
      srcIp: '192.168.1.20',
      dstIp: '239.1.8.239',
      ttl: 1,
      identification: 0,
      ipOffset: 0,
      ipHeaderLength: 20,
      ipTotalLength: 29,
      srcPort: 5000,
      dstPort: 7001,
      udpLength: 9,
      payloadOffset: 28,
      payloadLength: 1,
      captureTruncated: false,
    })
  })

  it('keeps the announced lengths of a snap-truncated datagram, flagged', () => {
    const big = must(buildIpv4Udp({ srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcPort: 1, dstPort: 2, payload: new Uint8Array(1000) }))
    const cut = must(decodeIpv4Udp(big, 0, 64))
    expect([cut.payloadLength, cut.captureTruncated]).toEqual([1000, true])
  })

  it.each([
    ['not IPv4', (d: Uint8Array) => (d[0] = 0x65), 'version 6'],
    ['header length below 20', (d: Uint8Array) => (d[0] = 0x44), 'below 20'],
    ['not UDP', (d: Uint8Array) => (d[9] = 6), 'not UDP'],
    ['a later fragment', (d: Uint8Array) => (d[7] = 8), 'fragment'],
    ['UDP length below 8', (d: Uint8Array) => ((d[24] = 0), (d[25] = 4)), 'below 8'],
    ['UDP length past the IP payload', (d: Uint8Array) => ((d[24] = 0), (d[25] = 200)), 'exceeds'],
  ])('rejects %s', (_, edit, reason) => {
    const copy = Uint8Array.from(datagram)
    edit(copy)
    const result = decodeIpv4Udp(copy, 0, copy.length)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.reason).toContain(reason)
  })

  it('refuses to build what IPv4 cannot carry', () => {
    expect(buildIpv4Udp({ srcIp: '1.2.3', dstIp: '1.2.3.4', srcPort: 1, dstPort: 1, payload: new Uint8Array(0) }).ok).toBe(false)
    expect(buildIpv4Udp({ srcIp: '1.2.3.4', dstIp: '1.2.3.4', srcPort: 1, dstPort: 1, payload: new Uint8Array(70000) }).ok).toBe(false)
  })
})

describe('Ethernet and LLC/SNAP', () => {
  const ip = must(buildIpv4Udp({ srcIp: '10.0.0.1', dstIp: '255.255.255.255', srcPort: 68, dstPort: 67, payload: new Uint8Array(8) }))

  it('Ethernet II with two VLAN tags', () => {
    const frame = Uint8Array.from([...new Array(6).fill(0xff), 2, 0, 0, 0, 0, 1, 0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x00, 0x0a, 0x08, 0x00, ...ip])
    const decoded = must(decodeEthernet(frame))
    expect([decoded.dst, decoded.src, decoded.vlanIds, decoded.ethertype, decoded.payloadOffset]).toEqual(['ff:ff:ff:ff:ff:ff', '02:00:00:00:00:01', [100, 10], 0x0800, 22])
    expect(decoded.udp?.dstPort).toBe(67)
  })

  it('802.3 length + LLC/SNAP carries an EtherType too', () => {
    const snap = buildLlcSnap(0x0800, ip)
    const frame = Uint8Array.from([...new Array(6).fill(0xff), 2, 0, 0, 0, 0, 1, 0, snap.length, ...snap])
    expect(must(decodeEthernet(frame)).udp?.srcPort).toBe(68)
    expect(must(decodeLlcSnap(snap, 0, snap.length))).toEqual({ oui: 0, ethertype: 0x0800, payloadOffset: 8 })
    expect(decodeLlcSnap(Uint8Array.of(0x42, 0x42, 3, 0, 0, 0, 8, 0), 0, 8).ok).toBe(false)
  })

  it('decodePacket(1, ...) gives the multicast destination MAC and UDP', () => {
    const frame = must(buildEthernet({ dst: '01:00:5e:01:08:ef', src: '02:00:00:00:00:01', ethertype: 0x0800, payload: ip }))
    expect(decodePacket(1, frame)).toMatchObject({ kind: 'ethernet', linktype: 1, dst: '01:00:5e:01:08:ef', udp: { payloadLength: 8 } })
    expect(decodePacket(1, frame.subarray(0, 10))).toMatchObject({ kind: 'unknown', malformed: { offset: 0 } })
  })
})

describe('BLE LL with PHDR (linktype 256)', () => {
  // rf channel 37, signal -60 dBm, noise -95 dBm, 0 offenses, ref AA 0x8e89bed6, flags: dewhitened,
  // signal+noise valid, ref AA valid, CRC checked+valid, LE 1M, advertising PDU.
  const phdr = [37, 0xc4, 0xa1, 0, 0xd6, 0xbe, 0x89, 0x8e, 0x17, 0x0c]
  const ll = [0xd6, 0xbe, 0x89, 0x8e, 0x40, 0x06, 1, 2, 3, 4, 5, 6, 0xaa, 0xbb, 0xcc]

  it('splits off the pseudo header and returns the LL bytes raw', () => {
    const decoded = decodeBleLlWithPhdr(Uint8Array.from([...phdr, ...ll]))
    expect(decoded).toMatchObject({
      kind: 'ble-ll',
      rfChannel: 37,
      signalDbm: -60,
      noiseDbm: -95,
      referenceAccessAddress: 0x8e89bed6,
      pduType: 0,
      phy: 0,
      crcChecked: true,
      crcValid: true,
      dewhitened: true,
      llOffset: 10,
    })
    expect(Array.from(decoded.ll)).toEqual(ll)
    expect(decodePacket(256, Uint8Array.from([...phdr, ...ll])).kind).toBe('ble-ll')
  })

  it('signal and noise are absent unless their valid flags are set; short input is malformed', () => {
    const noFlags = decodeBleLlWithPhdr(Uint8Array.from([...phdr.slice(0, 8), 0, 0, ...ll]))
    expect([noFlags.signalDbm, noFlags.noiseDbm]).toEqual([undefined, undefined])
    expect(decodeBleLlWithPhdr(Uint8Array.of(37, 0, 0)).malformed?.reason).toContain('10 bytes')
  })
})
