import { describe, expect, it } from 'vitest'
import {
  appendFcs,
  buildDataFrame,
  buildRadiotap,
  decodeRadiotapFrame,
  parseRadiotap,
  type Radiotap,
} from '../../../../main/codec/ieee80211/index.js'

const le16 = (v: number) => [v & 0xff, v >> 8]
const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]

/** Radiotap header from literal bytes after the 4-byte version/pad/length prefix. */
function header(rest: number[]): Uint8Array {
  const length = 4 + rest.length
  return Uint8Array.from([0, 0, ...le16(length), ...rest])
}

function parsed(bytes: Uint8Array): { radiotap: Radiotap; malformed?: { reason: string; offset: number } } {
  const result = parseRadiotap(bytes)
  if (!result.ok) throw new Error(result.error.reason)
  return result.value
}

const offsetsOf = (rt: Radiotap) => rt.fields.map((f) => [f.name, f.offset, f.length])

describe('radiotap alignment', () => {
  it('aligns each field to its natural boundary relative to the header start', () => {
    // flags @8 (1), channel aligned to 2 -> @10 (4), xchannel aligned to 4 -> @16 (8), timestamp aligned to 8 -> @24 (12)
    const present = (1 << 1) | (1 << 3) | (1 << 18) | (1 << 22)
    const bytes = header([
      ...le32(present),
      0x10, // flags: FCS at end
      0, // pad
      ...le16(2437), ...le16(0x00a0),
      0, 0, // pad to 16
      ...le32(0x00000140), ...le16(5180), 36, 20,
      ...[1, 2, 3, 4, 5, 6, 7, 8], ...le16(100), 0x11, 0x03,
    ])
    const { radiotap, malformed } = parsed(bytes)
    expect(malformed).toBeUndefined()
    expect(offsetsOf(radiotap)).toEqual([
      ['flags', 8, 1],
      ['channel', 10, 4],
      ['xchannel', 16, 8],
      ['timestamp', 24, 12],
    ])
    expect(radiotap.flags?.fcsAtEnd).toBe(true)
    expect(radiotap.channel).toEqual({ freqMHz: 2437, flags: 0xa0, number: 6 })
    expect(radiotap.xchannel).toEqual({ flags: 0x140, freqMHz: 5180, channel: 36, maxPower: 20 })
    expect(radiotap.timestamp).toEqual({ value: 0x0807060504030201n, accuracy: 100, unitPosition: 0x11, flags: 3 })
  })

  it('decodes RTS retries (bit 16) and HE-MU-other-user (bit 25), which tshark 4.0 does not know', () => {
    const present = (1 << 16) | (1 << 17) | (1 << 25) | (1 << 27)
    const bytes = header([...le32(present), 3, 4, ...le16(0x1234), ...le16(0x5678), 9, 0x0f, ...le16(0xabcd), ...le16(0x0102)])
    const { radiotap, malformed } = parsed(bytes)
    expect(malformed).toBeUndefined()
    expect(offsetsOf(radiotap)).toEqual([
      ['rts_retries', 8, 1],
      ['data_retries', 9, 1],
      ['he_mu_other_user', 10, 6],
      ['l_sig', 16, 4],
    ])
    expect(radiotap.rtsRetries).toBe(3)
    expect(radiotap.dataRetries).toBe(4)
    expect(radiotap.heMuOtherUser).toEqual({ perUser1: 0x1234, perUser2: 0x5678, perUserPosition: 9, perUserKnown: 0x0f })
    expect(radiotap.lsig).toEqual({ data1: 0xabcd, data2: 0x0102 })
  })

  it('decodes MCS known bits into bandwidth, index and guard interval', () => {
    const bytes = header([...le32(1 << 19), 0x07, 0x05, 7])
    const { radiotap } = parsed(bytes)
    expect(radiotap.mcs).toMatchObject({ index: 7, bandwidth: 40, shortGi: true })
    expect(radiotap.mcs?.greenfield).toBeUndefined()
  })
})

