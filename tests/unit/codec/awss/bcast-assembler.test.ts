import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { type BcastSsidMode, encodeBcast } from '../../../../main/codec/awss/bcast'
import { BcastAssembler, type BcastDirection, type BcastEvent } from '../../../../main/codec/awss/bcast-assembler'
import { checksumV3 } from '../../../../main/codec/awss/checksum'
import { PRODUCT_SECRET, hex, text, unwrap } from './helpers'

const encode = (ssid: string | Uint8Array, password: string, ssidMode: BcastSsidMode = 'ascii') =>
  unwrap(encodeBcast({ ssid, password, productSecret: PRODUCT_SECRET, ssidMode }))

interface Sender {
  sn: number
  time: number
}

/** Sends `lengths` as consecutive frames (sequence +1, 5 ms apart unless told), skipping those `drop` picks. */
function send(
  assembler: BcastAssembler,
  lengths: number[],
  sender: Sender,
  options: { drop?: (i: number) => boolean; direction?: BcastDirection; source?: string; gapMs?: number } = {},
): BcastEvent[] {
  const events: BcastEvent[] = []
  lengths.forEach((length, i) => {
    sender.sn = (sender.sn + 1) & 0xfff
    sender.time += options.gapMs ?? 5
    if (options.drop?.(i)) return
    events.push(assembler.push({ length, sequence: sender.sn, timeMs: sender.time, direction: options.direction, source: options.source }))
  })
  return events
}

describe('bcast assembler: locking', () => {
  const { lengths, values } = encode('MyWiFi', '12345678')

  it('ignores everything until a start or group 1-7 marker, then locks', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 10, time: 0 }
    const before = send(assembler, [279, 389, 0x3e8, 0x3f0, 700], sender)
    expect(before.every((e) => e.kind === 'ignored')).toBe(true)
    const [locked] = send(assembler, [0x3e2], sender)
    expect(locked).toEqual({ kind: 'locked', direction: 'to-ds', group: 2 })
  })

  it('completes when it starts listening in the middle of a cycle', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 4000, time: 0 }
    send(assembler, lengths.slice(12), sender)
    send(assembler, lengths, sender)
    expect(text(assembler.result?.decoded.password)).toBe('12345678')
  })

  it('treats frames from another phone as interference', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 0, time: 0 }
    send(assembler, [0x4e0], sender, { source: 'phone-a' })
    const other = send(assembler, [0x4e0, ...encode('Evil', 'nope-nope').lengths], sender, { source: 'phone-b' })
    expect(other.every((e) => e.kind === 'dropped')).toBe(true)
    send(assembler, [...lengths, ...lengths], sender, { source: 'phone-a' })
    expect(text(assembler.result?.ssid?.bytes)).toBe('MyWiFi')
  })

  it('decodes the FromDS copy in its own slot', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    send(assembler, lengths, { sn: 0, time: 0 }, { direction: 'from-ds' })
    expect(assembler.result?.direction).toBe('from-ds')
    expect(assembler.snapshot()['to-ds'].locked).toBe(false)
  })
})

describe('bcast assembler: round trips', () => {
  it.each<[string, string | Uint8Array, string, BcastSsidMode]>([
    ['ASCII', 'Office-2.4G', 'correct horse', 'ascii'],
    ['UTF-8 Chinese, packed', new TextEncoder().encode('我的网络'), '12345678', 'packed'],
    ['GBK Chinese, packed', new Uint8Array(iconv.encode('我的网络', 'gbk')), '12345678', 'packed'],
    ['empty password', 'OpenNet', '', 'ascii'],
    ['32-byte SSID and 64-byte password', 'S'.repeat(32), 'p'.repeat(64), 'ascii'],
    ['packed 32-byte SSID and 58-byte password (N = 127)', new Uint8Array(iconv.encode('中'.repeat(16), 'gbk')), 'x'.repeat(58), 'packed'],
  ])('%s', (_name, ssid, password, mode) => {
    const { lengths } = encode(ssid, password, mode)
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    send(assembler, lengths, { sn: 7, time: 0 })
    const expected = typeof ssid === 'string' ? new TextEncoder().encode(ssid) : ssid
    expect(hex(assembler.result?.ssid?.bytes ?? new Uint8Array())).toBe(hex(expected))
    expect(text(assembler.result?.decoded.password)).toBe(password)
  })
})

