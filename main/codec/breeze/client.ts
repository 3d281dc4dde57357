// The phone/workstation side of a Breeze link as a pure state machine: feed it what arrived on the IC/NC
// characteristics, get back the writes to make and what happened. No timers: the caller owns time and decides
// when a state has waited too long (BREEZE_AUTH_TIMEOUT_MS is the device's own patience).
import { ok, type Result } from '../result'
import type { SecretType } from './advertisement'
import {
  AUTH_RAND_FIRMWARE_BUG,
  buildAuthCfm,
  buildAuthRekey,
  buildAuthReq,
  checkAuthRandom,
  decodeAuthKey,
  isHiClient,
  readRekeyRsp,
} from './auth'
import { BreezeChar, BreezeCmd, breezeCommandName, DEFAULT_ATT_MTU } from './constants'
import { deriveSessionKey } from './crypto'
import {
  buildWifiConfigPayload,
  parseTlvs,
  parseWifiConfigReply,
  type Tlv,
  type WifiConfigInput,
  type WifiConfigProfile,
  type WifiConfigReply,
} from './extcmd'
import { type BreezeMessage, createReassembler, encodeMessage, maxFrameSize, parseFrame } from './transport'

export type ClientState =
  | 'idle'
  | 'awaiting-auth-rand'
  | 'awaiting-auth-key'
  | 'awaiting-auth-rsp'
  | 'authenticated'
  | 'awaiting-reply'
  | 'failed'
  | 'closed'

export type ClientFailure =
  | 'auth-rand-firmware-bug'
  | 'auth-rand-invalid'
  | 'auth-key-undecodable'
  | 'no-device-secret'
  | 'auth-rejected'
  | 'encode-failed'
  | 'disconnected'

export type ClientAction =
  | { kind: 'subscribe'; characteristic: number; mode: 'indicate' | 'notify' }
  | { kind: 'write'; characteristic: number; withResponse: boolean; value: Uint8Array }
  | { kind: 'disconnect'; reason: string }

export type ClientEvent =
  | { type: 'auth-random'; random: Uint8Array }
  | { type: 'device-name'; deviceName: string }
  | { type: 'authenticated'; keyFrom: 'product-secret' | 'device-secret' | 'offline-key' }
  | { type: 'rekey-refused'; refusal: string }
  | { type: 'wifi-config-accepted'; reply: WifiConfigReply }
  | { type: 'wifi-config-rejected'; reason: string }
  | { type: 'ext-reply'; msgId: number; tlvs: Tlv[] }
  | { type: 'ext-refused'; reason: string }
  | { type: 'device-error'; via: 'indication' | 'notification'; during: ClientState }
  | { type: 'transport-error'; reason: string }
  | { type: 'message'; message: BreezeMessage }
  | { type: 'failed'; failure: ClientFailure; reason: string }

export interface ClientStep {
  actions: ClientAction[]
  events: ClientEvent[]
}

export interface BreezeClientOptions {
  productSecret: string | Uint8Array
  /** From the advertisement's feature mask. Per-device products send AUTH_KEY first. */
  secretType: SecretType
  /** Per-device products: the secret of the device name AUTH_KEY reveals. */
  deviceSecret?: (deviceName: string) => string | Uint8Array | undefined
  attMtu?: number
  /** WC (0xFED5, write request) by default; WWNRC (0xFED7) writes without response. */
  writeWith?: 'wc' | 'wwnrc'
  /** The first message id the client uses (then +1 per message, modulo 16). */
  firstMsgId?: number
  /** Offline re-auth (2.0.6+): the id and key of an earlier session, tried instead of AUTH_REQ. */
  offlineAuth?: { authId: Uint8Array; authKey: Uint8Array }
}