describe('radiotap presence bitmaps and namespaces', () => {
  it('follows extended bitmaps into a second radiotap namespace (per-antenna values)', () => {
    const word0 = (1 << 5) | (1 << 29) | (1 << 31)
    const word1 = (1 << 5) | (1 << 11)
    const bytes = header([...le32(word0 >>> 0), ...le32(word1), 0xd0 /* -48 */, 0xce /* -50 */, 1])
    const { radiotap, malformed } = parsed(bytes)
    expect(malformed).toBeUndefined()
    expect(radiotap.presentWords).toHaveLength(2)
    expect(radiotap.dbmSignal).toBe(-48)
    expect(radiotap.antenna).toBeUndefined() // only the first namespace feeds the top-level values
    expect(radiotap.fields.map((f) => [f.name, f.namespaceIndex, f.value])).toEqual([
      ['dbm_antsignal', 0, -48],
      ['dbm_antsignal', 1, -50],
      ['antenna', 1, 1],
    ])
  })

  it('skips a vendor namespace by its skip_length and resumes in the radiotap namespace', () => {
    const word0 = (1 << 5) | (1 << 30) | (1 << 31)
    const word1 = 0x3 | (1 << 29) | (1 << 31) // vendor bits: meaningless to us, data skipped wholesale
    const word2 = 1 << 5
    const bytes = header([
      ...le32(word0 >>> 0), ...le32(word1 >>> 0), ...le32(word2),
      0xc4, // @16 dbm signal -60
      0, // pad to 2
      0x00, 0x11, 0x22, 7, ...le16(3), // @18 vendor namespace header
      0xee, 0xee, 0xee, // @24 vendor data
      0xb0, // @27 dbm signal -80
    ])
    const { radiotap, malformed } = parsed(bytes)
    expect(malformed).toBeUndefined()
    expect(radiotap.vendorNamespaces).toEqual([{ oui: '00:11:22', subNamespace: 7, skipLength: 3, offset: 18 }])
    expect(radiotap.fields.filter((f) => f.name === 'dbm_antsignal').map((f) => [f.offset, f.value])).toEqual([
      [16, -60],
      [27, -80],
    ])
  })

  it('stops at an undefined bit of the radiotap namespace, keeping what came before', () => {
    const word0 = (1 << 5) | (1 << 31)
    const word1 = 1 // bit 32: not defined in the presence bitmap
    const rt = header([...le32(word0 >>> 0), ...le32(word1), 0xc4, 0x99, 0x99, 0x99])
    const frame = buildDataFrame({ toDS: true, fromDS: false, bssid: '02:00:00:00:00:01', sa: '02:00:00:00:00:02', da: '02:00:00:00:00:03', bodyLength: 4 })
    if (!frame.ok) throw new Error(frame.error.reason)
    const decoded = decodeRadiotapFrame(Uint8Array.from([...rt, ...frame.value]))
    expect(decoded.malformed).toBeUndefined()
    expect(decoded.radiotap?.stoppedAtUnknownBit).toBe(32)
    expect(decoded.radiotap?.dbmSignal).toBe(-60)
    expect(decoded.sa).toBe('02:00:00:00:00:02') // the 802.11 frame still starts at it_len
  })

  it('reads TLVs (bit 28) to the end of the header', () => {
    const bytes = header([...le32((1 << 1) | (1 << 28)), 0x00, 0, 0, 0, ...le16(32), ...le16(3), 1, 2, 3, 0, ...le16(33), ...le16(4), 9, 9, 9, 9])
    const { radiotap, malformed } = parsed(bytes)
    expect(malformed).toBeUndefined()
    expect(radiotap.tlvs).toEqual([
      { type: 32, offset: 16, length: 3 },
      { type: 33, offset: 24, length: 4 },
    ])
  })
})

