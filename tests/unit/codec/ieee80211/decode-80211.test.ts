import { describe, expect, it } from 'vitest'
import {
  appendFcs,
  buildAssociationRequest,
  buildAssociationResponse,
  buildAuthentication,
  buildBeacon,
  buildControlFrame,
  buildDataFrame,
  buildDeauthentication,
  buildManagementFrame,
  buildProbeRequest,
  buildRadiotap,
  decode80211,
  decodePacket,
  dsParameterElement,
  element,
  frameInfo,
  rsnWpa2CcmpElement,
  ssidElement,
  vendorElement,
  verifyFcs,
} from '../../../../main/codec/ieee80211/index.js'
import { buildLlcSnapIpv4Udp } from '../../../../main/codec/ethernet/index.js'
import zlib from 'node:zlib'
import fc from 'fast-check'
import { crc32 } from '../../../../main/codec/ieee80211/index.js'

const AP = '02:11:22:33:44:55'
const STA = '02:aa:bb:cc:dd:01'
const PHONE = '02:aa:bb:cc:dd:02'
const BCAST = 'ff:ff:ff:ff:ff:ff'

/** The listed properties of a decoded frame, so absent ones compare as undefined. */
const pick = (frame: object, keys: string[]) => Object.fromEntries(keys.map((k) => [k, (frame as Record<string, unknown>)[k]]))

function must(r: { ok: true; value: Uint8Array } | { ok: false; error: { reason: string } }): Uint8Array {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

describe('data frame addressing (ToDS/FromDS)', () => {
  it.each([
    [false, false, { ra: PHONE, ta: STA, da: PHONE, sa: STA, bssid: AP, addr4: undefined }],
    [true, false, { ra: AP, ta: STA, da: PHONE, sa: STA, bssid: AP, addr4: undefined }],
    [false, true, { ra: PHONE, ta: AP, da: PHONE, sa: STA, bssid: AP, addr4: undefined }],
  ])('ToDS=%s FromDS=%s', (toDS, fromDS, roles) => {
    const frame = decode80211(must(buildDataFrame({ toDS, fromDS, bssid: AP, sa: STA, da: PHONE, seq: 77, frag: 2, bodyLength: 3 })), { fcsAtEnd: false })
    const expected = { ...roles, seq: 77, frag: 2, headerLength: 24, bodyLength: 3, typeSubtype: 0x20 }
    expect(pick(frame, Object.keys(expected))).toEqual(expected)
    expect(frame.fc).toMatchObject({ type: 2, subtype: 0, toDS, fromDS })
  })

  it('WDS (both bits): RA, TA, DA, SA in addr1..addr4, no BSSID', () => {
    const bytes = must(buildDataFrame({ toDS: true, fromDS: true, ra: AP, ta: '02:11:22:33:44:66', sa: STA, da: PHONE, bodyLength: 0 }))
    const frame = decode80211(bytes, { fcsAtEnd: false })
    expect(frame).toMatchObject({ addr1: AP, addr2: '02:11:22:33:44:66', addr3: PHONE, addr4: STA, ra: AP, ta: '02:11:22:33:44:66', da: PHONE, sa: STA, headerLength: 30 })
    expect(frame.bssid).toBeUndefined()
  })

  it('QoS control and HT control (Order bit on a QoS frame)', () => {
    const bytes = must(
      buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: PHONE, qos: { tid: 6, ackPolicy: 1, eosp: true, high: 9 }, order: true, htControl: 0xdeadbeef, bodyLength: 1 }),
    )
    const frame = decode80211(bytes, { fcsAtEnd: false })
    expect(frame.qos).toEqual({ raw: 0x0936, tid: 6, eosp: true, ackPolicy: 1, amsduPresent: false, high: 9 })
    expect(frame.htControl).toBe(0xdeadbeef)
    expect(frame.headerLength).toBe(30)
    expect(frame.kindName).toBe('QoS Data')
  })

  it('the Order bit on a non-QoS data frame is strict ordering, not an HT control field', () => {
    const frame = decode80211(must(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: PHONE, order: true, bodyLength: 4 })), { fcsAtEnd: false })
    expect(frame.htControl).toBeUndefined()
    expect(frame.headerLength).toBe(24)
    expect(frame.bodyLength).toBe(4)
  })

  it('unprotected LLC/SNAP/IPv4/UDP: the smart-config oracle gets the UDP payload length and DA', () => {
    const body = must(buildLlcSnapIpv4Udp({ srcIp: '192.168.1.5', dstIp: '255.255.255.255', srcPort: 1, dstPort: 2, payload: new Uint8Array(279) }))
    const frame = decode80211(must(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: PHONE, da: BCAST, body })), { fcsAtEnd: false })
    expect(frame.ethertype).toBe(0x0800)
    expect(frame.udp).toMatchObject({ srcIp: '192.168.1.5', dstIp: '255.255.255.255', payloadLength: 279, dstMac: BCAST })
    // PROTOCOLS-awss.md 2.1: open network, observed length - 36 = UDP payload length.
    expect(frame.bodyLength - 36).toBe(279)
  })

  it('protected data and null frames carry no decoded body', () => {
    const body = must(buildLlcSnapIpv4Udp({ srcIp: '1.2.3.4', dstIp: '5.6.7.8', srcPort: 1, dstPort: 2, payload: new Uint8Array(4) }))
    const protectedFrame = decode80211(must(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: PHONE, protected: true, body })), { fcsAtEnd: false })
    expect(protectedFrame.fc?.protected).toBe(true)
    expect(protectedFrame.udp).toBeUndefined()
    const nullFrame = decode80211(must(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: AP, nullData: true, qos: { tid: 0 } })), { fcsAtEnd: false })
    expect([nullFrame.typeSubtype, nullFrame.kindName, nullFrame.bodyLength]).toEqual([0x2c, 'QoS Null', 0])
  })
})

