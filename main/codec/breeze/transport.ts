// Breeze transport (§10.3): 4-byte header, fragmentation into frames of one ATT value each, reassembly.
//   byte0 = ver<<5 | enc<<4 | msgId     byte1 = cmd
//   byte2 = (totalFrames-1)<<4 | seq    byte3 = plaintext length of this frame's payload
import { fail, ok, type Result } from '../result'
import {
  AES_BLOCK,
  BREEZE_HEADER_LENGTH,
  BREEZE_MAX_FRAMES,
  BREEZE_MAX_MESSAGE,
  BREEZE_TRANSPORT_VERSION,
  DEFAULT_ATT_MTU,
  breezeCommandName,
} from './constants'
import { decryptFrame, encryptFrame } from './crypto'

export interface BreezeFrame {
  version: number
  encrypted: boolean
  msgId: number
  cmd: number
  totalFrames: number
  /** 0-based. */
  seq: number
  /** Byte 3: how many payload bytes count (plaintext bytes when encrypted). */
  length: number
  /** Everything after the header: ciphertext (whole blocks) when encrypted. A view into the input. */
  payload: Uint8Array
}

/** Largest frame (header + payload) one Write or Indication carries at an ATT_MTU. */
export const maxFrameSize = (attMtu: number = DEFAULT_ATT_MTU): number => attMtu - 3

export function parseFrame(buf: Uint8Array): Result<BreezeFrame> {
  if (buf.length < BREEZE_HEADER_LENGTH)
    return fail(`Breeze frame of ${buf.length} bytes is shorter than its 4-byte header`, 0)
  const frame: BreezeFrame = {
    version: buf[0] >> 5,
    encrypted: (buf[0] & 0x10) !== 0,
    msgId: buf[0] & 0x0f,
    cmd: buf[1],
    totalFrames: (buf[2] >> 4) + 1,
    seq: buf[2] & 0x0f,
    length: buf[3],
    payload: buf.subarray(BREEZE_HEADER_LENGTH),
  }
  if (frame.seq >= frame.totalFrames)
    return fail(`frame sequence ${frame.seq} but the header says ${frame.totalFrames} frame(s)`, 2)
  const n = frame.payload.length
  if (frame.encrypted) {
    if (n % AES_BLOCK !== 0) return fail(`encrypted payload of ${n} bytes is not whole 16-byte AES blocks`, 4)
    if (n < frame.length) return fail(`byte 3 says ${frame.length} bytes but only ${n} encrypted bytes follow`, 3)
  } else if (n !== frame.length) {
    return fail(`byte 3 says ${frame.length} bytes but ${n} follow the header`, 3)
  }
  return ok(frame)
}

export interface FrameHeaderInput {
  version?: number
  encrypted: boolean
  msgId: number
  cmd: number
  totalFrames: number
  seq: number
  length: number
}

export function buildFrame(h: FrameHeaderInput, payload: Uint8Array): Result<Uint8Array> {
  const version = h.version ?? BREEZE_TRANSPORT_VERSION
  const inRange = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max
  if (!inRange(version, 7)) return fail('transport version must be 0..7', 0)
  if (!inRange(h.msgId, 15)) return fail('message id must be 0..15', 0)
  if (!inRange(h.cmd, 255)) return fail('command must fit one byte', 1)
  if (!inRange(h.totalFrames - 1, 15)) return fail('a message has 1..16 frames', 2)
  if (!inRange(h.seq, h.totalFrames - 1)) return fail('frame sequence must be below the frame count', 2)
  if (!inRange(h.length, 255)) return fail('frame length must fit one byte', 3)
  const out = new Uint8Array(BREEZE_HEADER_LENGTH + payload.length)
  out[0] = (version << 5) | (h.encrypted ? 0x10 : 0) | h.msgId
  out[1] = h.cmd
  out[2] = ((h.totalFrames - 1) << 4) | h.seq
  out[3] = h.length
  out.set(payload, BREEZE_HEADER_LENGTH)
  return ok(out)
}