describe('bcast assembler: sequence numbers and timing', () => {
  const { lengths } = encode('MyWiFi', '12345678')

  it('drops a retransmission with the same sequence number and ignores older ones', () => {
    const assembler = new BcastAssembler()
    assembler.push({ length: 0x4e0, sequence: 50, timeMs: 0 })
    expect(assembler.push({ length: 279, sequence: 51, timeMs: 5 }).kind).toBe('data')
    expect(assembler.push({ length: 279, sequence: 51, timeMs: 6 })).toMatchObject({ kind: 'dropped', reason: expect.stringMatching(/retransmission/) })
    expect(assembler.push({ length: 389, sequence: 40, timeMs: 7 })).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/backwards/) })
  })

  it('wraps the 12-bit sequence number', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    send(assembler, [...lengths, ...lengths], { sn: 4090, time: 0 })
    expect(text(assembler.result?.decoded.password)).toBe('12345678')
  })

  it('enters resync after a gap of more than 300 ms, not at exactly 300 ms', () => {
    const a = new BcastAssembler()
    a.push({ length: 0x4e0, sequence: 1, timeMs: 1000 })
    expect(a.push({ length: 279, sequence: 2, timeMs: 1300 }).kind).toBe('data')
    const b = new BcastAssembler()
    b.push({ length: 0x4e0, sequence: 1, timeMs: 1000 })
    expect(b.push({ length: 279, sequence: 2, timeMs: 1301 })).toMatchObject({ kind: 'unsynced', reason: 'gap over 300 ms' })
  })

  it('recovers from a single long pause in the middle of a cycle', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 0, time: 0 }
    send(assembler, lengths.slice(0, 13), sender)
    sender.time += 2000
    const resumed = send(assembler, lengths.slice(13), sender)
    expect(resumed[0]).toMatchObject({ kind: 'unsynced', reason: 'gap over 300 ms' })
    for (let i = 0; i < 4 && !assembler.result; i++) send(assembler, lengths, sender)
    expect(text(assembler.result?.decoded.password)).toBe('12345678')
  })

  it('cannot decode a phone that sends slower than one frame per 300 ms', () => {
    const slow = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const events = send(slow, [...lengths, ...lengths, ...lengths, ...lengths], { sn: 0, time: 0 }, { gapMs: 301 })
    expect(slow.result).toBeUndefined()
    expect(events.filter((e) => e.kind === 'unsynced').length).toBeGreaterThan(lengths.length)
    const paced = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    send(paced, lengths, { sn: 0, time: 0 }, { gapMs: 300 })
    expect(text(paced.result?.decoded.password)).toBe('12345678')
  })
})

describe('bcast assembler: loss, corruption and wrong secrets', () => {
  const { lengths, values } = encode('MyWiFi', '12345678')

  it('recovers every position over several cycles with a quarter of the frames lost', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 0, time: 0 }
    let cycles = 0
    while (!assembler.result && cycles < 10) {
      const shift = cycles
      send(assembler, lengths, sender, { drop: (i) => (i + shift) % 4 === 0 })
      cycles++
    }
    expect(text(assembler.result?.decoded.password)).toBe('12345678')
    expect(cycles).toBeLessThanOrEqual(6)
    const received = new Set(assembler.result?.cycles.flatMap((c) => c.positions))
    expect(received.size).toBe(values.length)
  })

  it('records which positions each cycle delivered', () => {
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 0, time: 0 }
    // Lose the frame carrying position 2 in the first cycle (index 2 in the length list).
    send(assembler, lengths, sender, { drop: (i) => i === 2 })
    send(assembler, lengths, sender)
    const [first, second] = assembler.result?.cycles ?? []
    expect(first.positions).not.toContain(2)
    expect(first.positions).toContain(3)
    expect(second.positions).toContain(2)
  })

  it('never reports wrong credentials under random loss and reordering noise', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: lengths.length * 6, maxLength: lengths.length * 6 }), fc.integer({ min: 0, max: 4095 }), (lost, sn) => {
        const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
        const sender = { sn, time: 0 }
        for (let cycle = 0; cycle < 6; cycle++) send(assembler, lengths, sender, { drop: (i) => lost[cycle * lengths.length + i] })
        if (assembler.result) {
          expect(text(assembler.result.decoded.password)).toBe('12345678')
          expect(text(assembler.result.ssid?.bytes)).toBe('MyWiFi')
        }
      }),
      { numRuns: 150 },
    )
  })

  it('reports a checksum error for a corrupted cycle, then completes from clean ones', () => {
    const corrupted = [...lengths]
    corrupted[12] ^= 0x01 // a password symbol in group 1
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const sender = { sn: 0, time: 0 }
    const events = send(assembler, corrupted, sender)
    expect(events.some((e) => e.kind === 'checksum-error' && e.received === 0x0b0f)).toBe(true)
    expect(assembler.result).toBeUndefined()
    for (let i = 0; i < 6 && !assembler.result; i++) send(assembler, lengths, sender)
    expect(text(assembler.result?.decoded.password)).toBe('12345678')
  })

  it('refuses unsupported password encryption without completing', () => {
    const forged = [...values]
    forged[1] = 0x01 // SSID present, encryption type 0
    const crc = checksumV3(forged.slice(0, -2))
    forged[forged.length - 2] = crc >> 8
    forged[forged.length - 1] = crc & 0xff
    const forgedLengths = lengths.map((length, i) => length) // same markers, values replaced below
    let p = 0
    for (let i = 0; i < forgedLengths.length; i++) {
      if (i % 9 === 0) continue
      forgedLengths[i] = (forgedLengths[i] & ~0x7f) | forged[p++]
    }
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    const events = send(assembler, forgedLengths, { sn: 0, time: 0 })
    expect(events.some((e) => e.kind === 'rejected' && /encryption type 0/.test(e.reason))).toBe(true)
    expect(assembler.result).toBeUndefined()
  })

  it('resets everything when the password does not decrypt to UTF-8 (wrong product secret)', () => {
    const assembler = new BcastAssembler({ productSecret: 'not-the-product-secret' })
    const sender = { sn: 0, time: 0 }
    const events = send(assembler, lengths, sender)
    expect(events.at(-1)?.kind).toBe('password-error')
    expect(assembler.snapshot()['to-ds'].locked).toBe(false)
    expect(assembler.push({ length: 279, sequence: 999, timeMs: 99_999 }).kind).toBe('ignored')
  })

  it('stops at the checksum without a product secret, as a sniffer', () => {
    const assembler = new BcastAssembler()
    send(assembler, lengths, { sn: 0, time: 0 })
    expect(hex(assembler.result?.decoded.ciphertext ?? new Uint8Array())).toBe('efcb7d880809148f')
    expect(assembler.result?.decoded.password).toBeUndefined()
  })
})