export interface BreezeClient {
  readonly state: ClientState
  /** The device random of this session (not secret), once AUTH_RAND arrived. */
  readonly random: Uint8Array | undefined
  /** Subscribe to IC and NC: the device starts AUTH_RAND only when both are on. */
  start(): ClientStep
  /** A value that arrived by indication on IC (0xFED6) or notification on NC (0xFED8). */
  receive(value: Uint8Array, via: 'indication' | 'notification'): ClientStep
  sendWifiConfig(cfg: WifiConfigInput, opts?: { profile?: WifiConfigProfile; msgId?: number }): ClientStep
  /** Any EXT_DOWN payload (TLVs), e.g. from buildExtQuery. */
  sendExtCommand(payload: Uint8Array, opts?: { msgId?: number }): ClientStep
  /** The link dropped; says what that means in the current state. */
  disconnected(): ClientStep
}

const DISCONNECT_MEANING: Partial<Record<ClientState, string>> = {
  'awaiting-auth-rand':
    'disconnected before AUTH_RAND: the device never saw both IC indications and NC notifications enabled, or dropped the link',
  'awaiting-auth-key': 'disconnected before AUTH_KEY arrived',
  'awaiting-auth-rsp':
    'device dropped the link after AUTH_REQ: it could not decrypt "Hi,Server", so the product/device secret does not match the device',
  'awaiting-reply': 'disconnected while waiting for the device to answer',
}

