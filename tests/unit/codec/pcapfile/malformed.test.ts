// Broken files: every problem comes back as a record with a reason and file offset; pcapng resynchronises
// on the next good block, pcap stops cleanly; nothing throws and nothing loops.
import { describe, expect, it } from 'vitest'
import { createCaptureReader, type CaptureReaderOptions, type PacketRecord } from '../../../../main/codec/pcapfile/index.js'
import { Bytes, block, concat, epb, idb, pcapHeader, pcapRecord, shb } from './capture-bytes.js'

function readAll(bytes: Uint8Array, options?: CaptureReaderOptions) {
  const reader = createCaptureReader(options)
  const records = [...reader.push(bytes), ...reader.end()]
  return { records, reader, packets: records.filter((r) => !r.malformed), problems: records.filter((r) => r.malformed) }
}

const problem = (r: PacketRecord) => [r.malformed!.reason, r.malformed!.offset]

describe('not a capture', () => {
  it('unknown magic: one problem, then the reader has stopped', () => {
    const reader = createCaptureReader()
    const records = reader.push(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0))
    expect(records.map(problem)).toEqual([['not a pcap or pcapng file (magic 0x04034b50)', 0]])
    expect(reader.stopped).toBe(true)
    expect(reader.push(pcapHeader('le', false, 1))).toEqual([])
    expect(reader.end()).toEqual([])
  })

  it('an empty stream', () => {
    expect(readAll(new Uint8Array(0)).problems.map(problem)).toEqual([['no capture data: the stream is empty', 0]])
  })

  it('pcap major version other than 2', () => {
    const header = pcapHeader('le', false, 1)
    header[4] = 3
    expect(readAll(header).problems.map(problem)).toEqual([['pcap version 3 is not 2', 4]])
  })
})

describe('pcap', () => {
  const good = pcapRecord('le', 1, 0, [1, 2, 3, 4])

  it('a file cut inside a record reports where, after the complete records', () => {
    const { packets, problems } = readAll(concat(pcapHeader('le', false, 1), good, good.subarray(0, 10)))
    expect(packets).toHaveLength(1)
    expect(problems.map(problem)).toEqual([['file ends inside the pcap record header: 10 of 16 bytes present', 44]])
  })

  it('an oversized captured length stops the reader (pcap has nothing to resynchronise on)', () => {
    const huge = new Bytes('le').u32(1).u32(0).u32(0x7fffffff).u32(0x7fffffff).toArray()
    const reader = createCaptureReader()
    const records = [...reader.push(concat(pcapHeader('le', false, 1), good, huge, good)), ...reader.end()]
    expect(records.filter((r) => !r.malformed)).toHaveLength(1)
    expect(records.filter((r) => r.malformed).map(problem)).toEqual([
      ['pcap record claims 2147483647 captured bytes, more than the 262144-byte limit', 52],
    ])
    expect(reader.stopped).toBe(true)
  })

  it('the limit is configurable', () => {
    const big = pcapRecord('le', 1, 0, new Uint8Array(300_000))
    expect(readAll(concat(pcapHeader('le', false, 1), big)).problems).toHaveLength(1)
    expect(readAll(concat(pcapHeader('le', false, 1), big), { maxPacketBytes: 1 << 20 }).packets).toHaveLength(1)
  })
})

