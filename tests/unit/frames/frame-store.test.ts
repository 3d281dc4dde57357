import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { frameRow } from '../../../main/frames/frame-rows'
import { FrameStore } from '../../../main/frames/frame-store'
import { beacon, dataFrame, ENROLLEE_SA, enrolleeProbe, ETHERNET, packet, probeRequest, withRadiotap } from './packets'

const AP = '02:00:00:00:00:01'
const PHONE = '02:00:00:00:00:99'

const BEACONS = [0, 1, 2].map((n) => withRadiotap(beacon(AP, `net-${n}`, 6), { dbmSignal: -40 - n }))

function filled(limit: number, count: number, options: { maxBytes?: number } = {}): FrameStore {
  const store = new FrameStore({ limit, ...options })
  for (let k = 0; k < count; k++) store.append(packet(BEACONS[k % 3], undefined, 1000 + k))
  return store
}

describe('frame store: bound, drops, indexes', () => {
  it('keeps at most `limit` frames, drops the oldest first and counts every drop', () => {
    const store = filled(1000, 2500)
    expect(store.size).toBe(1000)
    expect(store.dropped).toBe(1500)
    expect(store.firstIndex).toBe(1500)
    expect(store.nextIndex).toBe(2500)
    expect(store.ref(1499)).toBeUndefined()
    expect(frameRow(store, 1500)!.time).toBe(1000 + 1500)
    expect(frameRow(store, 2499)!.time).toBe(1000 + 2499)
  })

  it('crosses column blocks (65,536 records each) and frees emptied ones', () => {
    const store = filled(70_000, 200_000)
    expect(store.size).toBe(70_000)
    expect(store.dropped).toBe(130_000)
    // Every stored frame still reads back its own time (the block arithmetic is right at the edges).
    for (const index of [130_000, 131_071, 131_072, 196_607, 196_608, 199_999]) expect(frameRow(store, index)!.time).toBe(1000 + index)
    // Live blocks: frames 130000..199999 span blocks 1..3; at most one spare beyond them.
    expect(store.bytesAllocated).toBeLessThan(5 * 65_536 * 110 + 64 * 1024 * 1024 + 8 * 1024 * 1024)
  })

  it('drops the oldest frames when the raw-byte budget runs out before the frame limit', () => {
    // 8 MiB budget = two 4 MiB chunks; each frame is ~100 bytes, so ~80k frames fit, far below the 1M limit.
    const store = filled(1_000_000, 150_000, { maxBytes: 8 * 1024 * 1024 })
    expect(store.size).toBeLessThan(150_000)
    expect(store.size).toBeGreaterThan(40_000)
    expect(store.dropped + store.size).toBe(150_000)
    const oldest = frameRow(store, store.firstIndex)!
    expect(oldest.time).toBe(1000 + store.firstIndex)
    // The bytes of the oldest kept frame are intact (its chunk was not recycled under it).
    expect(oldest.ssid).toBe(`net-${store.firstIndex % 3}`)
  })

  it('a smaller limit drops at once; clear starts numbering again', () => {
    const store = filled(5000, 5000)
    store.setLimit(1200)
    expect(store.size).toBe(1200)
    expect(store.dropped).toBe(3800)
    store.clear()
    expect(store.size).toBe(0)
    expect(store.dropped).toBe(0)
    store.append(packet(withRadiotap(beacon(AP, 'x', 1))))
    expect(store.firstIndex).toBe(0)
    expect(frameRow(store, 0)!.ssid).toBe('x')
  })

  it('finds the first frame at or after a time, even when arrival order is not time order', () => {
    const store = new FrameStore({ limit: 100 })
    const times = [10, 11, 11, 9, 12, 15, 14, 20]
    for (const t of times) store.append(packet(withRadiotap(beacon(AP, 'a', 1)), undefined, t))
    // Arrival order: the first frame whose own time reaches the target.
    expect(store.seekTime(11)).toBe(1)
    expect(store.seekTime(11.5)).toBe(4)
    expect(store.seekTime(13)).toBe(5)
    expect(store.seekTime(14)).toBe(5)
    expect(store.seekTime(0)).toBe(0)
    expect(store.seekTime(21)).toBe(8)
  })

  it('rows carry what the table shows: channel, signal, addresses, SSID, FCS, vendor IEs, claims', () => {
    const store = new FrameStore({ limit: 100 })
    store.append(packet(withRadiotap(beacon(AP, 'LabNet', 6), { freqMHz: 2437, dbmSignal: -47, fcs: true })))
    store.append(packet(withRadiotap(probeRequest(PHONE, 'LabNet'), { fcs: true, badFcs: true })))
    store.append(packet(withRadiotap(dataFrame(PHONE, AP, AP), { freqMHz: 5180 })))
    store.append(packet(withRadiotap(enrolleeProbe(), { dbmSignal: -60 })))
    const [b, p, d, z] = [0, 1, 2, 3].map((i) => frameRow(store, i)!)
    expect(b).toMatchObject({ type: 0, subtype: 8, typeName: 'Beacon', channel: 6, freqMHz: 2437, signalDbm: -47, bssid: AP, sa: AP, ssid: 'LabNet', fcs: 'ok', claims: [] })
    expect(p).toMatchObject({ subtype: 4, sa: PHONE, da: 'ff:ff:ff:ff:ff:ff', fcs: 'bad' })
    expect(p.info).toContain('[bad FCS]')
    expect(d).toMatchObject({ type: 2, channel: 36, sa: PHONE, da: AP, bssid: AP, ta: PHONE, ra: AP })
    expect(z.vendorIes).toEqual(['d8:96:e0:aa'])
    expect(z.claims).toEqual(['zero-config'])
    expect(z.sa).toBe([...ENROLLEE_SA].map((x) => x.toString(16).padStart(2, '0')).join(':'))
    expect(store.provisioning).toBe(1)
  })

  it('keeps non-802.11 packets: Ethernet rows name the UDP ports, unknown link types are kept as malformed', () => {
    const store = new FrameStore({ limit: 10 })
    const udp = Uint8Array.from(Buffer.from('ffffffffffff020000000001080045000021000040004011000' + '07f0000017f000001' + '16331633000d0000' + '6869212121', 'hex').subarray(0, 47))
    store.append(packet(udp, ETHERNET))
    store.append(packet(Uint8Array.of(1, 2, 3), { linktype: 999, name: 'odd' }))
    expect(frameRow(store, 0)).toMatchObject({ kind: 'ethernet', typeName: 'UDP', source: '02:00:00:00:00:01', destination: 'ff:ff:ff:ff:ff:ff' })
    expect(frameRow(store, 0)!.info).toContain('127.0.0.1:5683 → 127.0.0.1:5683')
    expect(frameRow(store, 1)).toMatchObject({ kind: 'other', malformed: 'link type 999 is not decoded' })
  })
})