export function createBreezeClient(opts: BreezeClientOptions): BreezeClient {
  const reassembler = createReassembler()
  const maxFrame = maxFrameSize(opts.attMtu ?? DEFAULT_ATT_MTU)
  const writeChar = opts.writeWith === 'wwnrc' ? BreezeChar.wwnrc : BreezeChar.wc
  let state: ClientState = 'idle'
  let msgId = (opts.firstMsgId ?? 1) & 0x0f
  let random: Uint8Array | undefined
  let productKeySession: Uint8Array | undefined
  let key: Uint8Array | undefined
  let keyFrom: 'product-secret' | 'device-secret' | 'offline-key' = 'product-secret'
  let rekeyTried = false
  let pending: { msgId: number; kind: 'wifi' | 'ext' } | null = null

  const step = (): ClientStep => ({ actions: [], events: [] })
  const nextMsgId = (): number => {
    const id = msgId
    msgId = (msgId + 1) & 0x0f
    return id
  }
  const failWith = (s: ClientStep, failure: ClientFailure, reason: string): ClientStep => {
    state = 'failed'
    s.events.push({ type: 'failed', failure, reason })
    s.actions.push({ kind: 'disconnect', reason })
    return s
  }
  const writeFrames = (s: ClientStep, frames: Result<Uint8Array[]>): boolean => {
    if (!frames.ok) {
      failWith(s, 'encode-failed', frames.error.reason)
      return false
    }
    for (const value of frames.value)
      s.actions.push({ kind: 'write', characteristic: writeChar, withResponse: writeChar === BreezeChar.wc, value })
    return true
  }

  function sendAuthStart(s: ClientStep): void {
    if (opts.offlineAuth && !rekeyTried) {
      rekeyTried = true
      if (!writeFrames(s, buildAuthRekey(key!, opts.offlineAuth.authId, nextMsgId()))) return
      // The device switches to the stored key before it answers with AUTH_RSP.
      key = opts.offlineAuth.authKey
      keyFrom = 'offline-key'
      state = 'awaiting-auth-rsp'
      return
    }
    if (writeFrames(s, buildAuthReq(key!, nextMsgId()))) state = 'awaiting-auth-rsp'
  }

  function onAuthRand(s: ClientStep, m: BreezeMessage): void {
    const r = checkAuthRandom(m.payload)
    if (!r.ok) {
      const bug = r.error.reason === AUTH_RAND_FIRMWARE_BUG
      failWith(s, bug ? 'auth-rand-firmware-bug' : 'auth-rand-invalid', r.error.reason)
      return
    }
    random = Uint8Array.from(r.value)
    productKeySession = deriveSessionKey(opts.productSecret, random)
    key = productKeySession
    keyFrom = 'product-secret'
    s.events.push({ type: 'auth-random', random })
    if (opts.secretType === 'per-device') state = 'awaiting-auth-key'
    else sendAuthStart(s)
  }

  function onAuthKey(s: ClientStep, m: BreezeMessage): void {
    const dn = decodeAuthKey(m.payload)
    if (!dn.ok) return void failWith(s, 'auth-key-undecodable', dn.error.reason)
    s.events.push({ type: 'device-name', deviceName: dn.value })
    const secret = opts.deviceSecret?.(dn.value)
    if (secret === undefined)
      return void failWith(s, 'no-device-secret', `no device secret known for device name "${dn.value}"`)
    key = deriveSessionKey(secret, random!)
    keyFrom = 'device-secret'
    sendAuthStart(s)
  }

  function onMessage(s: ClientStep, m: BreezeMessage, via: 'indication' | 'notification'): void {
    if (m.cmd === BreezeCmd.ERR) {
      const during = state
      s.events.push({ type: 'device-error', via, during })
      if (pending) {
        const wasWifi = pending.kind === 'wifi'
        pending = null
        state = 'authenticated'
        s.events.push(
          wasWifi
            ? {
                type: 'wifi-config-rejected',
                reason:
                  'device answered ERR to the Wi-Fi config: rejected, but AliOS-based firmware may already be trying the SSID/password that came before the field it refused; power-cycle it before retrying',
              }
            : { type: 'ext-refused', reason: 'device answered ERR to the extended command' },
        )
      }
      return
    }
    switch (state) {
      case 'awaiting-auth-rand':
        if (m.cmd === BreezeCmd.AUTH_RAND) return onAuthRand(s, m)
        break
      case 'awaiting-auth-key':
        if (m.cmd === BreezeCmd.AUTH_KEY) return onAuthKey(s, m)
        break
      case 'awaiting-auth-rsp':
        if (m.cmd === BreezeCmd.AUTH_RSP) {
          if (!isHiClient(m.payload))
            return void failWith(s, 'auth-rejected', 'AUTH_RSP did not decrypt to "Hi,Client": the secrets do not match')
          if (!writeFrames(s, buildAuthCfm(key!, nextMsgId()))) return
          state = 'authenticated'
          s.events.push({ type: 'authenticated', keyFrom })
          return
        }
        if (m.cmd === BreezeCmd.AUTH_REKEY_RSP) {
          const r = readRekeyRsp(m.payload)
          s.events.push({ type: 'rekey-refused', refusal: r.ok ? r.value : r.error.reason })
          // An unknown id sends the device back to AUTH_RAND with the same random; answer that one normally.
          key = productKeySession
          keyFrom = 'product-secret'
          state = 'awaiting-auth-rand'
          return
        }
        break
      case 'awaiting-reply':
        if (m.cmd === BreezeCmd.EXT_UP && pending && m.msgId === pending.msgId) {
          const wasWifi = pending.kind === 'wifi'
          pending = null
          state = 'authenticated'
          if (wasWifi) {
            const r = parseWifiConfigReply(m.payload)
            if (!r.ok) s.events.push({ type: 'wifi-config-rejected', reason: `unreadable reply: ${r.error.reason}` })
            else if (r.value.result === 'success') s.events.push({ type: 'wifi-config-accepted', reply: r.value })
            else s.events.push({ type: 'wifi-config-rejected', reason: 'device replied status 2 (failed)' })
          } else {
            const t = parseTlvs(m.payload)
            if (t.ok) s.events.push({ type: 'ext-reply', msgId: m.msgId, tlvs: t.value })
            else s.events.push({ type: 'transport-error', reason: `EXT_UP: ${t.error.reason}` })
          }
          return
        }
        break
    }
    s.events.push({ type: 'message', message: m })
  }

  function receive(value: Uint8Array, via: 'indication' | 'notification'): ClientStep {
    const s = step()
    if (state === 'failed' || state === 'closed' || state === 'idle') return s
    const f = parseFrame(value)
    if (!f.ok) {
      // An AUTH_RAND whose header says "encrypted" but whose length does not add up is the same firmware bug.
      if (state === 'awaiting-auth-rand' && value.length >= 2 && value[1] === BreezeCmd.AUTH_RAND)
        return failWith(s, 'auth-rand-firmware-bug', AUTH_RAND_FIRMWARE_BUG)
      s.events.push({ type: 'transport-error', reason: f.error.reason })
      return s
    }
    const frame = f.value
    if (frame.cmd === BreezeCmd.AUTH_RAND) {
      const c = checkAuthRandom(frame)
      if (!c.ok && state === 'awaiting-auth-rand') {
        const bug = c.error.reason === AUTH_RAND_FIRMWARE_BUG
        return failWith(s, bug ? 'auth-rand-firmware-bug' : 'auth-rand-invalid', c.error.reason)
      }
    }
    // AUTH_KEY arrives with the enc bit cleared although it is encrypted (build_packet quirk before AUTH_REQ).
    const force = frame.cmd === BreezeCmd.AUTH_KEY
    const m = reassembler.push(frame, { key: force ? productKeySession : key, force })
    if (!m.ok) {
      s.events.push({ type: 'transport-error', reason: m.error.reason })
      return s
    }
    if (m.value) onMessage(s, m.value, via)
    return s
  }

  function sendExt(payload: Result<Uint8Array>, kind: 'wifi' | 'ext', id: number | undefined): ClientStep {
    const s = step()
    if (state !== 'authenticated') {
      s.events.push({
        type: 'transport-error',
        reason: `cannot send ${kind === 'wifi' ? 'the Wi-Fi config' : 'an extended command'} while ${state}: the device refuses extended commands before authentication`,
      })
      return s
    }
    if (!payload.ok) {
      s.events.push({ type: kind === 'wifi' ? 'wifi-config-rejected' : 'ext-refused', reason: payload.error.reason })
      return s
    }
    const useId = id === undefined ? nextMsgId() : id & 0x0f
    if (id !== undefined) msgId = (useId + 1) & 0x0f
    const frames = encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: useId, payload: payload.value, key, maxFrame })
    if (!writeFrames(s, frames)) return s
    pending = { msgId: useId, kind }
    state = 'awaiting-reply'
    return s
  }

  return {
    get state() {
      return state
    },
    get random() {
      return random
    },
    start() {
      const s = step()
      if (state !== 'idle') return s
      state = 'awaiting-auth-rand'
      s.actions.push({ kind: 'subscribe', characteristic: BreezeChar.ic, mode: 'indicate' })
      s.actions.push({ kind: 'subscribe', characteristic: BreezeChar.nc, mode: 'notify' })
      return s
    },
    receive,
    sendWifiConfig: (cfg, o = {}) => sendExt(buildWifiConfigPayload(cfg, o.profile ?? 'aos'), 'wifi', o.msgId),
    sendExtCommand: (payload, o = {}) => sendExt(ok(payload), 'ext', o.msgId),
    disconnected() {
      const s = step()
      const meaning = DISCONNECT_MEANING[state]
      if (meaning) {
        s.events.push({ type: 'failed', failure: 'disconnected', reason: meaning })
        state = 'failed'
      } else if (state !== 'failed') state = 'closed'
      reassembler.reset()
      return s
    },
  }
}

/** For logs: a one-line description of a client action that never shows a payload. */
export function describeClientAction(a: ClientAction): string {
  if (a.kind === 'subscribe') return `subscribe 0x${a.characteristic.toString(16)} (${a.mode})`
  if (a.kind === 'disconnect') return `disconnect: ${a.reason}`
  const f = parseFrame(a.value)
  const what = f.ok ? `${breezeCommandName(f.value.cmd)} frame ${f.value.seq + 1}/${f.value.totalFrames}` : 'frame'
  return `write 0x${a.characteristic.toString(16)} ${what} (${a.value.length} bytes)`
}
