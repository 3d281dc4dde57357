// The push parser must give identical records however the file is chunked, and never throw or hang on
// random, truncated or corrupted files.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCaptureReader, writePcap, type PacketRecord, type WriteCaptureOptions } from '../../../../main/codec/pcapfile/index.js'
import { toHex } from '../../../../main/codec/ieee80211/index.js'
import { concat, epb, idb, opb, pcapHeader, shb, spb, type Order } from './capture-bytes.js'

const describeRecord = (r: PacketRecord) =>
  JSON.stringify({ ...r, timestampNs: r.timestampNs.toString(), data: toHex(r.data) })

function readWhole(bytes: Uint8Array): string[] {
  const reader = createCaptureReader()
  return [...reader.push(bytes), ...reader.end()].map(describeRecord)
}

function readChunked(bytes: Uint8Array, cuts: number[]): string[] {
  const reader = createCaptureReader()
  const records: PacketRecord[] = []
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  let from = 0
  for (const to of [...points, bytes.length]) {
    records.push(...reader.push(bytes.subarray(from, to)))
    from = to
  }
  records.push(...reader.end())
  return records.map(describeRecord)
}

const packet = fc.record({
  linktype: fc.constantFrom(1, 105, 127),
  timestampNs: fc.bigInt({ min: 0n, max: 4_000_000_000_000_000_000n }),
  data: fc.uint8Array({ maxLength: 300 }),
  comments: fc.option(fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }), { nil: undefined }),
})
const variant = fc.constantFrom<WriteCaptureOptions>(
  { format: 'pcap' },
  { format: 'pcap', nanosecond: true },
  { format: 'pcapng' },
  { format: 'pcapng', nanosecond: false },
)

/** A valid capture from our writers, or a hand-made pcapng using both byte orders and every packet block. */
const capture: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(fc.array(packet, { maxLength: 12 }), variant).map(([packets, options]) => {
    const list = options.format === 'pcap' ? packets.map((p) => ({ ...p, linktype: 127, comments: undefined })) : packets
    const written = writePcap(list.length ? list : [{ linktype: 1, timestampNs: 0n, data: new Uint8Array(0) }], options)
    if (!written.ok) throw new Error(written.error.reason)
    return written.value
  }),
  fc.array(fc.tuple(fc.constantFrom<Order>('le', 'be'), fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 })), { minLength: 1, maxLength: 3 }).map((sections) =>
    concat(
      ...sections.flatMap(([order, datas]) => [
        shb(order),
        idb(order, 127, 0, [{ code: 9, value: [0x86] }]),
        ...datas.map((d, i) => (i % 3 === 0 ? epb(order, 0, BigInt(i) << 40n, d) : i % 3 === 1 ? spb(order, d) : opb(order, 0, BigInt(i), d))),
      ]),
    ),
  ),
)

/** A capture with random corruption: flipped bytes, a cut, or inserted garbage. */
const damaged: fc.Arbitrary<Uint8Array> = fc
  .tuple(capture, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }), fc.uint8Array({ maxLength: 40 }), fc.nat())
  .map(([bytes, edits, cut, garbage, at]) => {
    const copy = Uint8Array.from(bytes)
    for (const [i, v] of edits) if (copy.length) copy[i % copy.length] = v
    const where = copy.length ? at % copy.length : 0
    const withGarbage = concat(copy.subarray(0, where), garbage, copy.subarray(where))
    return cut === undefined ? withGarbage : withGarbage.subarray(0, cut % (withGarbage.length + 1))
  })

describe('chunking does not change the records', () => {
  it('valid captures, cut at random boundaries', () => {
    fc.assert(
      fc.property(capture, fc.array(fc.nat(), { maxLength: 30 }), (bytes, cuts) => {
        const whole = readWhole(bytes)
        expect(whole.every((r) => !r.includes('"malformed"'))).toBe(true)
        expect(readChunked(bytes, cuts)).toEqual(whole)
      }),
      { numRuns: 300 },
    )
  })

  it('valid captures fed one byte at a time', () => {
    fc.assert(
      fc.property(capture, (bytes) => {
        expect(readChunked(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toEqual(readWhole(bytes))
      }),
      { numRuns: 40 },
    )
  })

  it('damaged captures too, problems included', () => {
    let withProblems = 0
    let withPacketsAfterAProblem = 0
    fc.assert(
      fc.property(damaged, fc.array(fc.nat(), { maxLength: 30 }), (bytes, cuts) => {
        const whole = readWhole(bytes)
        expect(readChunked(bytes, cuts)).toEqual(whole)
        const first = whole.findIndex((r) => r.includes('"malformed"'))
        if (first >= 0) withProblems++
        if (first >= 0 && whole.slice(first).some((r) => !r.includes('"malformed"'))) withPacketsAfterAProblem++
      }),
      { numRuns: 500 },
    )
    // The generator must really exercise the problem and resynchronisation paths.
    expect(withProblems).toBeGreaterThan(100)
    expect(withPacketsAfterAProblem).toBeGreaterThan(5)
  })
})

describe('the reader never throws and always terminates', () => {
  it('on random bytes behind each magic', () => {
    const magics = [[0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0xc3, 0xd4], [0x4d, 0x3c, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a], []]
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 2000 }), (magic, rest) => {
        const reader = createCaptureReader()
        const records = [...reader.push(Uint8Array.from([...magic, ...rest])), ...reader.end()]
        for (const r of records) {
          if (r.malformed) {
            expect(r.malformed.offset).toBeGreaterThanOrEqual(0)
            expect(r.data.length).toBe(0)
          } else {
            expect(r.data.length).toBe(r.capturedLength)
          }
        }
        expect(reader.stopped).toBe(true)
      }),
      { numRuns: 2000 },
    )
  })

  it('on damaged captures; packets found are never longer than the file', () => {
    fc.assert(
      fc.property(damaged, (bytes) => {
        const reader = createCaptureReader()
        const records = [...reader.push(bytes), ...reader.end()]
        const total = records.reduce((n, r) => n + r.data.length, 0)
        expect(total).toBeLessThanOrEqual(bytes.length)
      }),
      { numRuns: 1000 },
    )
  })
})