describe('pcapng framing problems resynchronise on the next good block', () => {
  const head = concat(shb('le'), idb('le', 1, 0))
  const packet = (n: number) => epb('le', 0, BigInt(n), [n, n, n])

  it.each([
    ['a length that is not a multiple of 4', { length: 30 }, 'not a multiple of 4'],
    ['a length below the minimum', { length: 8 }, 'below the minimum 12'],
    ['a length over the block limit', { length: 0x7ffffff0 }, 'over the 16777216-byte limit'],
    ['a trailing length that does not match', { trailer: 40 }, 'length 36 does not match its trailing length 40'],
  ])('%s', (_, override, reason) => {
    const bad = block('le', 6, new Bytes('le').u32(0).u32(0).u32(0).u32(4).u32(4).u8(9, 9, 9, 9).toArray(), override)
    const bytes = concat(head, packet(1), bad, packet(2), packet(3))
    const { packets, problems } = readAll(bytes)
    expect(packets.map((p) => p.data[0])).toEqual([1, 2, 3])
    expect(problems).toHaveLength(1)
    expect(problems[0].malformed!.reason).toContain(reason)
    expect(problems[0].malformed!.offset).toBe(head.length + packet(1).length)
  })

  it('garbage between blocks is skipped', () => {
    const garbage = Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff)
    const { packets, problems } = readAll(concat(head, packet(1), garbage, packet(2)))
    expect(packets.map((p) => p.data[0])).toEqual([1, 2])
    expect(problems).toHaveLength(1)
  })

  it('gives up cleanly when nothing valid follows within the resync window', () => {
    const garbage = new Uint8Array(4096).fill(0x55)
    const reader = createCaptureReader({ maxResyncBytes: 1024 })
    const records = [...reader.push(concat(head, packet(1), garbage, packet(2))), ...reader.end()]
    expect(records.filter((r) => !r.malformed).map((r) => r.data[0])).toEqual([1])
    expect(records.filter((r) => r.malformed).map((r) => r.malformed!.reason)).toEqual([
      expect.stringContaining('skipping to the next valid block'),
      expect.stringContaining('no valid pcapng block within 1024 bytes'),
    ])
    expect(reader.stopped).toBe(true)
  })

  it('a section header with a bad byte-order magic is skipped like any broken block', () => {
    const badShb = shb('le')
    badShb[8] = 0x99
    const { packets, problems } = readAll(concat(head, packet(1), badShb, packet(2)))
    expect(packets.map((p) => p.data[0])).toEqual([1, 2])
    expect(problems[0].malformed!.reason).toContain('byte-order magic')
  })

  it('a broken block at the very end is reported once', () => {
    const cutTrailer = packet(9).subarray(0, packet(9).length - 4)
    const { packets, problems } = readAll(concat(head, packet(1), cutTrailer))
    expect(packets).toHaveLength(1)
    expect(problems.map((p) => p.malformed!.reason)).toEqual([expect.stringContaining('file ends inside the pcapng block')])
  })
})

describe('pcapng content problems skip only the block', () => {
  const head = concat(shb('le'), idb('le', 1, 0))

  it('a packet longer than its block, or naming an unknown interface', () => {
    const overlong = block('le', 6, new Bytes('le').u32(0).u32(0).u32(0).u32(100).u32(100).u8(1, 2, 3, 4).toArray())
    const unknownInterface = epb('le', 7, 0n, [1])
    const { packets, problems } = readAll(concat(head, overlong, unknownInterface, epb('le', 0, 0n, [5])))
    expect(packets.map((p) => p.data[0])).toEqual([5])
    expect(problems.map(problem)).toEqual([
      ['packet claims 100 captured bytes, the block holds 4', head.length + 20],
      ['packet names interface 7, the section has 1', head.length + overlong.length + 8],
    ])
  })

  it('a zero-length if_tsresol is reported; the interface still reads packets (microseconds)', () => {
    const { packets, problems, reader } = readAll(concat(shb('le'), idb('le', 1, 0, [{ code: 9, value: [] }]), epb('le', 0, 5_000_000n, [1])))
    expect(problems.map((p) => p.malformed!.reason)).toEqual(['interface 0: if_tsresol option has length 0, not 1'])
    expect(reader.interfaces).toHaveLength(1)
    expect(packets.map((p) => p.timestampNs)).toEqual([5_000_000_000n])
  })

  it('an option whose length runs past the block', () => {
    const { packets, problems } = readAll(concat(head, epb('le', 0, 0n, [1], [{ code: 1, value: [0x41], length: 200 }])))
    expect(packets).toHaveLength(1)
    expect(problems[0].malformed!.reason).toBe('packet options: option 1 with 200 bytes runs past the block')
  })

  it('thousands of zero-length options end with the block', () => {
    const many = Array.from({ length: 5000 }, () => ({ code: 0x8000, value: [] }))
    const { packets, problems } = readAll(concat(head, epb('le', 0, 0n, [1], many)))
    expect([packets.length, problems.length]).toEqual([1, 0])
  })

  it('a section header of version 2 stops the reader', () => {
    const { packets, problems, reader } = readAll(concat(head, epb('le', 0, 0n, [1]), shb('le', 2), epb('le', 0, 0n, [2])))
    expect(packets).toHaveLength(1)
    expect(problems.map((p) => p.malformed!.reason)).toEqual(['pcapng section version 2 is not 1'])
    expect(reader.stopped).toBe(true)
  })
})
