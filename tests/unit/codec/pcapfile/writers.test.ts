import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createCaptureReader,
  PcapngWriter,
  PcapWriter,
  splitTicks,
  writePcap,
  type WriteCaptureOptions,
} from '../../../../main/codec/pcapfile/index.js'

const bytes = (n: number) => new Uint8Array(n).fill(7)

describe('writers refuse what the format cannot hold', () => {
  it.each([
    ['no interfaces', () => new PcapngWriter().header([]), 'at least one interface'],
    ['pcap with two link types', () => new PcapWriter().header([{ linktype: 1 }, { linktype: 127 }]), 'one link type'],
    ['a link type out of range', () => new PcapngWriter().header([{ linktype: 70000 }]), 'linktype 70000'],
  ])('%s', (_, make, reason) => {
    const result = make()
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.reason).toContain(reason)
  })

  it('packets: unknown interface, negative time, over the snap length, pcap past 2106', () => {
    const ng = new PcapngWriter()
    expect(ng.header([{ linktype: 1, snapLength: 10 }]).ok).toBe(true)
    const reasons = [
      ng.packet({ interfaceId: 1, timestampNs: 0n, data: bytes(1) }),
      ng.packet({ timestampNs: -1n, data: bytes(1) }),
      ng.packet({ timestampNs: 0n, data: bytes(11) }),
    ].map((r) => (r.ok ? 'ok' : r.error.reason))
    expect(reasons).toEqual([
      'packet names interface 1, the header declared 1',
      'packet timestamp is before 1970',
      'packet of 11 bytes exceeds the snap length 10',
    ])
    const pcap = new PcapWriter()
    pcap.header([{ linktype: 1 }])
    const late = pcap.packet({ timestampNs: 2n ** 32n * 1_000_000_000n, data: bytes(1) })
    expect(late.ok ? 'ok' : late.error.reason).toContain('2106')
  })

  it('writePcap needs link types when no interfaces are given', () => {
    const result = writePcap([{ timestampNs: 0n, data: bytes(1) }])
    expect(result.ok).toBe(false)
  })
})

describe('writers and reader agree', () => {
  const variants: WriteCaptureOptions[] = [{ format: 'pcap' }, { format: 'pcap', nanosecond: true }, { format: 'pcapng' }, { format: 'pcapng', nanosecond: false }]

  it('for any packets, in every variant (pcap keeps microseconds unless nanosecond)', () => {
    const packet = fc.record({
      timestampNs: fc.bigInt({ min: 0n, max: 4_294_967_295_999_999_999n }),
      data: fc.uint8Array({ maxLength: 200 }),
      extra: fc.integer({ min: 0, max: 1000 }),
    })
    fc.assert(
      fc.property(fc.array(packet, { minLength: 1, maxLength: 10 }), fc.constantFrom(...variants), (packets, options) => {
        const written = writePcap(
          packets.map((p) => ({ linktype: 127, timestampNs: p.timestampNs, data: p.data, originalLength: p.data.length + p.extra })),
          options,
        )
        if (!written.ok) throw new Error(written.error.reason)
        const reader = createCaptureReader()
        const back = [...reader.push(written.value), ...reader.end()]
        const micro = options.format === 'pcap' ? !options.nanosecond : options.nanosecond === false
        expect(back.map((r) => [r.linktype, r.timestampNs, Array.from(r.data), r.originalLength])).toEqual(
          packets.map((p) => [127, micro ? (p.timestampNs / 1000n) * 1000n : p.timestampNs, Array.from(p.data), p.data.length + p.extra]),
        )
      }),
      { numRuns: 300 },
    )
  })

  it('several linktypes without explicit interfaces become one pcapng interface each', () => {
    const written = writePcap(
      [
        { linktype: 127, timestampNs: 1n, data: bytes(2) },
        { linktype: 1, timestampNs: 2n, data: bytes(3) },
        { linktype: 127, timestampNs: 3n, data: bytes(4) },
      ],
      { format: 'pcapng' },
    )
    if (!written.ok) throw new Error(written.error.reason)
    const reader = createCaptureReader()
    const back = reader.push(written.value)
    expect(back.map((r) => [r.interfaceId, r.linktype])).toEqual([
      [0, 127],
      [1, 1],
      [0, 127],
    ])
    expect(reader.interfaces.map((i) => [i.linktype, i.timestampUnitsPerSecond])).toEqual([
      [127, 1e9],
      [1, 1e9],
    ])
  })
})

describe('splitTicks', () => {
  it('matches exact BigInt arithmetic for every common resolution', () => {
    const units = fc.constantFrom(1, 10, 1000, 1e6, 1e9, 1e12, 2 ** 10, 2 ** 20, 2 ** 30, 2 ** 40, 2 ** 63)
    const out = { seconds: 0, nanoseconds: 0 }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), units, (high, low, perSecond) => {
        const ticks = (BigInt(high) << 32n) | BigInt(low)
        const seconds = ticks / BigInt(perSecond)
        splitTicks(high, low, perSecond, out)
        if (seconds > BigInt(Number.MAX_SAFE_INTEGER)) return // such times are beyond any capture
        expect(BigInt(out.seconds)).toBe(seconds)
        expect(BigInt(out.nanoseconds)).toBe(((ticks % BigInt(perSecond)) * 1_000_000_000n) / BigInt(perSecond))
      }),
      { numRuns: 3000 },
    )
  })
})
