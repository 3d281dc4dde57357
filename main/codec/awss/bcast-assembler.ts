import { packBits } from './bitpack'
import {
  BCAST_FLAG_SSID_PACKED,
  BCAST_FLAG_SSID_PRESENT,
  BCAST_GROUP_SIZE,
  BCAST_START_FRAME,
  type BcastDecoded,
  classifyBcastLength,
  decodeBcastValues,
} from './bcast'
import { bytesEqual, cString } from './bytes'
import { type SsidText, describeSsid } from './ssid-text'

// The device side of bcast smartconfig, as awss_smartconfig.c runs it: a ToDS and a FromDS slot, each with
// its own group/position tracking and per-position scores, a shared source lock, the 300 ms gap rule,
// position resync (try_to_sync_pos), SSID auto-complete from the AP list, and the completion checks.
// Field widths (uint8 positions, signed char scores, 12-bit sequence numbers) follow the device so that
// the lab device fails where a real one fails.

export type BcastDirection = 'to-ds' | 'from-ds'

export interface BcastFrameInput {
  /** Offset-corrected length: the UDP payload length the phone sent. */
  length: number
  /** 802.11 sequence number (12 bits). */
  sequence: number
  timeMs: number
  /** Default 'to-ds' (phone to AP). */
  direction?: BcastDirection
  /** Source address (SA); frames from another source are interference once locked. */
  source?: string
  bssid?: string
}

export interface BcastAssemblerOptions {
  /** Without it the assembler stops at the checksum, as a sniffer would; with it, it decrypts as the device does. */
  productSecret?: string
  /** The SSID the device learnt from beacons of this BSSID (its AP list), if any. */
  apSsid?: (bssid: string) => Uint8Array | undefined
  /** How many per-cycle position records to keep (default 64). */
  maxCycles?: number
}

export interface BcastCycle {
  direction: BcastDirection
  startedAtMs: number
  /** Absolute positions (1-based) accepted during this cycle, ascending. */
  positions: number[]
}

export interface BcastAssembly {
  direction: BcastDirection
  decoded: BcastDecoded
  /** The SSID the device will join: from the frames, or replaced/filled from its AP list. */
  ssid?: { bytes: Uint8Array; source: 'frames' | 'ap-list' } & SsidText
  bssid: string
  cycles: BcastCycle[]
}

export type BcastEvent =
  | { kind: 'ignored'; reason: string }
  | { kind: 'locked'; direction: BcastDirection; group: number }
  | { kind: 'marker'; direction: BcastDirection; group: number }
  | { kind: 'data'; direction: BcastDirection; position: number; value: number; score: number }
  | { kind: 'unsynced'; direction: BcastDirection; index: number; reason: string }
  | { kind: 'dropped'; direction: BcastDirection; reason: string }
  | { kind: 'checksum-error'; direction: BcastDirection; received: number; computed: number }
  | { kind: 'rejected'; direction: BcastDirection; reason: string }
  | { kind: 'password-error'; direction: BcastDirection; reason: string }
  | { kind: 'complete'; direction: BcastDirection; result: BcastAssembly }

const MAX_POSITIONS = 128
const SCORE_MAX = 100
const SCORE_MID = 50
const SCORE_LOW = 1
const AUTO_COMPLETE_SCORE = SCORE_MAX + 1
const GAP_LIMIT_MS = 300
const HINT_LENGTHS = [BCAST_START_FRAME, 0x3e1, 0x3e2, 0x3e3, 0x3e4, 0x3e5, 0x3e6, 0x3e7]
/** get_data_score(): [largest combined gap, penalty]. */
const SCORE_LEVELS: ReadonlyArray<readonly [number, number]> = [
  [0, 0],
  [1, 2],
  [4, 8],
  [8, 16],
  [15, 30],
  [40, 40],
  [0xffff, SCORE_MAX],
]

const u8 = (x: number): number => x & 0xff
const u16 = (x: number): number => x & 0xffff
const s8 = (x: number): number => ((x & 0xff) ^ 0x80) - 0x80
const snMinus = (a: number, b: number): number => (a - b) & 0xfff
const snCompare = (a: number, b: number): number => {
  const res = snMinus(a, b)
  return res < 1000 ? res : -1
}