describe('frame store: filtered pages', () => {
  it('pages of a filter are the brute-force matches, and follow new frames and drops', () => {
    const store = new FrameStore({ limit: 3000 })
    const compiled = store.compile({ expr: 'type=probe-req signal>=-60' })
    if (!compiled.ok) throw new Error(compiled.error.reason)
    const add = (k: number) =>
      store.append(packet(withRadiotap(k % 4 === 0 ? probeRequest(PHONE, 'x') : beacon(AP, 'y', 1), { dbmSignal: -30 - (k % 61) })))
    for (let k = 0; k < 2000; k++) add(k)
    const brute = () => {
      const out: number[] = []
      for (let i = store.firstIndex; i < store.nextIndex; i++) {
        const row = frameRow(store, i)!
        if (row.subtype === 4 && row.type === 0 && row.signalDbm! >= -60) out.push(i)
      }
      return out
    }
    const first = store.select(compiled.value, 0, 10_000)
    expect(first.indices).toEqual(brute())
    for (let k = 2000; k < 5000; k++) add(k)
    const later = store.select(compiled.value, 0, 10_000)
    expect(store.dropped).toBe(2000)
    expect(later.indices).toEqual(brute())
    expect(store.select(compiled.value, 5, 7).indices).toEqual(brute().slice(5, 12))
    expect(later.total).toBe(brute().length)
  })

  it('property: for random frames and random filters, select() equals filtering every row by hand', () => {
    const frameArb = fc.record({
      kind: fc.constantFrom('beacon', 'probe', 'data', 'enrollee'),
      ssid: fc.constantFrom('LabNet', 'Other', 'lab-2', ''),
      signal: fc.integer({ min: -95, max: -20 }),
      freq: fc.constantFrom(2412, 2437, 2462, 5180),
      sender: fc.integer({ min: 1, max: 4 }),
    })
    const filterArb = fc.record(
      {
        ssid: fc.constantFrom('LabNet', 'Other'),
        ssidContains: fc.constantFrom('lab', 'net', 'zz'),
        channels: fc.subarray([1, 6, 11, 36], { minLength: 1 }),
        signalMin: fc.integer({ min: -90, max: -30 }),
        address: fc.constantFrom('02:00:00:00:00:01', '02:00:00:00:00:03'),
        provisioning: fc.boolean(),
        categories: fc.subarray(['management', 'data'] as const, { minLength: 1 }),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 120 }), filterArb, fc.integer({ min: 20, max: 200 }), (frames, filter, limit) => {
        const store = new FrameStore({ limit })
        for (const f of frames) {
          const mac = `02:00:00:00:00:0${f.sender}`
          const mpdu = f.kind === 'beacon' ? beacon(mac, f.ssid, 6) : f.kind === 'probe' ? probeRequest(mac, f.ssid) : f.kind === 'data' ? dataFrame(mac, AP, AP) : enrolleeProbe()
          store.append(packet(withRadiotap(mpdu, { dbmSignal: f.signal, freqMHz: f.freq })))
        }
        const compiled = store.compile(filter)
        if (!compiled.ok) throw new Error(compiled.error.reason)
        const expected: number[] = []
        for (let i = store.firstIndex; i < store.nextIndex; i++) {
          const r = frameRow(store, i)!
          const ok =
            (filter.ssid === undefined || r.ssid === filter.ssid) &&
            (filter.ssidContains === undefined || (r.ssid ?? '\u0000').toLowerCase().includes(filter.ssidContains)) &&
            (filter.channels === undefined || (r.channel !== null && filter.channels.includes(r.channel))) &&
            (filter.signalMin === undefined || (r.signalDbm !== null && r.signalDbm >= filter.signalMin)) &&
            (filter.address === undefined || [r.ra, r.ta, r.sa, r.da, r.bssid].includes(filter.address)) &&
            (filter.provisioning === undefined || (r.claims.length > 0) === filter.provisioning) &&
            (filter.categories === undefined || (r.type !== null && (filter.categories as string[]).includes(['management', 'control', 'data'][r.type])))
          if (ok) expected.push(i)
        }
        expect(store.select(compiled.value, 0, 1000).indices).toEqual(expected)
      }),
      { numRuns: 150 },
    )
  })

  it('names the field of a bad filter', () => {
    const store = new FrameStore({ limit: 10 })
    const bad = store.compile({ address: 'nope' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.path).toBe('filter.address')
    const badExpr = store.compile({ expr: 'type=beacon chanel=6' })
    expect(badExpr.ok).toBe(false)
    if (!badExpr.ok) expect(badExpr.error).toMatchObject({ path: 'filter.expr', offset: 12 })
    const badClaim = store.compile({ claims: ['no-such-claim'] })
    expect(badClaim.ok).toBe(false)
  })
})