describe('radiotap problems', () => {
  it.each([
    [[0, 0, 8], 'needs 8 bytes'],
    [[1, 0, 8, 0, 0, 0, 0, 0], 'version 1'],
    [[0, 0, 4, 0, 0, 0, 0, 0], 'shorter than the 8-byte'],
    [[0, 0, 40, 0, 0, 0, 0, 0], 'exceeds'],
  ])('rejects %j (%s)', (bytes, reason) => {
    const result = parseRadiotap(Uint8Array.from(bytes))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.reason).toContain(reason)
  })

  it('reports a field running past it_len with its offset, keeping earlier fields', () => {
    const bytes = header([...le32((1 << 1) | (1 << 3)), 0x10, 0, 0x85]) // channel needs 4 bytes at 10, only 1
    const { radiotap, malformed } = parsed(bytes)
    expect(radiotap.flags?.fcsAtEnd).toBe(true)
    expect(malformed).toEqual({ reason: expect.stringContaining('channel'), offset: 10 })
  })

  it('reports a presence chain that never ends inside the header', () => {
    const bytes = header([...le32(0x80000000), ...le32(0x80000000)])
    expect(parsed(bytes).malformed?.reason).toContain('presence bitmap')
  })

  it('reports vendor data that runs past the header', () => {
    const bytes = header([...le32(((1 << 30) | (1 << 31)) >>> 0), ...le32(0), 0x00, 0x11, 0x22, 0, ...le16(200)])
    expect(parsed(bytes).malformed?.reason).toContain('vendor namespace data')
  })
})

describe('radiotap flags drive the 802.11 decode', () => {
  const frame = (() => {
    const r = buildDataFrame({ toDS: false, fromDS: true, bssid: '02:00:00:00:00:01', sa: '02:00:00:00:00:02', da: 'ff:ff:ff:ff:ff:ff', qos: { tid: 6 }, body: Uint8Array.of(0xaa, 0xbb) })
    if (!r.ok) throw new Error(r.error.reason)
    return r.value
  })()

  it('FCS at end: checks it, and excludes it from the frame length', () => {
    const withFcs = appendFcs(frame)
    const good = decodeRadiotapFrame(Uint8Array.from([...buildRadiotap({ flags: 0x10 }), ...withFcs]))
    expect(good.fcs?.ok).toBe(true)
    expect(good.frameLength).toBe(frame.length)
    withFcs[5] ^= 1
    const bad = decodeRadiotapFrame(Uint8Array.from([...buildRadiotap({ flags: 0x10 | 0x40 }), ...withFcs]))
    expect(bad.fcs?.ok).toBe(false)
    expect(bad.radiotap?.flags?.badFcs).toBe(true)
  })

  it('data pad: the body of a 26-byte QoS header starts at the next 4-byte boundary', () => {
    const padded = Uint8Array.from([...frame.subarray(0, 26), 0, 0, ...frame.subarray(26)])
    const rt = buildRadiotap({ flags: 0x20 })
    const decoded = decodeRadiotapFrame(Uint8Array.from([...rt, ...padded]))
    expect(decoded.headerLength).toBe(26)
    expect(decoded.bodyOffset).toBe(rt.length + 28)
    expect(decoded.bodyLength).toBe(2)
  })
})

describe('buildRadiotap', () => {
  it('places every field it supports where the parser expects it', () => {
    const bytes = buildRadiotap({ tsftMicros: 123456789012n, flags: 0x10, rateKbps: 5500, freqMHz: 2412, dbmSignal: -42, dbmNoise: -90, antenna: 2 })
    const { radiotap, malformed } = parsed(bytes)
    expect(malformed).toBeUndefined()
    expect(radiotap).toMatchObject({
      length: bytes.length,
      tsft: 123456789012n,
      rateKbps: 5500,
      channel: { freqMHz: 2412, flags: 0x00a0, number: 1 },
      dbmSignal: -42,
      dbmNoise: -90,
      antenna: 2,
    })
    expect(bytes.length).toBe(8 + 8 + 1 + 1 + 4 + 1 + 1 + 1)
  })

  it('omits absent fields entirely', () => {
    expect(buildRadiotap({})).toEqual(Uint8Array.of(0, 0, 8, 0, 0, 0, 0, 0))
    expect(parsed(buildRadiotap({ freqMHz: 5745 })).radiotap.channel).toEqual({ freqMHz: 5745, flags: 0x0140, number: 149 })
  })
})
