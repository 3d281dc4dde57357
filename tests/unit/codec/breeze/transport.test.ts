import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import {
  BREEZE_MAX_MESSAGE,
  BreezeCmd,
  buildFrame,
  createReassembler,
  decodeMessage,
  decryptFrame,
  deriveSessionKey,
  encodeMessage,
  encryptFrame,
  ERR_FRAME,
  maxFrameSize,
  parseFrame,
  type BreezeFrame,
} from '../../../../main/codec/breeze'
import { checkResult, fuzzParser } from '../ble/fuzz'

const hex = (s: string): Uint8Array => fromHex(s)!
const KEY = hex('774ddebe308056b49fcf4a15bd56b3ed')
const parsed = (b: Uint8Array): BreezeFrame => {
  const f = parseFrame(b)
  if (!f.ok) throw new Error(f.error.reason)
  return f.value
}
const frames = (r: ReturnType<typeof encodeMessage>): Uint8Array[] => {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

describe('frame header', () => {
  it('reads every header field', () => {
    // §10.4 EXT_DOWN frame 2: enc, msg id 5, cmd 0x0d, 2 frames, seq 1, 12 plaintext bytes in one block
    expect(parseFrame(hex('150d110cb41d894fd0256b77797c84414b7b4a14'))).toMatchObject({
      ok: true,
      value: { version: 0, encrypted: true, msgId: 5, cmd: 0x0d, totalFrames: 2, seq: 1, length: 12 },
    })
    expect(parseFrame(hex('a3021100'))).toMatchObject({
      ok: true,
      value: { version: 5, encrypted: false, msgId: 3, cmd: 2, totalFrames: 2, seq: 1, length: 0 },
    })
  })

  it('names each way a header can lie', () => {
    expect(parseFrame(hex('0011'))).toEqual({
      ok: false,
      error: { reason: 'Breeze frame of 2 bytes is shorter than its 4-byte header', offset: 0 },
    })
    expect(parseFrame(hex('00110205'))).toMatchObject({ ok: false, error: { offset: 2 } })
    expect(parseFrame(hex('0011000501'))).toEqual({
      ok: false,
      error: { reason: 'byte 3 says 5 bytes but 1 follow the header', offset: 3 },
    })
    expect(parseFrame(hex('10110001' + '00'.repeat(15)))).toMatchObject({ ok: false, error: { offset: 4 } })
    expect(parseFrame(hex('10110011' + '00'.repeat(16)))).toMatchObject({ ok: false, error: { offset: 3 } })
  })

  it('round-trips any valid header', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 1, max: 16 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 40 }),
        (version, msgId, cmd, totalFrames, s, payload) => {
          const seq = s % totalFrames
          const b = buildFrame({ version, encrypted: false, msgId, cmd, totalFrames, seq, length: payload.length }, payload)
          if (!b.ok) throw new Error(b.error.reason)
          expect(parseFrame(b.value)).toEqual({
            ok: true,
            value: { version, encrypted: false, msgId, cmd, totalFrames, seq, length: payload.length, payload },
          })
        },
      ),
    )
  })

  it('ERR is 00 0f 00 00', () => {
    expect(parseFrame(ERR_FRAME)).toMatchObject({ ok: true, value: { cmd: BreezeCmd.ERR, msgId: 0, encrypted: false } })
  })

  it('never throws', () => fuzzParser(parseFrame, [hex('150d110cb41d894fd0256b77797c84414b7b4a14'), ERR_FRAME]))
})