class Slot {
  locked = false
  groupPos = 0
  curPos = 0
  maxPos = 0
  lastIndex = 0
  replace = 0
  scoreUplimit = 0
  posUnsync = 0
  groupSn = 0
  prevSn = 0
  lastLen = 0
  timestamp = 0
  readonly pkgLen = new Uint16Array(MAX_POSITIONS)
  readonly pkgScore = new Int8Array(MAX_POSITIONS)
  readonly tmpLen = new Uint16Array(BCAST_GROUP_SIZE + 1)
  readonly tmpScore = new Int8Array(BCAST_GROUP_SIZE + 1)

  // The device reads one past the table in try_to_sync_pos; what lies there was never written (0).
  lenAt(i: number): number {
    return i >= 0 && i < MAX_POSITIONS ? this.pkgLen[i] : 0
  }
  scoreAt(i: number): number {
    return i >= 0 && i < MAX_POSITIONS ? this.pkgScore[i] : 0
  }
}

export class BcastAssembler {
  private slots: [Slot, Slot] = [new Slot(), new Slot()]
  private lockedSource: string | undefined
  private lockedBssid: string | undefined
  /** zc_ssid: the SSID known from the AP list at lock time, later the decoded one. */
  private knownSsid: Uint8Array = new Uint8Array(0)
  private autoCompleteDisabled = false
  private finished: BcastAssembly | undefined
  private cycles: BcastCycle[] = []
  private currentCycle: [BcastCycle | undefined, BcastCycle | undefined] = [undefined, undefined]

  constructor(private readonly options: BcastAssemblerOptions = {}) {}

  get result(): BcastAssembly | undefined {
    return this.finished
  }

  /** Per-cycle record of accepted positions (bounded). */
  get receivedCycles(): BcastCycle[] {
    return this.cycles.map((c) => ({ ...c, positions: [...c.positions] }))
  }

  /** What each slot holds now: position, 7-bit value and score, for diagnosis. */
  snapshot(): Record<BcastDirection, { locked: boolean; positions: { position: number; value: number; score: number }[] }> {
    const view = (slot: Slot) => {
      const positions: { position: number; value: number; score: number }[] = []
      for (let p = 1; p < MAX_POSITIONS; p++) {
        if (slot.pkgLen[p] !== 0) positions.push({ position: p, value: slot.pkgLen[p] & 0x7f, score: slot.pkgScore[p] })
      }
      return { locked: slot.locked, positions }
    }
    return { 'from-ds': view(this.slots[0]), 'to-ds': view(this.slots[1]) }
  }

  reset(): void {
    this.slots = [new Slot(), new Slot()]
    this.lockedSource = undefined
    this.lockedBssid = undefined
    this.knownSsid = new Uint8Array(0)
    this.autoCompleteDisabled = false
    this.finished = undefined
    this.cycles = []
    this.currentCycle = [undefined, undefined]
  }