export interface EncodeOptions {
  cmd: number
  msgId: number
  payload: Uint8Array
  /** Session key: when given, every frame is encrypted and carries exactly one AES block. */
  key?: Uint8Array
  /** Largest frame the link carries (ATT_MTU - 3). Only plaintext frames grow with it. */
  maxFrame?: number
  version?: number
  /**
   * Device quirk before AUTH_REQ has arrived (g_dn_complete false in transport.c build_packet): the enc bit is
   * cleared and byte 3 counts the zero padding, although the payload is encrypted. Only device models set this.
   */
  preAuthHeaderQuirk?: boolean
}

/**
 * Split a message into frames. Encrypted frames hold one 16-byte block whatever the MTU (the device decrypts
 * into a 16-byte buffer) and byte 3 is that block's plaintext length; plaintext frames fill the frame size.
 */
export function encodeMessage(o: EncodeOptions): Result<Uint8Array[]> {
  const maxFrame = o.maxFrame ?? maxFrameSize()
  if (o.payload.length > BREEZE_MAX_MESSAGE)
    return fail(`message of ${o.payload.length} bytes exceeds Breeze's ${BREEZE_MAX_MESSAGE}-byte maximum`, 0)
  if (!Number.isInteger(maxFrame) || maxFrame < BREEZE_HEADER_LENGTH + 1)
    return fail(`frame size ${maxFrame} leaves no room for payload`, 0)
  if (o.key && maxFrame < BREEZE_HEADER_LENGTH + AES_BLOCK)
    return fail(`frame size ${maxFrame} cannot carry a 4-byte header and a 16-byte AES block`, 0)
  const chunk = o.key ? AES_BLOCK : Math.min(255, maxFrame - BREEZE_HEADER_LENGTH)
  const total = Math.max(1, Math.ceil(o.payload.length / chunk))
  if (total > BREEZE_MAX_FRAMES)
    return fail(`message needs ${total} frames of ${chunk} bytes; Breeze allows ${BREEZE_MAX_FRAMES}`, 0)
  const frames: Uint8Array[] = []
  for (let seq = 0; seq < total; seq++) {
    const plain = o.payload.subarray(seq * chunk, (seq + 1) * chunk)
    let body = plain
    if (o.key && plain.length > 0) {
      const e = encryptFrame(o.key, plain)
      if (!e.ok) return e
      body = e.value
    }
    const quirk = o.preAuthHeaderQuirk === true
    const f = buildFrame(
      {
        version: o.version,
        encrypted: !!o.key && !quirk,
        msgId: o.msgId,
        cmd: o.cmd,
        totalFrames: total,
        seq,
        length: quirk ? body.length : plain.length,
      },
      body,
    )
    if (!f.ok) return f
    frames.push(f.value)
  }
  return ok(frames)
}

export interface BreezeMessage {
  version: number
  cmd: number
  msgId: number
  /** True when every frame carried the enc bit. */
  encrypted: boolean
  frameCount: number
  /** Plaintext, byte-3 lengths concatenated. */
  payload: Uint8Array
}

export interface DecryptOptions {
  key?: Uint8Array
  /** Decrypt even when the enc bit is 0 (AUTH_KEY arrives like that, see decodeAuthKey). */
  force?: boolean
}

export interface Reassembler {
  /** A complete message, null while frames are missing, or an error (the partial message is dropped). */
  push(frame: BreezeFrame, decrypt?: DecryptOptions): Result<BreezeMessage | null>
  /** Frames still expected, or 0 when idle. */
  missing(): number
  reset(): void
}

/**
 * The device's reassembly rules (transport.c transport_rx): frames of one message arrive in order with the same
 * msg id, command and frame count; anything else drops the partial message. Out-of-order, duplicate and gap
 * each get their own reason so a sniffer can tell them apart.
 */
