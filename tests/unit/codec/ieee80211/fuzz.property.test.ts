// Hostile bytes are normal input for a sniffer: no decoder may throw or hang on random, truncated or
// mutated frames, and the allocation-free summary must agree with the full decoder wherever both succeed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  appendFcs,
  buildBeacon,
  buildControlFrame,
  buildDataFrame,
  buildProbeRequest,
  buildRadiotap,
  createFrameSummary,
  decode80211,
  decodePacket,
  decodeRadiotapFrame,
  dsParameterElement,
  formatMac,
  formatMacNumber,
  parseInformationElements,
  rsnWpa2CcmpElement,
  ssidElement,
  summarize80211,
  summarizeRadiotapFrame,
  summaryInfo,
  frameInfo,
  vendorElement,
  type DecodedWifiFrame,
  type FrameSummary,
} from '../../../../main/codec/ieee80211/index.js'
import { decodeEthernet, decodeIpv4Udp } from '../../../../main/codec/ethernet/index.js'

const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b))

/** Valid radiotap frames of every kind the builders make, with and without FCS. */
const validFrame: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.integer({ min: 0, max: 5 }),
    mac,
    mac,
    mac,
    fc.uint8Array({ maxLength: 32 }),
    fc.integer({ min: 0, max: 300 }),
    fc.boolean(),
    fc.integer({ min: -100, max: -10 }),
    fc.constantFrom(2412, 2437, 5180, 5745),
    fc.boolean(),
  )
  .map(([kind, a, b, c, ssid, bodyLength, fcs, signal, freqMHz, flag]) => {
    const aliCipher = Uint8Array.of(1, 0, 1, 6, ...ssid.slice(0, 6), 0, ...new Uint8Array(6))
    const built = [
      () => buildBeacon({ bssid: a, seq: bodyLength, elements: [ssidElement(ssid), dsParameterElement(6), rsnWpa2CcmpElement(), vendorElement('d8:96:e0', 0xab, aliCipher)] }),
      () => buildProbeRequest({ sa: b, elements: [ssidElement(ssid), vendorElement('00:50:f2', 4, Uint8Array.of(0x10, 0x11, 0, 2, 0x41, 0x42))] }),
      () => buildDataFrame({ toDS: flag, fromDS: !flag, bssid: a, sa: b, da: c, qos: { tid: 1 }, bodyLength }),
      () => buildDataFrame({ toDS: true, fromDS: true, ra: a, ta: b, sa: c, da: a, bodyLength }),
      () => buildControlFrame({ subtype: flag ? 11 : 13, ra: a, ta: b }),
      () => buildControlFrame({ subtype: 10, ra: a, ta: c, aid: bodyLength }),
    ][kind]()
    if (!built.ok) throw new Error(built.error.reason)
    const mpdu = fcs ? appendFcs(built.value) : built.value
    const rt = buildRadiotap({ tsftMicros: BigInt(bodyLength), flags: fcs ? 0x10 : 0, rateKbps: 6000, freqMHz, dbmSignal: signal, antenna: 1 })
    return Uint8Array.from([...rt, ...mpdu])
  })

function expectSummaryAgrees(summary: FrameSummary, frame: DecodedWifiFrame): void {
  const mac = (n: number) => (n < 0 ? undefined : formatMacNumber(n))
  expect(summary.typeSubtype).toBe(frame.typeSubtype)
  expect([mac(summary.ra), mac(summary.ta), mac(summary.sa), mac(summary.da), mac(summary.bssid)]).toEqual([frame.ra, frame.ta, frame.sa, frame.da, frame.bssid])
  expect(summary.frameLength).toBe(frame.frameLength)
  expect(summary.fcsPresent).toBe(frame.fcs !== undefined)
  if (frame.seq !== undefined) expect([summary.seq, summary.frag]).toEqual([frame.seq, frame.frag])
  expect(summary.ssid).toBe(frame.ssid)
  expect(summary.dsChannel < 0 ? undefined : summary.dsChannel).toBe(frame.channel)
  const vendors = Array.from({ length: summary.vendorCount }, (_, i) => ({
    oui: formatMacNumber(summary.vendorOuis[i] * 16777216).slice(0, 8),
    type: summary.vendorTypes[i] < 0 ? undefined : summary.vendorTypes[i],
  }))
  expect(vendors).toEqual(frame.vendorIes)
  const rt = frame.radiotap
  if (rt) {
    expect(Number.isNaN(summary.signalDbm) ? undefined : summary.signalDbm).toBe(rt.dbmSignal)
    expect(summary.freqMHz < 0 ? undefined : summary.freqMHz).toBe(rt.channel?.freqMHz)
    // The summary keeps TSFT as a double: exact up to 2^53 us (285 years of uptime).
    if (rt.tsft === undefined || rt.tsft <= BigInt(Number.MAX_SAFE_INTEGER)) {
      expect(Number.isNaN(summary.tsftMicros) ? undefined : BigInt(summary.tsftMicros)).toBe(rt.tsft)
    }
  }
}