  push(frame: BcastFrameInput): BcastEvent {
    if (this.finished) return { kind: 'ignored', reason: 'already complete: the device stopped listening' }
    if (!Number.isInteger(frame.length) || frame.length < 0 || frame.length > 0xffff) {
      return { kind: 'ignored', reason: 'length is not an integer 0..65535' }
    }
    if (!Number.isInteger(frame.sequence) || !Number.isFinite(frame.timeMs)) {
      return { kind: 'ignored', reason: 'sequence number or time is not a number' }
    }
    const direction: BcastDirection = frame.direction === 'from-ds' ? 'from-ds' : 'to-ds'
    const tods = direction === 'to-ds' ? 1 : 0
    const source = frame.source ?? 'phone'
    const bssid = frame.bssid ?? 'ap'
    const sn = frame.sequence & 0xfff
    const now = Math.trunc(frame.timeMs) >>> 0
    const len = frame.length
    const slot = this.slots[tods]

    if (!slot.locked) {
      const event = this.tryHint(slot, tods, len, source, bssid, sn, now, direction)
      this.updateSn(slot, sn, now, 0, len)
      return event
    }

    if (source !== this.lockedSource || bssid !== this.lockedBssid) {
      return { kind: 'dropped', direction, reason: 'frame is not from the locked phone and AP' }
    }
    const timeout = ((now - slot.timestamp) >>> 0) > GAP_LIMIT_MS
    const order = snCompare(sn, slot.prevSn)
    if (order <= 0) slot.timestamp = now
    if (order === 0) return { kind: 'dropped', direction, reason: 'retransmission (same sequence number)' }
    if (order < 0 && !timeout) {
      this.updateSn(slot, sn, now, 0, len)
      return { kind: 'ignored', reason: 'sequence number went backwards' }
    }
    if (len <= 0) return { kind: 'dropped', direction, reason: 'length shorter than the frame overhead' }

    const kind = classifyBcastLength(len)
    let index = 0
    let pos = 0
    let score = 0
    let event: BcastEvent
    if (kind.kind === 'data') {
      index = kind.index
      pos = slot.groupPos + index
      if (pos >= MAX_POSITIONS) return { kind: 'dropped', direction, reason: `position ${pos} is beyond 127` }
      if (index < slot.lastIndex || (index === slot.lastIndex && len !== slot.lastLen) || timeout) {
        if (slot.posUnsync) this.trySyncPos(tods, -1)
        slot.posUnsync = 1
        const reason = timeout ? 'gap over 300 ms' : index < slot.lastIndex ? 'index went back' : 'same index, different length'
        return this.saveUnsynced(slot, index, len, sn, now, direction, reason)
      }
      if (slot.posUnsync) return this.saveUnsynced(slot, index, len, sn, now, direction, 'still resynchronising')
      score = this.dataScore(slot, sn, pos)
      if (score === 0) {
        this.updateSn(slot, sn, now, index, len)
        return { kind: 'dropped', direction, reason: 'out of order for its group (score 0)' }
      }
      if (slot.scoreUplimit > score) slot.scoreUplimit = score
      slot.groupSn = sn
      if (pos <= 0) return { kind: 'dropped', direction, reason: 'position 0 is reserved for the start frame' }
      slot.curPos = pos
      const unsyncedBy = this.storeScored(tods, pos, len, score)
      if (unsyncedBy) return this.saveUnsynced(slot, index, len, sn, now, direction, unsyncedBy)
      this.recordPosition(tods, direction, pos, now)
      event = { kind: 'data', direction, position: pos, value: len & 0x7f, score }
    } else if (kind.kind === 'start' || kind.kind === 'group') {
      const group = u8(kind.group * BCAST_GROUP_SIZE)
      if (slot.posUnsync) this.trySyncPos(tods, group)
      slot.curPos = group
      slot.groupPos = group
      slot.groupSn = sn
      slot.scoreUplimit = SCORE_MAX
      if (kind.kind === 'start') this.startCycle(tods, direction, now)
      event = { kind: 'marker', direction, group: kind.group }
    } else {
      return { kind: 'dropped', direction, reason: `length ${len} is neither a marker nor a data frame` }
    }

    if (slot.maxPos < slot.curPos) slot.maxPos = slot.curPos
    if (slot.replace && this.recvCompleted(tods)) {
      slot.replace = 0
      this.lockedBssid = bssid
      const outcome = this.finish(tods, direction, bssid)
      if (outcome.kind === 'complete') return outcome
      event = outcome
    }
    this.updateSn(this.slots[tods], sn, now, index, len)
    return event
  }

  private tryHint(slot: Slot, tods: number, len: number, source: string, bssid: string, sn: number, now: number, direction: BcastDirection): BcastEvent {
    const hint = HINT_LENGTHS.indexOf(len)
    if (hint < 0) return { kind: 'ignored', reason: 'waiting for a start or group frame to lock on' }
    if (this.lockedSource === undefined) {
      this.lockedSource = source
      this.lockedBssid = bssid
    } else if (source !== this.lockedSource) {
      return { kind: 'ignored', reason: 'interference: another phone is sending smartconfig' }
    } else if (bssid !== this.lockedBssid) {
      // Same phone, new BSSID: accepted only for ToDS (the WDS case); the FromDS slot must lock again.
      if (!tods) return { kind: 'ignored', reason: 'same phone seen through another BSSID (FromDS): ignored' }
      this.lockedBssid = bssid
      this.lockedSource = source
      if (this.slots[0].locked) this.slots[0].locked = false
    }
    slot.groupPos = hint * BCAST_GROUP_SIZE
    slot.curPos = slot.groupPos
    slot.groupSn = sn
    slot.prevSn = sn
    slot.scoreUplimit = SCORE_MAX
    this.knownSsid = cString(this.options.apSsid?.(bssid) ?? new Uint8Array(0)).slice(0, 32)
    slot.locked = true
    if (hint === 0) this.startCycle(tods, direction, now)
    return { kind: 'locked', direction, group: hint }
  }

