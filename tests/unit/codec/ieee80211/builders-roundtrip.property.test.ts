// Builders and parsers must agree: whatever a builder puts on the air, the decoder reads back.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  appendFcs,
  buildBeacon,
  buildDataFrame,
  buildProbeRequest,
  buildRadiotap,
  dataHeaderLength,
  decode80211,
  decodeRadiotapFrame,
  dsParameterElement,
  element,
  formatMac,
  rateElements,
  ssidElement,
  vendorElement,
  type DataFrameSpec,
} from '../../../../main/codec/ieee80211/index.js'

const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b))

const dataSpec: fc.Arbitrary<DataFrameSpec> = fc
  .record({
    toDS: fc.boolean(),
    fromDS: fc.boolean(),
    bssid: mac,
    sa: mac,
    da: mac,
    ra: mac,
    ta: mac,
    qos: fc.option(
      fc.record({ tid: fc.integer({ min: 0, max: 15 }), eosp: fc.boolean(), ackPolicy: fc.integer({ min: 0, max: 3 }), amsduPresent: fc.boolean(), high: fc.integer({ min: 0, max: 255 }) }),
      { nil: undefined },
    ),
    nullData: fc.boolean(),
    protected: fc.boolean(),
    retry: fc.boolean(),
    pwrMgmt: fc.boolean(),
    moreData: fc.boolean(),
    moreFrag: fc.boolean(),
    order: fc.boolean(),
    htControl: fc.integer({ min: 0, max: 0xffffffff }),
    seq: fc.integer({ min: 0, max: 4095 }),
    frag: fc.integer({ min: 0, max: 15 }),
    duration: fc.integer({ min: 0, max: 0xffff }),
    bodyLength: fc.integer({ min: 0, max: 400 }),
    fill: fc.integer({ min: 0, max: 255 }),
  })
  .map((s) => (s.nullData ? { ...s, bodyLength: 0 } : s))

describe('data frames round-trip through the decoder', () => {
  it('every header field, role address and the body length come back', () => {
    fc.assert(
      fc.property(dataSpec, fc.boolean(), (spec, withFcs) => {
        const built = buildDataFrame(spec)
        if (!built.ok) throw new Error(built.error.reason)
        const bytes = withFcs ? appendFcs(built.value) : built.value
        const frame = decode80211(bytes, { fcsAtEnd: withFcs })
        expect(frame.malformed).toBeUndefined()
        const wds = spec.toDS && spec.fromDS
        const headerLength = dataHeaderLength({ toDS: spec.toDS, fromDS: spec.fromDS, qos: spec.qos !== undefined, order: spec.order })
        expect(frame.headerLength).toBe(headerLength)
        expect(frame.bodyLength).toBe(spec.bodyLength)
        expect(frame.frameLength).toBe(built.value.length)
        expect(frame.fcs?.ok).toBe(withFcs ? true : undefined)
        expect(frame.fc).toMatchObject({
          type: 2,
          toDS: spec.toDS,
          fromDS: spec.fromDS,
          protected: spec.protected,
          retry: spec.retry,
          pwrMgmt: spec.pwrMgmt,
          moreData: spec.moreData,
          moreFrag: spec.moreFrag,
          order: spec.order,
        })
        expect(frame.typeSubtype).toBe(0x20 | (spec.qos ? 0x08 : 0) | (spec.nullData ? 0x04 : 0))
        expect([frame.seq, frame.frag, frame.duration]).toEqual([spec.seq, spec.frag, spec.duration])
        expect([frame.sa, frame.da, frame.bssid]).toEqual([spec.sa, spec.da, wds ? undefined : spec.bssid])
        if (wds) expect([frame.ra, frame.ta]).toEqual([spec.ra, spec.ta])
        if (spec.qos) expect(frame.qos).toMatchObject(spec.qos)
        expect(frame.htControl).toBe(spec.qos && spec.order ? spec.htControl : undefined)
      }),
      { numRuns: 500 },
    )
  })
})

const ssidBytes = fc.uint8Array({ minLength: 0, maxLength: 32 })
const otherElement = fc
  .record({ id: fc.integer({ min: 0, max: 255 }).filter((id) => ![0, 3, 48, 221, 255].includes(id)), body: fc.uint8Array({ maxLength: 40 }) })
  .map(({ id, body }) => element(id, body))