describe('fragmentation', () => {
  it('fills plaintext frames up to MTU - 3 and reassembles across MTUs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(23, 27, 50, 100, 185, 247, 517),
        fc.uint8Array({ maxLength: BREEZE_MAX_MESSAGE }),
        fc.integer({ min: 0, max: 15 }),
        (mtu, payload, msgId) => {
          const maxFrame = maxFrameSize(mtu)
          const r = encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId, payload, maxFrame })
          const chunk = Math.min(255, maxFrame - 4)
          const expected = Math.max(1, Math.ceil(payload.length / chunk))
          if (expected > 16) {
            expect(r.ok).toBe(false)
            return
          }
          const fs = frames(r)
          expect(fs.length).toBe(expected)
          for (const f of fs) expect(f.length).toBeLessThanOrEqual(maxFrame)
          for (const f of fs.slice(0, -1)) expect(f.length).toBe(4 + chunk)
          const m = decodeMessage(fs)
          expect(m.ok && m.value).toEqual({ version: 0, cmd: 0x0d, msgId, encrypted: false, frameCount: expected, payload })
        },
      ),
    )
  })

  it('puts exactly one AES block in each encrypted frame whatever the MTU, byte 3 = plaintext length', () => {
    fc.assert(
      fc.property(fc.constantFrom(23, 185, 247), fc.uint8Array({ minLength: 1, maxLength: BREEZE_MAX_MESSAGE }), (mtu, payload) => {
        const fs = frames(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 1, payload, key: KEY, maxFrame: maxFrameSize(mtu) }))
        expect(fs.length).toBe(Math.ceil(payload.length / 16))
        fs.forEach((f, i) => {
          expect(f.length).toBe(20)
          expect(f[0] & 0x10).toBe(0x10)
          expect(f[3]).toBe(Math.min(16, payload.length - i * 16))
        })
        expect(decodeMessage(fs, { key: KEY })).toMatchObject({ ok: true, value: { encrypted: true, payload } })
      }),
      { numRuns: 60 },
    )
  })

  it('restarts the IV in every frame', () => {
    const block = new Uint8Array(16).fill(0x41)
    const fs = frames(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 1, payload: new Uint8Array(32).fill(0x41), key: KEY }))
    const single = encryptFrame(KEY, block)
    expect(single.ok && toHex(single.value)).toBe(toHex(fs[0].subarray(4)))
    expect(toHex(fs[1].subarray(4))).toBe(toHex(fs[0].subarray(4)))
  })

  it('caps a message at 256 bytes and 16 frames', () => {
    expect(frames(encodeMessage({ cmd: 0x0d, msgId: 0, payload: new Uint8Array(256) })).length).toBe(16)
    expect(frames(encodeMessage({ cmd: 0x0d, msgId: 0, payload: new Uint8Array(256), key: KEY })).length).toBe(16)
    expect(encodeMessage({ cmd: 0x0d, msgId: 0, payload: new Uint8Array(257) })).toMatchObject({
      ok: false,
      error: { reason: "message of 257 bytes exceeds Breeze's 256-byte maximum" },
    })
    expect(encodeMessage({ cmd: 0x0d, msgId: 0, payload: new Uint8Array(20), key: KEY, maxFrame: 19 }).ok).toBe(false)
  })

  it('sends an empty message as one header-only frame', () => {
    expect(frames(encodeMessage({ cmd: BreezeCmd.ERR, msgId: 0, payload: new Uint8Array(0) }))).toEqual([ERR_FRAME])
  })

  it('pre-AUTH_REQ quirk: enc bit cleared and byte 3 counting the padding', () => {
    const fs = frames(
      encodeMessage({
        cmd: BreezeCmd.AUTH_KEY,
        msgId: 0,
        payload: new TextEncoder().encode('device-name-of-20-ch'),
        key: KEY,
        preAuthHeaderQuirk: true,
      }),
    )
    expect(fs.map((f) => toHex(f.subarray(0, 4)))).toEqual(['00151010', '00151110'])
  })
})