  private updateSn(slot: Slot, sn: number, now: number, index: number, len: number): void {
    slot.prevSn = sn
    slot.timestamp = now
    slot.lastIndex = index
    slot.lastLen = u16(len)
  }

  private saveUnsynced(slot: Slot, index: number, len: number, sn: number, now: number, direction: BcastDirection, reason: string): BcastEvent {
    slot.tmpLen[index] = len
    slot.tmpScore[index] = slot.posUnsync === 1 ? 1 : s8(sn - slot.prevSn)
    slot.posUnsync = u8(slot.posUnsync + 1)
    this.updateSn(slot, sn, now, index, len)
    return { kind: 'unsynced', direction, index, reason }
  }

  private dataScore(slot: Slot, sn: number, pos: number): number {
    const snDelta = u16(snMinus(sn, slot.groupSn) - 1)
    const indexDelta = u16(pos - slot.curPos - 1)
    const delta = u16(snDelta + indexDelta)
    if (snCompare(sn, slot.groupSn) <= 0 || snCompare(sn, slot.prevSn) <= 0) return 0
    if (pos <= slot.curPos) return 0
    let level = 0
    while (delta > SCORE_LEVELS[level][0]) level++
    const penalty = SCORE_LEVELS[level][1]
    return slot.scoreUplimit > penalty ? slot.scoreUplimit - penalty : SCORE_LOW
  }

  /**
   * The device writes every scored data frame into BOTH slots' tables. Returns a reason when the frame
   * contradicts a better-scored value of its own slot (the device then enters resync).
   */
  private storeScored(tods: number, pos: number, len: number, score: number): string | undefined {
    for (let t = 0; t < 2; t++) {
      const s = this.slots[t]
      const equal = s.pkgLen[pos] === len
      if (score > s.pkgScore[pos]) {
        s.pkgScore[pos] = s8(score)
        if (equal) continue
        s.replace = 1
        s.pkgLen[pos] = len
      } else if (score === s.pkgScore[pos]) {
        if (equal) {
          s.pkgScore[pos] = s8(s.pkgScore[pos] + 1)
          continue
        }
        if (this.tryReplaceSamePos(t, pos, len)) continue
        s.pkgScore[pos] = Math.trunc(s.pkgScore[pos] / 2)
      } else if (t === tods) {
        if (!equal) {
          if (s.posUnsync) continue
          s.posUnsync = 1
          return 'data differs from a better-scored value at this position'
        }
        if (s.scoreUplimit >= SCORE_MID && s.pkgScore[pos] - score < 10) {
          s.scoreUplimit = u8(Math.trunc((s.scoreUplimit + s.pkgScore[pos]) / 2))
        }
      }
    }
    return undefined
  }

  private dataLen(): number {
    const [from, to] = this.slots
    let len: number
    let score: number
    if (to.pkgScore[1] > from.pkgScore[1]) {
      len = to.pkgLen[1] & 0x7f
      score = to.pkgScore[1]
    } else {
      len = from.pkgLen[1] & 0x7f
      score = from.pkgScore[1]
    }
    if (!(len && score > SCORE_MID)) len = Math.max(to.maxPos, from.maxPos)
    if (len < BCAST_GROUP_SIZE) return BCAST_GROUP_SIZE
    return len >= MAX_POSITIONS ? MAX_POSITIONS - BCAST_GROUP_SIZE - 1 : len
  }

  private tryReplaceSamePos(t: number, pos: number, newLen: number): boolean {
    const s = this.slots[t]
    let oldMatch = false
    let newMatch = false
    const limit = this.dataLen()
    for (let i = pos % BCAST_GROUP_SIZE; i <= limit; i += BCAST_GROUP_SIZE) {
      if (i !== pos && s.lenAt(i) === s.pkgLen[pos]) oldMatch = true
      if (s.lenAt(i) === newLen) newMatch = true
    }
    // The FromDS table always takes the newer value.
    if ((oldMatch && !newMatch) || t === 0) {
      s.pkgLen[pos] = newLen
      return true
    }
    return false
  }