const vendor = fc.record({ oui: fc.uint8Array({ minLength: 3, maxLength: 3 }), type: fc.integer({ min: 0, max: 255 }), payload: fc.uint8Array({ maxLength: 30 }) })

describe('management frames round-trip through the decoder', () => {
  it('beacons: SSID bytes, channel, every element and the vendor OUI:type list', () => {
    fc.assert(
      fc.property(mac, ssidBytes, fc.integer({ min: 1, max: 196 }), fc.array(otherElement, { maxLength: 6 }), fc.array(vendor, { maxLength: 4 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (bssid, ssid, channel, others, vendors, timestamp) => {
        const vendorSpecs = vendors.map((v) => vendorElement(formatMac(Uint8Array.of(...v.oui, 0, 0, 0)).slice(0, 8), v.type, v.payload))
        const elements = [ssidElement(ssid), dsParameterElement(channel), ...others, ...vendorSpecs]
        const built = buildBeacon({ bssid, timestamp, elements })
        if (!built.ok) throw new Error(built.error.reason)
        const frame = decode80211(built.value, { fcsAtEnd: false })
        expect(frame.malformed).toBeUndefined()
        expect(frame.ssidBytes).toEqual(ssid)
        expect(frame.channel).toBe(channel)
        expect(frame.management?.timestamp).toBe(timestamp)
        expect(frame.ies!.map((ie) => [ie.id, ie.length])).toEqual(elements.map((e) => [e.id, e.body.length]))
        expect(frame.ies!.map((ie) => Array.from(ie.raw))).toEqual(elements.map((e) => Array.from(e.body)))
        expect(frame.vendorIes).toEqual(vendors.map((v) => ({ oui: formatMac(Uint8Array.of(...v.oui, 0, 0, 0)).slice(0, 8), type: v.type })))
      }),
      { numRuns: 300 },
    )
  })

  it('probe requests with rates split into supported and extended rates', () => {
    fc.assert(
      fc.property(mac, fc.uniqueArray(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 14 }), (sa, units) => {
        const kbps = units.map((u) => u * 500)
        const built = buildProbeRequest({ sa, elements: [ssidElement(''), ...rateElements(kbps, kbps.slice(0, 1))] })
        if (!built.ok) throw new Error(built.error.reason)
        const frame = decode80211(built.value, { fcsAtEnd: false })
        const rates = frame.ies!.flatMap((ie) => (ie.decoded.kind === 'rates' ? ie.decoded.rates : []))
        expect(rates.map((r) => r.kbps ?? (r.selector ?? 0) * 500)).toEqual(kbps)
        expect(frame.ies!.filter((ie) => ie.id === 50).length).toBe(kbps.length > 8 ? 1 : 0)
      }),
    )
  })
})

describe('radiotap round-trips through the decoder', () => {
  it('every builder field comes back', () => {
    const spec = fc.record(
      {
        tsftMicros: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        flags: fc.integer({ min: 0, max: 255 }).map((f) => f & ~0x30), // FCS/pad flags would change the frame itself
        rateKbps: fc.integer({ min: 0, max: 255 }).map((u) => u * 500),
        freqMHz: fc.integer({ min: 0, max: 0xffff }),
        channelFlags: fc.integer({ min: 0, max: 0xffff }),
        dbmSignal: fc.integer({ min: -128, max: 127 }),
        dbmNoise: fc.integer({ min: -128, max: 127 }),
        antenna: fc.integer({ min: 0, max: 255 }),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(spec, (s) => {
        const bytes = buildRadiotap(s)
        const frame = decodeRadiotapFrame(bytes)
        expect(frame.radiotap).toBeDefined()
        const rt = frame.radiotap!
        expect(rt.length).toBe(bytes.length)
        expect(rt.tsft).toBe(s.tsftMicros)
        expect(rt.flags?.raw).toBe(s.flags)
        expect(rt.rateKbps).toBe(s.rateKbps)
        expect(rt.channel?.freqMHz).toBe(s.freqMHz)
        if (s.freqMHz !== undefined && s.channelFlags !== undefined) expect(rt.channel?.flags).toBe(s.channelFlags)
        expect([rt.dbmSignal, rt.dbmNoise, rt.antenna]).toEqual([s.dbmSignal, s.dbmNoise, s.antenna])
      }),
      { numRuns: 500 },
    )
  })
})