describe('management frames', () => {
  it('beacon: fixed fields, elements and convenience summaries', () => {
    const bytes = must(
      buildBeacon({
        bssid: AP,
        timestamp: 0x0102030405060708n,
        beaconInterval: 100,
        capability: 0x0411,
        seq: 4000,
        elements: [ssidElement('Lab'), dsParameterElement(11), rsnWpa2CcmpElement(), vendorElement('d8:96:e0', 0xaa), vendorElement('00:10:18', undefined, new Uint8Array(0))],
      }),
    )
    const frame = decode80211(bytes, { fcsAtEnd: false })
    expect(frame.malformed).toBeUndefined()
    expect(frame.management).toEqual({ timestamp: 0x0102030405060708n, beaconInterval: 100, capability: 0x0411 })
    expect([frame.ssid, frame.channel, frame.seq, frame.da, frame.sa, frame.bssid]).toEqual(['Lab', 11, 4000, BCAST, AP, AP])
    expect(frame.rsn).toEqual({ group: 'CCMP-128', pairwise: ['CCMP-128'], akms: ['PSK'] })
    expect(frame.vendorIes).toEqual([{ oui: 'd8:96:e0', type: 0xaa }, { oui: '00:10:18', type: undefined }])
    expect(frame.ies!.map((ie) => ie.offset)).toEqual([36, 41, 44, 66, 72])
    expect(frameInfo(frame)).toBe('Beacon, SN=4000, SSID="Lab"')
  })

  it('association request/response, authentication and deauthentication fixed fields', () => {
    const assoc = decode80211(must(buildAssociationRequest({ da: AP, sa: STA, bssid: AP, capability: 0x31, listenInterval: 5, elements: [ssidElement('Lab')] })), { fcsAtEnd: false })
    expect(assoc.management).toEqual({ capability: 0x31, listenInterval: 5 })
    expect(assoc.ssid).toBe('Lab')
    const resp = decode80211(must(buildAssociationResponse({ da: STA, sa: AP, bssid: AP, status: 0, aid: 3 })), { fcsAtEnd: false })
    expect(resp.management).toEqual({ capability: 1, statusCode: 0, aid: 3 })
    const auth = decode80211(must(buildAuthentication({ da: AP, sa: STA, bssid: AP, algorithm: 0, transaction: 2, status: 17 })), { fcsAtEnd: false })
    expect(auth.management).toEqual({ authAlgorithm: 0, authSeq: 2, statusCode: 17 })
    expect(auth.ies).toEqual([])
    const sae = decode80211(must(buildAuthentication({ da: AP, sa: STA, bssid: AP, algorithm: 3, elements: [element(19, Uint8Array.of(1, 2))] })), { fcsAtEnd: false })
    expect(sae.ies).toBeUndefined() // SAE bodies are not element lists
    const deauth = decode80211(must(buildDeauthentication({ da: STA, sa: AP, bssid: AP, reason: 15 })), { fcsAtEnd: false })
    expect(deauth.management?.reasonCode).toBe(15)
  })

  it('vendor-specific action frames expose category and OUI; +HTC management frames skip the HT control', () => {
    const action = decode80211(must(buildManagementFrame(13, { da: STA, sa: AP, bssid: AP }, Uint8Array.of(127, 0x50, 0x6f, 0x9a, 9), { order: true, htControl: 1 })), { fcsAtEnd: false })
    expect(action.headerLength).toBe(28)
    expect(action.htControl).toBe(1)
    expect(action.management).toMatchObject({ category: 127, actionOui: '50:6f:9a' })
  })

  it('a protected management frame body is not parsed as elements', () => {
    const frame = decode80211(must(buildDeauthentication({ da: STA, sa: AP, bssid: AP, reason: 1, protected: true })), { fcsAtEnd: false })
    expect(frame.management).toBeUndefined()
    expect(frame.bodyLength).toBe(2)
  })
})