describe('bcast assembler: SSID from the AP list', () => {
  it('auto-completes SSID positions it never received when the AP list knows the SSID', () => {
    const { lengths } = encode('Office-Net', 'secret-password')
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET, apSsid: () => new TextEncoder().encode('Office-Net') })
    const sender = { sn: 0, time: 0 }
    // Positions 5..14 carry the SSID: group 0 frames 5..8 and group 1 frames 1..6 are always lost.
    const ssidFrames = new Set([5, 6, 7, 8, 10, 11, 12, 13, 14, 15])
    for (let i = 0; i < 4 && !assembler.result; i++) send(assembler, lengths, sender, { drop: (k) => ssidFrames.has(k) })
    expect(text(assembler.result?.ssid?.bytes)).toBe('Office-Net')
    expect(text(assembler.result?.decoded.password)).toBe('secret-password')
  })

  it('joins the AP list SSID when the phone sent the other encoding (UTF-8 vs GBK)', () => {
    const utf8Ssid = new TextEncoder().encode('我的网络')
    const gbkSsid = new Uint8Array(iconv.encode('我的网络', 'gbk'))
    const { lengths } = encode(utf8Ssid, '12345678', 'packed')
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET, apSsid: () => gbkSsid })
    const sender = { sn: 0, time: 0 }
    for (let i = 0; i < 3 && !assembler.result; i++) send(assembler, lengths, sender)
    expect(hex(assembler.result?.ssid?.bytes ?? new Uint8Array())).toBe(hex(gbkSsid))
    expect(assembler.result?.ssid?.source).toBe('ap-list')
    expect(hex(assembler.result?.decoded.ssid?.bytes ?? new Uint8Array())).toBe(hex(utf8Ssid))
  })

  it('takes an omitted SSID from the AP list, or reports none', () => {
    const { lengths } = encode('unused', '12345678', 'omit')
    const withList = new BcastAssembler({ productSecret: PRODUCT_SECRET, apSsid: () => new TextEncoder().encode('HomeAP') })
    send(withList, lengths, { sn: 0, time: 0 })
    expect(withList.result?.ssid).toMatchObject({ display: 'HomeAP', source: 'ap-list' })
    const without = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    send(without, lengths, { sn: 0, time: 0 })
    expect(without.result?.ssid).toBeUndefined()
    expect(text(without.result?.decoded.password)).toBe('12345678')
  })
})

describe('bcast assembler: hostile input', () => {
  it('never throws and stays bounded on random frames', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            length: fc.oneof(fc.integer({ min: -10, max: 70_000 }), fc.constantFrom(0x4e0, 0x3e1, 0x3e7, 0x3f0, 0x3f1), fc.integer({ min: 0x100, max: 0x4ff })),
            sequence: fc.oneof(fc.integer({ min: 0, max: 0xfff }), fc.integer()),
            timeMs: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double()),
            direction: fc.constantFrom<BcastDirection | undefined>('to-ds', 'from-ds', undefined),
            source: fc.constantFrom('a', 'b'),
          }),
          { maxLength: 400 },
        ),
        fc.option(fc.string({ maxLength: 16 }), { nil: undefined }),
        (frames, secret) => {
          const assembler = new BcastAssembler({ productSecret: secret, apSsid: () => new TextEncoder().encode('AP') })
          for (const frame of frames) {
            const event = assembler.push(frame)
            expect(typeof event.kind).toBe('string')
          }
          expect(assembler.receivedCycles.length).toBeLessThanOrEqual(64)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('never reports credentials other than the sent ones when valid cycles are mixed with noise', () => {
    const { lengths } = encode('MyWiFi', '12345678')
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(lengths.length * 4), fc.integer({ min: 0x100, max: 0x4ff })), { maxLength: 30 }), (noise) => {
        const stream = [...lengths, ...lengths, ...lengths, ...lengths]
        for (const [at, length] of noise) stream.splice(at, 0, length)
        const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
        send(assembler, stream, { sn: 0, time: 0 })
        if (assembler.result) expect(text(assembler.result.decoded.password)).toBe('12345678')
      }),
      { numRuns: 200 },
    )
  })
})
