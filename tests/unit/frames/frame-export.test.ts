import { describe, expect, it } from 'vitest'
import { readCapture } from '../../../main/codec/pcapfile/index.js'
import { writeFramesPcapng } from '../../../main/frames/frame-export'
import { FrameStore } from '../../../main/frames/frame-store'
import { beacon, enrolleeProbe, ETHERNET, packet, probeRequest, withRadiotap } from './packets'

function memorySink() {
  const chunks: Uint8Array[] = []
  return { chunks, write: (c: Uint8Array) => (chunks.push(c.slice()), true), once: () => undefined }
}

describe('pcapng export of stored frames', () => {
  it('writes exactly the chosen frames, byte for byte, with their times, original lengths and link types', async () => {
    const store = new FrameStore({ limit: 100 })
    const packets = [
      packet(withRadiotap(beacon('02:00:00:00:00:01', 'LabNet', 6)), undefined, 1_700_000_000.123456),
      packet(withRadiotap(probeRequest('02:00:00:00:00:09', 'LabNet')), undefined, 1_700_000_001.000001),
      packet(Uint8Array.from(Buffer.from('ffffffffffff02000000000108060001', 'hex')), ETHERNET, 1_700_000_002.5),
      packet(withRadiotap(enrolleeProbe()), undefined, 1_700_000_003.75),
    ]
    packets[1].originalLength = packets[1].length + 20
    for (const p of packets) store.append(p)
    const sink = memorySink()
    const written = await writeFramesPcapng(store, [0, 2, 3, 99], sink)
    expect(written).toBe(3)
    const records = []
    for await (const record of readCapture(sink.chunks)) records.push(record)
    expect(records.map((r) => r.linktype)).toEqual([127, 1, 127])
    expect(records.map((r) => Buffer.from(r.data).toString('hex'))).toEqual([0, 2, 3].map((i) => Buffer.from(packets[i].buffer).toString('hex')))
    expect(records.map((r) => r.timestampNs)).toEqual([0, 2, 3].map((i) => BigInt(packets[i].seconds) * 1_000_000_000n + BigInt(packets[i].nanoseconds)))
    const again = memorySink()
    await writeFramesPcapng(store, [1], again)
    const cut = []
    for await (const record of readCapture(again.chunks)) cut.push(record)
    expect(cut[0].originalLength).toBe(packets[1].length + 20)
  })
})