describe('control frames', () => {
  it.each([
    ['RTS', 11, { ra: AP, ta: STA }, 16],
    ['CTS', 12, { ra: STA, ta: undefined }, 10],
    ['ACK', 13, { ra: STA, ta: undefined }, 10],
    ['Block Ack Request', 8, { ra: AP, ta: STA }, 18],
    ['Block Ack', 9, { ra: STA, ta: AP }, 18],
    ['PS-Poll', 10, { ra: AP, bssid: AP, ta: STA }, 16],
    ['CF-End', 14, { ra: BCAST, bssid: AP, ta: undefined }, 16],
    ['CF-End+CF-Ack', 15, { ra: BCAST, ta: AP, bssid: undefined }, 16],
  ] as const)('%s', (name, subtype, roles, headerLength) => {
    const second = 'ta' in roles && roles.ta ? roles.ta : 'bssid' in roles && roles.bssid ? roles.bssid : undefined
    const body = subtype === 8 || subtype === 9 ? Uint8Array.of(0x04, 0x00, 0x10, 0x00) : undefined
    const bytes = must(buildControlFrame({ subtype, ra: roles.ra, ta: second ?? (subtype === 12 || subtype === 13 ? undefined : AP), aid: 5, body }))
    const frame = decode80211(bytes, { fcsAtEnd: false })
    expect(frame.malformed).toBeUndefined()
    expect(frame.kindName).toBe(name)
    expect(pick(frame, Object.keys(roles))).toEqual(roles)
    expect(frame.headerLength).toBe(headerLength)
    if (subtype === 10) expect(frame.control?.aid).toBe(5)
    if (subtype === 8) expect(frame.control).toEqual({ blockAckControl: 0x0004, startingSequence: 1 })
  })

  it('control wrapper: carried frame control and HT control', () => {
    const wrapper = Uint8Array.of(0x74, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0xc4, 0x00, 0x78, 0x56, 0x34, 0x12)
    const frame = decode80211(wrapper, { fcsAtEnd: false })
    expect([frame.kindName, frame.ra, frame.control?.carriedFc, frame.htControl, frame.headerLength]).toEqual(['Control Wrapper', '02:00:00:00:00:01', 0x00c4, 0x12345678, 16])
  })
})

describe('malformed frames keep what was decoded', () => {
  const beacon = must(buildBeacon({ bssid: AP, seq: 9, elements: [ssidElement('Lab'), dsParameterElement(1)] }))

  it.each([
    [1, 'frame control', 0],
    [3, 'duration', 2],
    [12, 'addr2', 10],
    [23, 'sequence control', 22],
    [30, 'timestamp', 24],
  ])('cut at %i bytes: stops before its %s', (length, what, offset) => {
    const frame = decode80211(beacon.subarray(0, length), { fcsAtEnd: false })
    expect(frame.malformed?.reason).toContain(what)
    expect(frame.malformed?.offset).toBe(offset)
    if (length >= 2) expect(frame.typeSubtype).toBe(0x08)
    if (length >= 12) expect(frame.addr1).toBe(BCAST)
  })

  it('an element overrunning the frame: earlier elements stay, the offset points at the bad one', () => {
    const frame = decode80211(beacon.subarray(0, beacon.length - 1), { fcsAtEnd: false })
    expect(frame.ssid).toBe('Lab')
    expect(frame.malformed).toEqual({ reason: expect.stringContaining('element 3 claims 1 bytes'), offset: 41 })
  })

  it('protocol version other than 0 is reported, not guessed at', () => {
    const odd = Uint8Array.from(beacon)
    odd[0] |= 0x01
    expect(decode80211(odd, { fcsAtEnd: false }).malformed?.reason).toContain('protocol version 1')
  })
})

describe('FCS helpers and decodePacket dispatch', () => {
  it('crc32 gives the standard check value and agrees with zlib on any slice', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = a % (bytes.length + 1)
        const end = start + (b % (bytes.length - start + 1))
        expect(crc32(bytes, start, end)).toBe(zlib.crc32(bytes.subarray(start, end)))
      }),
    )
  })

  it('appendFcs / verifyFcs', () => {
    const frame = must(buildProbeRequest({ sa: STA, elements: [ssidElement('')] }))
    const withFcs = appendFcs(frame)
    expect(verifyFcs(withFcs)).toBe(true)
    withFcs[0] ^= 0x80
    expect(verifyFcs(withFcs)).toBe(false)
    expect(verifyFcs(Uint8Array.of(1, 2))).toBe(false)
  })

  it('dispatches linktypes 127, 105, 1 and 256; others come back malformed', () => {
    const frame = must(buildProbeRequest({ sa: STA, elements: [ssidElement('x')] }))
    const radiotap = Uint8Array.from([...buildRadiotap({ dbmSignal: -40 }), ...frame])
    expect(decodePacket(127, radiotap)).toMatchObject({ kind: 'ieee80211', linktype: 127, sa: STA, radiotap: { dbmSignal: -40 } })
    expect(decodePacket(105, frame)).toMatchObject({ kind: 'ieee80211', linktype: 105, ssid: 'x' })
    expect(decodePacket(105, appendFcs(frame), { fcsAtEnd: true })).toMatchObject({ fcs: { ok: true } })
    expect(decodePacket(147, frame)).toMatchObject({ kind: 'unknown', linktype: 147, malformed: { reason: 'linktype 147 is not decoded', offset: 0 } })
  })
})