  /** Places the frames saved while out of sync into the group they best match (or the guessed group). */
  private trySyncPos(tods: number, groupPos: number): void {
    const s = this.slots[tods]
    let emptyMatch = false
    let maxMatch = 0
    let matchGroup = -1
    let matchEnd = BCAST_GROUP_SIZE
    let matchScore = 0
    const limit = this.dataLen()
    for (;;) {
      for (let i = 0; i <= limit; i += BCAST_GROUP_SIZE) {
        let match = 0
        let score = SCORE_MAX
        let j = 1
        for (; j <= BCAST_GROUP_SIZE; j++) {
          if (!s.tmpScore[j]) continue
          if (emptyMatch) {
            if (s.scoreAt(i + j) <= 1) {
              match++
              score = 1
            }
          } else {
            if (!s.lenAt(i + j)) continue
            if (s.lenAt(i + j) === s.tmpLen[j]) {
              match++
              score = Math.min(score, s.scoreAt(i + j))
            } else {
              break
            }
          }
        }
        if (match > maxMatch) {
          maxMatch = match
          matchGroup = i
          matchEnd = j - 1
          matchScore = score
        }
      }
      if (!maxMatch && !emptyMatch) {
        emptyMatch = true
        continue
      }
      break
    }

    let finalPos = -1
    let guessPos = -1
    let place = false
    if (groupPos !== -1) {
      guessPos = groupPos - BCAST_GROUP_SIZE
      if (guessPos < 0) guessPos = Math.floor(limit / BCAST_GROUP_SIZE) * BCAST_GROUP_SIZE
      if (!maxMatch || emptyMatch) {
        matchScore = 2
        finalPos = guessPos
        place = true
      }
    }
    if (!place) {
      if (maxMatch > 0 && maxMatch <= BCAST_GROUP_SIZE) {
        matchScore = Math.min(matchScore, maxMatch === 1 ? 10 : maxMatch === 2 ? 20 : 30)
        if (guessPos !== -1) {
          if (guessPos === matchGroup) {
            matchEnd = BCAST_GROUP_SIZE
            matchScore += 2
            finalPos = matchGroup
          } else {
            finalPos = maxMatch >= 2 && !emptyMatch ? matchGroup : guessPos
          }
        } else {
          finalPos = matchGroup
        }
        place = true
      }
    }
    if (place && finalPos !== -1) {
      for (let i = finalPos + 1, j = 1; i <= finalPos + matchEnd; i++, j++) {
        if (j > BCAST_GROUP_SIZE || i >= MAX_POSITIONS) break
        if (s.pkgScore[i] < matchScore && s.tmpScore[j]) {
          s.pkgLen[i] = s.tmpLen[j]
          const tmpScore = s.tmpScore[j]
          s.pkgScore[i] = s8(matchScore > tmpScore - 1 ? matchScore - (tmpScore - 1) : matchScore)
          s.replace = 1
          if (s.maxPos < i) s.maxPos = u8(i)
        }
      }
    }
    s.posUnsync = 0
    s.tmpLen.fill(0)
    s.tmpScore.fill(0)
  }

