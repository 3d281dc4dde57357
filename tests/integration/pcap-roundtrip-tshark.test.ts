// Round trip: read peers' captures with our reader, write them as pcap and pcapng with our writers, and let
// tshark read the result: same frames, byte-identical packet data, same timestamps, no complaints.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildEthernet, buildIpv4Udp } from '../../main/codec/ethernet/index.js'
import { toHex } from '../../main/codec/ieee80211/index.js'
import {
  createCaptureReader,
  PcapngWriter,
  PcapWriter,
  writePcap,
  type PacketRecord,
  type WriteCaptureOptions,
} from '../../main/codec/pcapfile/index.js'
import { CAPTURES_DIR, prerequisites, tsharkFields, tsharkRead } from '../bench/lib/tshark.js'

const prereq = prerequisites({ captures: true })

function readAll(bytes: Uint8Array): PacketRecord[] {
  const reader = createCaptureReader()
  return [...reader.push(bytes), ...reader.end()]
}

function epochNs(text: string): bigint {
  const [sec, frac = ''] = text.split('.')
  return BigInt(sec) * 1_000_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 9))
}

if (prereq.missing.length > 0) {
  if (prereq.mustFail) {
    it('has tshark and the shared captures (required in CI)', () => {
      throw new Error(`missing: ${prereq.missing.join(', ')}`)
    })
  } else {
    console.warn(`pcap-roundtrip-tshark: skipped, missing ${prereq.missing.join(', ')}`)
    it.skip(`skipped: missing ${prereq.missing.join(', ')}`, () => {})
  }
} else {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provbench-roundtrip-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const captures = readdirSync(CAPTURES_DIR).filter((f) => /\.(pcap|pcapng|cap)$/.test(f))

  const variants: [label: string, options: WriteCaptureOptions, ext: string, exactNs: boolean][] = [
    ['pcap, microseconds', { format: 'pcap' }, 'pcap', false],
    ['pcap, nanoseconds', { format: 'pcap', nanosecond: true }, 'pcap', true],
    ['pcapng, nanoseconds', { format: 'pcapng' }, 'pcapng', true],
    ['pcapng, microseconds', { format: 'pcapng', nanosecond: false }, 'pcapng', false],
  ]

  describe('shared captures survive our writers, as tshark sees it', () => {
    it('finds the shared captures', () => expect(captures.length).toBeGreaterThan(0))
    for (const name of captures) {
      for (const [label, options, ext, exactNs] of variants) {
        it(`${name} -> ${label}`, () => {
          const original = readAll(readFileSync(path.join(CAPTURES_DIR, name)))
          expect(original.every((r) => !r.malformed)).toBe(true)
          const written = writePcap(original, options)
          if (!written.ok) throw new Error(written.error.reason)
          const file = path.join(dir, `${name}.${label.replace(/\W+/g, '-')}.${ext}`)
          writeFileSync(file, written.value)

          const { frames, complaints } = tsharkRead(file)
          expect(complaints).toEqual([])
          expect(frames.map((f) => f.hex)).toEqual(original.map((r) => toHex(r.data)))
          expect(frames.map((f) => [f.length, f.capturedLength])).toEqual(original.map((r) => [r.originalLength, r.capturedLength]))
          // The sources are microsecond captures, so every variant keeps the exact time.
          expect(frames.map((f) => epochNs(f.timeEpoch))).toEqual(original.map((r) => r.timestampNs))
          expect(exactNs || original.every((r) => r.timestampNs % 1000n === 0n)).toBe(true)

          // And our own reader reads back what we wrote.
          const back = readAll(written.value)
          expect(back.map((r) => [r.linktype, r.timestampNs, r.originalLength, toHex(r.data)])).toEqual(
            original.map((r) => [r.linktype, r.timestampNs, r.originalLength, toHex(r.data)]),
          )
        })
      }
    }
  })

  describe('pcapng with several interfaces, names, comments and nanosecond times', () => {
    it('tshark attributes every packet to the right interface and link type', () => {
      const radiotap = captures.flatMap((name) => readAll(readFileSync(path.join(CAPTURES_DIR, name)))).slice(0, 40)
      const ip = buildIpv4Udp({ srcIp: '192.168.4.1', dstIp: '192.168.4.2', srcPort: 5683, dstPort: 5683, payload: new Uint8Array(20) })
      if (!ip.ok) throw new Error(ip.error.reason)
      const eth = buildEthernet({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01', ethertype: 0x0800, payload: ip.value })
      if (!eth.ok) throw new Error(eth.error.reason)
      const writer = new PcapngWriter()
      const header = writer.header([
        { linktype: 127, name: 'mon0' },
        { linktype: 1, name: 'lab-lan', snapLength: 65535 },
      ])
      if (!header.ok) throw new Error(header.error.reason)
      const chunks = [header.value]
      const expected: [number, string, string][] = []
      radiotap.forEach((r, i) => {
        const lan = i % 3 === 0
        const data = lan ? eth.value : r.data
        const timestampNs = 1_700_000_000_000_000_001n + BigInt(i) * 1_000_003n
        const packet = writer.packet({ interfaceId: lan ? 1 : 0, timestampNs, data, comments: i % 5 === 0 ? [`packet ${i} 注释`] : undefined })
        if (!packet.ok) throw new Error(packet.error.reason)
        chunks.push(packet.value)
        expected.push([lan ? 1 : 0, toHex(data), timestampNs.toString()])
      })
      const file = path.join(dir, 'multi.pcapng')
      writeFileSync(file, Buffer.concat(chunks))
      const { frames, complaints } = tsharkRead(file)
      expect(complaints).toEqual([])
      const theirs = tsharkFields(file, ['frame.interface_id', 'frame.interface_name', 'frame.comment'])
      expect(theirs.map((t, i) => [Number(t['frame.interface_id'][0]), frames[i].hex, epochNs(frames[i].timeEpoch).toString()])).toEqual(expected)
      expect(theirs.map((t) => t['frame.interface_name'][0])).toEqual(expected.map(([id]) => (id ? 'lab-lan' : 'mon0')))
      expect(theirs.filter((t) => t['frame.comment']).map((t) => t['frame.comment'][0])).toEqual(
        expected.map((_, i) => i).filter((i) => i % 5 === 0).map((i) => `packet ${i} 注释`),
      )

      const back = readAll(Buffer.concat(chunks))
      expect(back.map((r) => [r.interfaceId, toHex(r.data), r.timestampNs.toString()])).toEqual(expected)
      expect(back.filter((r) => r.comments).length).toBe(Math.ceil(expected.length / 5))
    })

    it('a big-endian, snap-truncated pcap is read by tshark the same way', () => {
      const writer = new PcapWriter({ littleEndian: false, nanosecond: true })
      const header = writer.header([{ linktype: 1, snapLength: 64 }])
      if (!header.ok) throw new Error(header.error.reason)
      const packet = writer.packet({ timestampNs: 1_600_000_000_987_654_321n, data: new Uint8Array(64).fill(0xab), originalLength: 1514 })
      if (!packet.ok) throw new Error(packet.error.reason)
      const file = path.join(dir, 'be.pcap')
      writeFileSync(file, Buffer.concat([header.value, packet.value]))
      const { frames, complaints } = tsharkRead(file)
      expect(complaints).toEqual([])
      expect(frames.map((f) => [f.length, f.capturedLength, f.timeEpoch])).toEqual([[1514, 64, '1600000000.987654321']])
      const back = readAll(Buffer.concat([header.value, packet.value]))
      expect([back[0].originalLength, back[0].capturedLength, back[0].timestampNs]).toEqual([1514, 64, 1_600_000_000_987_654_321n])
    })
  })
}