describe('reassembly', () => {
  const three = frames(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 7, payload: new Uint8Array(40).fill(1) }))
  const push = (list: Uint8Array[]): ReturnType<ReturnType<typeof createReassembler>['push']>[] => {
    const r = createReassembler()
    return list.map((f) => r.push(parsed(f)))
  }
  const reasonOfLast = (list: Uint8Array[]): string => {
    const out = push(list)
    const last = out[out.length - 1]
    return last.ok ? 'ok' : last.error.reason
  }

  it('completes in order', () => {
    const out = push(three)
    expect(out.slice(0, 2)).toEqual([{ ok: true, value: null }, { ok: true, value: null }])
    expect(out[2]).toMatchObject({ ok: true, value: { frameCount: 3, msgId: 7 } })
  })

  it('names out-of-order, duplicate, gap, wrong count, interleaving and a missing first frame', () => {
    expect(reasonOfLast([three[0], three[1], three[0]])).toBe('frame 1 out of order after frame 2')
    expect(reasonOfLast([three[0], three[0]])).toBe('duplicate frame 1 of EXT_DOWN msg 7 frame 1/3')
    expect(reasonOfLast([three[0], three[2]])).toBe('gap: frame(s) 2..2 of 3 missing before frame 3')
    expect(reasonOfLast([three[1]])).toBe('EXT_DOWN msg 7 frame 2/3 arrived without frame 1 (lost or out of order)')
    const twoFrameCount = Uint8Array.from(three[1])
    twoFrameCount[2] = 0x11
    expect(reasonOfLast([three[0], twoFrameCount])).toBe('wrong frame count: message began with 3 frames, frame 2 says 2')
    const other = frames(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 8, payload: new Uint8Array(2) }))
    expect(reasonOfLast([three[0], other[0]])).toBe(
      'EXT_DOWN msg 8 frame 1/1 interleaved with unfinished EXT_DOWN msg 7 (frames 2..3 missing)',
    )
  })

  it('starts afresh after an error', () => {
    const out = push([three[0], three[2], ...three])
    expect(out[1].ok).toBe(false)
    expect(out[4]).toMatchObject({ ok: true, value: { frameCount: 3 } })
  })

  it('wants a key for encrypted frames and says so', () => {
    const enc = frames(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 1, payload: new Uint8Array(3), key: KEY }))
    expect(createReassembler().push(parsed(enc[0]))).toEqual({
      ok: false,
      error: { reason: 'EXT_DOWN msg 1 frame 1/1 is encrypted but there is no session key yet', offset: 0 },
    })
  })

  it('decrypts a wrong-key payload to garbage, not to an exception', () => {
    const enc = frames(encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 1, payload: new Uint8Array(16).fill(9), key: KEY }))
    const other = deriveSessionKey('not-the-secret', new Uint8Array(16))
    const m = decodeMessage(enc, { key: other })
    expect(m.ok && m.value.payload).not.toEqual(new Uint8Array(16).fill(9))
  })

  it('reports incomplete and over-complete frame lists', () => {
    expect(decodeMessage(three.slice(0, 2))).toEqual({
      ok: false,
      error: { reason: 'message incomplete: 1 frame(s) missing', offset: 0 },
    })
    expect(decodeMessage([ERR_FRAME, ERR_FRAME]).ok).toBe(false)
  })

  it('survives any frame sequence without throwing', () => {
    const valid = [...three, ...frames(encodeMessage({ cmd: 0x12, msgId: 1, payload: new Uint8Array(9), key: KEY }))]
    const frameArb = fc.oneof(
      fc.constantFrom(...valid),
      fc.uint8Array({ maxLength: 40 }),
      fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([v, at, b]) => {
        const m = Uint8Array.from(v)
        m[at % m.length] = b
        return m
      }),
    )
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 30 }), fc.boolean(), (list, withKey) => {
        const r = createReassembler()
        for (const raw of list) {
          const f = parseFrame(raw)
          checkResult(f, raw)
          if (!f.ok) continue
          const m = r.push(f.value, { key: withKey ? KEY : undefined, force: raw[1] === 0x15 })
          expect(typeof m.ok).toBe('boolean')
          if (m.ok && m.value) expect(m.value.payload.length).toBeLessThanOrEqual(BREEZE_MAX_MESSAGE)
        }
      }),
    )
  })
})

describe('frame crypto', () => {
  it('zero-pads, round-trips, and refuses bad sizes', () => {
    const e = encryptFrame(KEY, new TextEncoder().encode('Hi,Server'))
    expect(e.ok && toHex(e.value)).toBe('9f50ccbc8dd0a11da16e63c641a7aca2')
    const d = e.ok ? decryptFrame(KEY, e.value) : e
    expect(d.ok && toHex(d.value)).toBe('48692c53657276657200000000000000')
    expect(decryptFrame(KEY, new Uint8Array(15)).ok).toBe(false)
    expect(encryptFrame(new Uint8Array(15), new Uint8Array(1)).ok).toBe(false)
  })
})