  /** zconfig_recv_completed(), including SSID auto-complete from the AP list. */
  private recvCompleted(tods: number): boolean {
    const s = this.slots[tods]
    const len = s.pkgLen[1] & 0x7f
    const flag = s.pkgLen[2] & 0x7f
    const ssidPresent = (flag & BCAST_FLAG_SSID_PRESENT) !== 0
    let ssidLen = ssidPresent ? s.pkgLen[3] & 0x7f : 0
    const passwdLen = ssidPresent ? s.pkgLen[4] & 0x7f : s.pkgLen[3] & 0x7f
    if (!len || s.pkgScore[1] <= 0) return false

    if (this.knownSsid.length > 0 && ssidPresent && s.pkgScore[2] < AUTO_COMPLETE_SCORE && s.pkgScore[3] > SCORE_MID && !this.autoCompleteDisabled) {
      // As on the device, the length check below then uses the SSID's byte count, not its symbol count.
      ssidLen = this.knownSsid.length
      const packed = (flag & BCAST_FLAG_SSID_PACKED) !== 0
      const expectedSymbols = packed ? u8(Math.floor((ssidLen * 8 + 5) / 6)) : ssidLen
      if ((expectedSymbols | 0x200) !== s.pkgLen[3]) {
        // A GBK/UTF-8 mismatch shows up here as a different symbol count.
        this.autoCompleteDisabled = true
      } else {
        const symbols = packed ? Array.from(packBits(this.knownSsid, 6)) : Array.from(this.knownSsid, (b) => b - 32)
        s.pkgScore[2] = AUTO_COMPLETE_SCORE
        s.pkgLen[3] = symbols.length | 0x200
        s.pkgScore[3] = AUTO_COMPLETE_SCORE
        for (let i = 5; i < symbols.length + 5; i++) {
          s.pkgLen[i] = u16(symbols[i - 5] | (0x100 + 0x80 * ((i - 1) % BCAST_GROUP_SIZE)))
          s.pkgScore[i] = AUTO_COMPLETE_SCORE
        }
      }
    }

    if (s.maxPos < len) return false
    for (let i = 1; i <= len; i++) if (s.pkgScore[i] <= 0) return false
    return ssidPresent ? len === ssidLen + passwdLen + 6 : len === passwdLen + 5
  }

  private finish(tods: number, direction: BcastDirection, bssid: string): BcastEvent {
    const s = this.slots[tods]
    const n = s.pkgLen[1] & 0x7f
    const values = Array.from({ length: n }, (_, i) => s.pkgLen[i + 1] & 0x7f)
    const decoded = decodeBcastValues(values, this.options.productSecret)
    if (!decoded.ok) {
      const { error } = decoded
      if (error.kind === 'checksum') {
        // The device lowers every score in both tables so that better copies can replace them.
        for (const slot of this.slots) {
          for (let i = 1; i <= n; i++) slot.pkgScore[i] = slot.pkgScore[i] > 0x60 ? 0x60 : slot.pkgScore[i] >> 1
        }
        return { kind: 'checksum-error', direction, received: error.checksum?.received ?? 0, computed: error.checksum?.computed ?? 0 }
      }
      if (error.kind === 'password') {
        const cycles = this.cycles
        this.reset()
        this.cycles = cycles
        return { kind: 'password-error', direction, reason: error.reason }
      }
      return { kind: 'rejected', direction, reason: error.reason }
    }
    const value = decoded.value
    let ssid: BcastAssembly['ssid']
    if (value.ssid && (this.knownSsid.length === 0 || this.autoCompleteDisabled)) {
      this.knownSsid = value.ssid.bytes
    }
    const fromApList = cString(this.options.apSsid?.(bssid) ?? new Uint8Array(0)).slice(0, 32)
    if (fromApList.length > 0) this.knownSsid = fromApList
    if (this.knownSsid.length > 0) {
      const fromFrames = value.ssid !== undefined && bytesEqual(this.knownSsid, value.ssid.bytes)
      ssid = { bytes: this.knownSsid, source: fromFrames ? 'frames' : 'ap-list', ...describeSsid(this.knownSsid) }
    }
    this.finished = { direction, decoded: value, ssid, bssid, cycles: this.receivedCycles }
    return { kind: 'complete', direction, result: this.finished }
  }

  private startCycle(tods: number, direction: BcastDirection, now: number): void {
    const cycle: BcastCycle = { direction, startedAtMs: now, positions: [] }
    this.currentCycle[tods] = cycle
    this.cycles.push(cycle)
    const keep = this.options.maxCycles ?? 64
    if (this.cycles.length > keep) this.cycles.splice(0, this.cycles.length - keep)
  }

  private recordPosition(tods: number, direction: BcastDirection, pos: number, now: number): void {
    let cycle = this.currentCycle[tods]
    if (!cycle) {
      this.startCycle(tods, direction, now)
      cycle = this.currentCycle[tods] as BcastCycle
    }
    if (!cycle.positions.includes(pos)) {
      cycle.positions.push(pos)
      cycle.positions.sort((a, b) => a - b)
    }
  }
}
