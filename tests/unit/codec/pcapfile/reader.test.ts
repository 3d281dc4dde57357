import { describe, expect, it } from 'vitest'
import {
  createCaptureReader,
  readCapture,
  readCaptureBatches,
  writePcap,
  type CaptureReaderOptions,
  type PacketRecord,
} from '../../../../main/codec/pcapfile/index.js'
import { Bytes, block, concat, epb, idb, opb, pcapHeader, pcapRecord, shb, spb } from './capture-bytes.js'

function readAll(bytes: Uint8Array, options?: CaptureReaderOptions): { records: PacketRecord[]; reader: ReturnType<typeof createCaptureReader> } {
  const reader = createCaptureReader(options)
  const records = [...reader.push(bytes), ...reader.end()]
  return { records, reader }
}

const summary = (r: PacketRecord) => [r.interfaceId, r.linktype, r.timestampNs, r.capturedLength, r.originalLength, Array.from(r.data)]

describe('pcap', () => {
  it.each([
    ['little-endian, microseconds', 'le', false],
    ['big-endian, microseconds', 'be', false],
    ['little-endian, nanoseconds', 'le', true],
    ['big-endian, nanoseconds', 'be', true],
  ] as const)('%s', (_, order, nano) => {
    const bytes = concat(
      pcapHeader(order, nano, 127, 4096),
      pcapRecord(order, 1_700_000_000, nano ? 123_456_789 : 123_456, [1, 2, 3]),
      pcapRecord(order, 1_700_000_001, 0, [4], 60),
    )
    const { records, reader } = readAll(bytes)
    expect(reader.format).toBe('pcap')
    expect(reader.interfaces).toEqual([{ id: 0, section: 0, linktype: 127, snapLength: 4096, timestampUnitsPerSecond: nano ? 1e9 : 1e6, timestampOffsetSeconds: 0 }])
    expect(records.map(summary)).toEqual([
      [0, 127, 1_700_000_000_000_000_000n + (nano ? 123_456_789n : 123_456_000n), 3, 3, [1, 2, 3]],
      [0, 127, 1_700_000_001_000_000_000n, 1, 60, [4]],
    ])
    expect(records.map((r) => r.fileOffset)).toEqual([24, 43])
  })

  it('reads the FCS length from the link-type field', () => {
    const { reader } = readAll(pcapHeader('le', false, 105, 65535, (105 | 0x04000000 | (2 << 28)) >>> 0))
    expect(reader.interfaces[0]).toMatchObject({ linktype: 105, fcsLength: 4 })
  })
})

describe('pcapng', () => {
  it('several sections in both byte orders, each with its own interfaces, resolutions and options', () => {
    const bytes = concat(
      shb('le'),
      idb('le', 127, 0, [{ code: 2, value: Buffer.from('wlan0mon') }, { code: 9, value: [9] }]),
      idb('le', 1, 1514, [{ code: 9, value: [0x80 | 20] }, { code: 14, value: new Bytes('le').u64(10n).toArray() }, { code: 13, value: [4] }]),
      epb('le', 0, 1_700_000_000_123_456_789n, [0xaa, 0xbb], [{ code: 1, value: Buffer.from('hello') }, { code: 2, value: new Bytes('le').u32(0x1).toArray() }]),
      epb('le', 1, 3n << 20n, [0xcc], [], 64),
      block('le', 0x00000004, [1, 0, 0, 0]), // name resolution block: skipped
      block('le', 0x00000005, new Bytes('le').u32(0).u32(0).u32(0).toArray()), // interface statistics: skipped
      block('le', 0x40000bad, [0xde, 0xad, 0xbe, 0xef]), // custom block: skipped
      shb('be'),
      idb('be', 105, 65535, [{ code: 9, value: [3] }]),
      epb('be', 0, 1_500n, [0x11, 0x22, 0x33]),
      spb('be', [0x44, 0x55]),
      opb('be', 0, 2_000n, [0x66]),
    )
    const { records, reader } = readAll(bytes)
    expect(reader.format).toBe('pcapng')
    expect(records.every((r) => !r.malformed)).toBe(true)
    expect(records.map(summary)).toEqual([
      [0, 127, 1_700_000_000_123_456_789n, 2, 2, [0xaa, 0xbb]],
      [1, 1, 13_000_000_000n, 1, 64, [0xcc]], // 3 s in 2^-20 ticks + if_tsoffset 10 s
      [0, 105, 1_500_000_000n, 3, 3, [0x11, 0x22, 0x33]], // milliseconds
      [0, 105, 0n, 2, 2, [0x44, 0x55]], // simple packet blocks carry no time
      [0, 105, 2_000_000_000n, 1, 1, [0x66]],
    ])
    expect(records[0].comments).toEqual(['hello'])
    expect(records[0].flags).toBe(1)
    expect(reader.interfaces).toEqual([{ id: 0, section: 1, linktype: 105, snapLength: 65535, timestampUnitsPerSecond: 1000, timestampOffsetSeconds: 0 }])
    expect(reader.stats).toMatchObject({ packets: 5, malformed: 0, skippedBlocks: 3, bytes: bytes.length })
  })

  it('a simple packet block is cut to the interface snap length', () => {
    const { records } = readAll(concat(shb('le'), idb('le', 1, 4), spb('le', [1, 2, 3, 4, 5, 6], 100)))
    expect(records.map((r) => [r.capturedLength, r.originalLength, Array.from(r.data)])).toEqual([[4, 100, [1, 2, 3, 4]]])
  })

  it('tolerates a zero-length option list and odd trailing option bytes', () => {
    const body = new Bytes('le').u16(1).u16(0).u32(0).u16(0xffff).u16(0).u16(0xfffe).u16(0).toArray()
    const { records, reader } = readAll(concat(shb('le'), block('le', 1, body), epb('le', 0, 1n, [9])))
    expect(records.map((r) => r.malformed)).toEqual([undefined])
    expect(reader.interfaces).toHaveLength(1)
  })
})