describe('summary fast path agrees with the full decoder', () => {
  it('on every valid builder frame', () => {
    const summary = createFrameSummary()
    fc.assert(
      fc.property(validFrame, (bytes) => {
        const frame = decodeRadiotapFrame(bytes)
        expect(frame.malformed).toBeUndefined()
        expect(summarizeRadiotapFrame(bytes, summary)).toBe(true)
        expectSummaryAgrees(summary, frame)
        expect(summaryInfo(summary)).toBe(frameInfo(frame).replace(/ \[bad FCS\]$/, ''))
      }),
      { numRuns: 400 },
    )
  })

  it('on mutated frames wherever neither reports a problem', () => {
    const summary = createFrameSummary()
    fc.assert(
      fc.property(validFrame, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (bytes, edits) => {
        const mutated = Uint8Array.from(bytes)
        for (const [at, value] of edits) mutated[at % mutated.length] = value
        const frame = decodeRadiotapFrame(mutated)
        const ok = summarizeRadiotapFrame(mutated, summary)
        if (ok && !frame.malformed && !summary.elementsTruncated && frame.fc && frame.radiotap?.stoppedAtUnknownBit === undefined) {
          expectSummaryAgrees(summary, frame)
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('reads a frame in the middle of a larger buffer without copying it out', () => {
    const summary = createFrameSummary()
    fc.assert(
      fc.property(validFrame, fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 20 }), (bytes, before, after) => {
        const buffer = Uint8Array.from([...before, ...bytes, ...after])
        expect(summarizeRadiotapFrame(buffer, summary, before.length, bytes.length)).toBe(true)
        expectSummaryAgrees(summary, decodeRadiotapFrame(bytes))
      }),
    )
  })
})

describe('decoders never throw', () => {
  const anyBytes = fc.uint8Array({ maxLength: 600 })

  it('on random bytes, for every entry point', () => {
    const summary = createFrameSummary()
    fc.assert(
      fc.property(anyBytes, fc.boolean(), (bytes, fcs) => {
        decodeRadiotapFrame(bytes)
        decode80211(bytes, { fcsAtEnd: fcs })
        for (const linktype of [1, 105, 127, 256, 0]) decodePacket(linktype, bytes)
        parseInformationElements(bytes, 0, bytes.length)
        summarizeRadiotapFrame(bytes, summary)
        summarize80211(bytes, summary, 0, bytes.length, fcs)
        summaryInfo(summary)
        decodeEthernet(bytes)
        decodeIpv4Udp(bytes, 0, bytes.length)
      }),
      { numRuns: 3000 },
    )
  })

  it('on random bytes behind a plausible radiotap header (reaching the 802.11 and element parsers)', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x00, 0x10, 0x20, 0x30), fc.integer({ min: 0, max: 255 }), anyBytes, (flags, fc0, body) => {
        const frame = decodeRadiotapFrame(Uint8Array.from([...buildRadiotap({ flags, dbmSignal: -50 }), fc0, ...body]))
        expect(frame.radiotap?.dbmSignal).toBe(-50)
        frameInfo(frame)
      }),
      { numRuns: 3000 },
    )
  })

  it('on random bodies behind every vendor OUI/type and standard element id it decodes', () => {
    const heads = [[0x00, 0x50, 0xf2, 1], [0x00, 0x50, 0xf2, 2], [0x00, 0x50, 0xf2, 4], [0x50, 0x6f, 0x9a, 9], [0xd8, 0x96, 0xe0, 0xaa], [0xd8, 0x96, 0xe0, 0xab], [0xd8, 0x96, 0xe0, 0xac]]
    const kinds = new Set<string>()
    fc.assert(
      fc.property(fc.constantFrom(...heads), fc.oneof(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ maxLength: 120 })), fc.constantFrom(0, 1, 3, 5, 7, 45, 48, 50, 61, 114, 191, 192), fc.uint8Array({ maxLength: 60 }), (head, body, id, value) => {
        const vendor = Uint8Array.from([0xdd, head.length + body.length, ...head, ...body])
        const standard = Uint8Array.from([id, value.length, ...value])
        const list = parseInformationElements(Uint8Array.from([...vendor, ...standard]), 0, vendor.length + standard.length)
        expect(list.malformed).toBeUndefined()
        expect(list.ies).toHaveLength(2)
        for (const ie of list.ies) {
          kinds.add(ie.decoded.kind)
          if (ie.error) expect(ie.decoded.kind).toBe('raw')
        }
      }),
      { numRuns: 3000 },
    )
    // Random bodies must reach the real decoders, not only their error paths.
    for (const k of ['wpa', 'wmm', 'wps', 'p2p', 'ssid', 'rates', 'rsn', 'country']) expect(kinds).toContain(k)
  })

  it('on every truncation of valid frames: a cut frame says where it stopped', () => {
    fc.assert(
      fc.property(validFrame, (bytes) => {
        const full = decodeRadiotapFrame(bytes)
        for (let length = 0; length < bytes.length; length++) {
          const cut = decodeRadiotapFrame(bytes.subarray(0, length))
          if (cut.malformed) {
            expect(cut.malformed.offset).toBeGreaterThanOrEqual(0)
            expect(cut.malformed.offset).toBeLessThanOrEqual(length)
            expect(cut.malformed.reason.length).toBeGreaterThan(0)
          }
          if (length < full.frameOffset + Math.min(10, full.headerLength) && length >= 0) expect(cut.malformed).toBeDefined()
        }
      }),
      { numRuns: 150 },
    )
  })
})