describe('frame store: hostile packets', () => {
  it('never throws on random bytes of any link type, and every row and detail can be built', async () => {
    const { frameDetail } = await import('../../../main/frames/frame-detail')
    const store = new FrameStore({ limit: 4 })
    fc.assert(
      fc.property(fc.constantFrom(127, 105, 1, 256, 0, 113), fc.uint8Array({ maxLength: 400 }), (linktype, bytes) => {
        store.clear()
        store.append(packet(bytes, { linktype, name: 'fuzz', ...(linktype === 105 ? { fcsLength: 4 } : {}) }))
        const row = frameRow(store, 0)!
        expect(row.length).toBe(bytes.length)
        const detail = frameDetail(store, 0)!
        expect(detail.hex.length).toBe(bytes.length * 2)
        // Every highlighted range lies inside the packet (the hex view cannot point past it).
        for (const node of walk(detail.tree)) if (node.offset !== undefined) expect(node.offset + (node.length ?? 0)).toBeLessThanOrEqual(bytes.length)
      }),
      { numRuns: 1500 },
    )
  })

  it('mutated valid frames (truncations, flipped bytes) are stored and described, never thrown on', async () => {
    const { frameDetail } = await import('../../../main/frames/frame-detail')
    const seeds = [withRadiotap(beacon(AP, 'LabNet', 6), { fcs: true }), withRadiotap(enrolleeProbe()), withRadiotap(dataFrame(PHONE, AP, AP))]
    const store = new FrameStore({ limit: 2 })
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), (seed, cut, flips) => {
        const bytes = seed.slice(0, cut % (seed.length + 1))
        for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value
        store.clear()
        store.append(packet(bytes))
        expect(frameRow(store, 0)!.length).toBe(bytes.length)
        const detail = frameDetail(store, 0)!
        expect(detail.hex.length).toBe(bytes.length * 2)
        for (const node of walk(detail.tree)) if (node.offset !== undefined) expect(node.offset + (node.length ?? 0)).toBeLessThanOrEqual(bytes.length)
      }),
      { numRuns: 1500 },
    )
  })
})

type Node = { offset?: number; length?: number; children?: Node[] }
function* walk(nodes: Node[]): Generator<Node> {
  for (const node of nodes) {
    yield node
    if (node.children) yield* walk(node.children)
  }
}