describe('packet memory', () => {
  const file = (() => {
    const written = writePcap(
      Array.from({ length: 3 }, (_, i) => ({ linktype: 1, timestampNs: BigInt(i), data: Uint8Array.of(i, i, i) })),
      { format: 'pcapng' },
    )
    if (!written.ok) throw new Error(written.error.reason)
    return written.value
  })()

  it('copies packet bytes by default, so a record does not pin the chunk', () => {
    const records = createCaptureReader().push(file)
    expect(records[0].data.buffer).not.toBe(file.buffer)
    expect(records[0].data.byteLength).toBe(records[0].data.buffer.byteLength)
  })

  it('gives views into the chunk when asked (the zero-copy path)', () => {
    const records = createCaptureReader({ copyPackets: false }).push(file)
    expect(records[0].data.buffer).toBe(file.buffer)
    expect(Array.from(records[2].data)).toEqual([2, 2, 2])
  })

  it('holds at most one incomplete record plus the current chunk while streaming', () => {
    const packets = Array.from({ length: 5000 }, (_, i) => ({ linktype: 127, timestampNs: BigInt(i) * 1000n, data: new Uint8Array(50 + (i % 700)).fill(i & 0xff) }))
    const written = writePcap(packets, { format: 'pcapng' })
    if (!written.ok) throw new Error(written.error.reason)
    const reader = createCaptureReader()
    const chunkSize = 4096
    let count = 0
    let maxHeld = 0
    for (let at = 0; at < written.value.length; at += chunkSize) {
      count += reader.push(written.value.subarray(at, at + chunkSize)).length
      maxHeld = Math.max(maxHeld, reader.bufferedBytes)
    }
    count += reader.end().length
    expect(count).toBe(5000)
    expect(maxHeld).toBeLessThan(1024) // the largest block is 32 + 749 + padding bytes
  })
})

describe('async helpers', () => {
  async function* chunks(bytes: Uint8Array, size: number) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size)
  }
  const file = concat(pcapHeader('le', true, 1), ...Array.from({ length: 10 }, (_, i) => pcapRecord('le', i, i, [i])))

  it('readCapture yields each record as its chunk completes it', async () => {
    const seen: number[] = []
    for await (const record of readCapture(chunks(file, 7))) seen.push(record.data[0])
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('readCaptureBatches yields per chunk, and reports a cut file at the end', async () => {
    const batches: PacketRecord[][] = []
    for await (const batch of readCaptureBatches(chunks(file.subarray(0, file.length - 3), 64))) batches.push(batch)
    const all = batches.flat()
    expect(all.filter((r) => !r.malformed)).toHaveLength(9)
    expect(all.at(-1)?.malformed?.reason).toContain('file ends inside the pcap record')
    expect(batches.length).toBeGreaterThan(1)
  })

  it('readCapture accepts plain iterables of chunks too', async () => {
    const records: PacketRecord[] = []
    for await (const record of readCapture([file.subarray(0, 30), file.subarray(30)])) records.push(record)
    expect(records).toHaveLength(10)
  })
})