export function createReassembler(maxMessage: number = BREEZE_MAX_MESSAGE): Reassembler {
  let current: { first: BreezeFrame; lastSeq: number; parts: Uint8Array[]; bytes: number; allEnc: boolean } | null =
    null

  const describe = (f: BreezeFrame): string =>
    `${breezeCommandName(f.cmd)} msg ${f.msgId} frame ${f.seq + 1}/${f.totalFrames}`

  function open(frame: BreezeFrame, d: DecryptOptions): Result<Uint8Array> {
    if (!frame.encrypted && !d.force) return ok(frame.payload.subarray(0, frame.length))
    if (!d.key) return fail(`${describe(frame)} is encrypted but there is no session key yet`, 0)
    if (frame.payload.length % AES_BLOCK !== 0)
      return fail(`${describe(frame)}: ${frame.payload.length} bytes cannot be AES blocks`, 4)
    if (frame.payload.length === 0) return ok(new Uint8Array(0))
    const p = decryptFrame(d.key, frame.payload)
    if (!p.ok) return p
    return ok(p.value.subarray(0, frame.length))
  }

  function push(frame: BreezeFrame, d: DecryptOptions = {}): Result<BreezeMessage | null> {
    if (current === null) {
      if (frame.seq !== 0)
        return fail(`${describe(frame)} arrived without frame 1 (lost or out of order)`, 2)
      current = { first: frame, lastSeq: -1, parts: [], bytes: 0, allEnc: true }
    } else {
      const c = current.first
      const expected = current.lastSeq + 1
      let reason: string | undefined
      if (frame.msgId !== c.msgId || frame.cmd !== c.cmd)
        reason = `${describe(frame)} interleaved with unfinished ${breezeCommandName(c.cmd)} msg ${c.msgId} (frames ${expected + 1}..${c.totalFrames} missing)`
      else if (frame.totalFrames !== c.totalFrames)
        reason = `wrong frame count: message began with ${c.totalFrames} frames, frame ${frame.seq + 1} says ${frame.totalFrames}`
      else if (frame.seq === current.lastSeq) reason = `duplicate frame ${frame.seq + 1} of ${describe(c)}`
      else if (frame.seq < current.lastSeq) reason = `frame ${frame.seq + 1} out of order after frame ${current.lastSeq + 1}`
      else if (frame.seq > expected)
        reason = `gap: frame(s) ${expected + 1}..${frame.seq} of ${c.totalFrames} missing before frame ${frame.seq + 1}`
      if (reason) {
        current = null
        return fail(reason, 2)
      }
    }
    const body = open(frame, d)
    if (!body.ok) {
      current = null
      return body
    }
    const cur = current
    cur.bytes += body.value.length
    if (cur.bytes > maxMessage) {
      current = null
      return fail(`message grows past ${maxMessage} bytes`, 3)
    }
    cur.parts.push(body.value)
    cur.allEnc &&= frame.encrypted
    cur.lastSeq = frame.seq
    if (frame.seq < frame.totalFrames - 1) return ok(null)
    const payload = new Uint8Array(cur.bytes)
    let at = 0
    for (const p of cur.parts) {
      payload.set(p, at)
      at += p.length
    }
    current = null
    return ok({
      version: cur.first.version,
      cmd: cur.first.cmd,
      msgId: cur.first.msgId,
      encrypted: cur.allEnc,
      frameCount: cur.first.totalFrames,
      payload,
    })
  }

  return {
    push,
    missing: () => (current ? current.first.totalFrames - current.lastSeq - 1 : 0),
    reset: () => {
      current = null
    },
  }
}

/** Parse and reassemble the frames of exactly one message. */
export function decodeMessage(frames: Uint8Array[], decrypt: DecryptOptions = {}): Result<BreezeMessage> {
  const r = createReassembler()
  for (const [i, raw] of frames.entries()) {
    const f = parseFrame(raw)
    if (!f.ok) return fail(`frame ${i + 1}: ${f.error.reason}`, f.error.offset)
    const m = r.push(f.value, decrypt)
    if (!m.ok) return m
    if (m.value) {
      if (i !== frames.length - 1) return fail(`${frames.length - i - 1} frame(s) follow a complete message`, 0)
      return ok(m.value)
    }
  }
  return fail(`message incomplete: ${r.missing()} frame(s) missing`, 0)
}

/** ERR: header only, msg id 0, never encrypted (`00 0f 00 00`). */
export const ERR_FRAME = Uint8Array.of(0x00, 0x0f, 0x00, 0x00)
