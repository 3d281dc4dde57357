// The device side of Breeze as firmware runs it (AliOS-Things breeze core: ble_service.c, transport.c, auth.c,
// extcmd.c), quirks included, as a pure state machine for the virtual lab. Inputs are GATT events (connect, CCCD
// writes, characteristic writes, the auth timer firing); outputs are indications/notifications and events.
// Indications are emitted in order and treated as confirmed at once; the lab's ATT layer paces them.
import { createHash } from 'node:crypto'
import { encodeUtf8, toHex } from '../ble/bytes'
import {
  type MacOrder,
  type SecretType,
  buildBreezeAdvertisingData,
  buildBreezeScanResponse,
} from './advertisement'
import { AUTH_OK, HI_CLIENT, HI_SERVER, deviceAcceptsText } from './auth'
import {
  AES_BLOCK,
  BREEZE_RANDOM_LENGTH,
  BreezeChar,
  BreezeCmd,
  breezeCommandName,
  deviceEncrypts,
  isAuthCommand,
} from './constants'
import { computeAuthId, deriveSessionKey } from './crypto'
import { ExtTlv, MAX_APP_TOKEN, type WifiConfigProfile, computeNetworkSignature } from './extcmd'
import { type BreezeMessage, createReassembler, encodeMessage, parseFrame } from './transport'
import type { Result } from '../result'

export interface BreezeDeviceOptions {
  productKey: string
  productSecret: string | Uint8Array
  deviceName: string
  /** Given: a per-device-secret product (AUTH_KEY is sent and the session key moves to this secret). */
  deviceSecret?: string | Uint8Array
  productId: number
  mac: string
  macOrder?: MacOrder
  /** Adv version byte: last number of BZ_VERSION. */
  advVersion?: number
  /** Which extcmd.c reads the Wi-Fi config; 'aos' by default. */
  wifiConfig?: WifiConfigProfile
  /** AOS network/.../transport.c@029937a4: an `||` bug sends AUTH_RAND encrypted, so nobody can authenticate. */
  authRandEncryptedBug?: boolean
  /** The older transport.c hands auth commands to auth.c whatever their enc bit; the newest drops clear ones. */
  dispatchUnencryptedAuth?: boolean
  /** EN_AUTH_OFFLINE: keep per-device session keys by auth id and accept AUTH_REKEY. */
  offlineAuth?: boolean
  /**
   * auth.c@97fe1d1c lacks an `else` after the AUTH_REKEY branch, so even a known auth id ends in AUTH_STATE_FAILED
   * and a disconnect right after AUTH_RSP. True (the default) reproduces that.
   */
  offlineAuthFallsThrough?: boolean
  /** Survives reboots (the KV store): auth id (hex) -> session key. */
  keyStore?: Map<string, Uint8Array>
  /** TLV 0x01 answer. */
  versionString?: string
  /** TLV 0x04 answers; by default derived from the session random (the model has no entropy of its own). */
  nextRandom?: () => Uint8Array
}

export type DeviceAuthState = 'idle' | 'connected' | 'svc-enabled' | 'rand-sent' | 'req-recvd' | 'done' | 'failed'

export type DeviceAction =
  | { kind: 'indicate'; characteristic: number; value: Uint8Array }
  | { kind: 'notify'; characteristic: number; value: Uint8Array }
  | { kind: 'disconnect'; reason: string }

export type DeviceEvent =
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'service-enabled' }
  | { type: 'authenticated' }
  | { type: 'auth-failed'; reason: string }
  | {
      type: 'wifi-config'
      /** What the app callback reads: C strings out of the static buffers (tails of earlier configs included). */
      ssid: Uint8Array
      password: Uint8Array
      bssid: Uint8Array
      appToken?: Uint8Array
      /** False when the device goes on to answer ERR; the callback has fired all the same. */
      accepted: boolean
    }
  | { type: 'ext-refused'; reason: string }
  | { type: 'adv-sequence'; sequence: number }
  | { type: 'app-command'; cmd: number; payload: Uint8Array }
  | { type: 'transport-error'; reason: string }
  | { type: 'dropped'; reason: string }
  | { type: 'firmware-fault'; reason: string }
  | { type: 'invalid-call'; reason: string }

export interface DeviceStep {
  actions: DeviceAction[]
  events: DeviceEvent[]
}

export interface BreezeDevice {
  readonly authState: DeviceAuthState
  readonly connected: boolean
  readonly secretType: SecretType
  advertisingData(): Result<Uint8Array>
  scanResponse(): Result<Uint8Array>
  /** A central connected; `random` is this session's 16-byte random (get_random makes ASCII digits). */
  connect(random: Uint8Array): DeviceStep
  /** CCCD write on IC (0xFED6) or NC (0xFED8). */
  setSubscription(characteristic: number, mode: 'indicate' | 'notify' | 'off'): DeviceStep
  /** A write to WC (0xFED5) or WWNRC (0xFED7). */
  write(characteristic: number, value: Uint8Array): DeviceStep
  /** The caller's BZ_AUTH_TIMEOUT timer fired. */
  authTimeout(): DeviceStep
  disconnect(): DeviceStep
  /** Power cycle: clears the static Wi-Fi config buffers (not the key store). */
  reboot(): void
}

const VALID_RX = new Set<number>([
  BreezeCmd.CTRL,
  BreezeCmd.QUERY,
  BreezeCmd.EXT_DOWN,
  BreezeCmd.AUTH_REQ,
  BreezeCmd.AUTH_CFM,
  BreezeCmd.AUTH_REKEY,
  BreezeCmd.OTA_VER_REQ,
  BreezeCmd.OTA_REQ,
  BreezeCmd.OTA_SIZE,
  BreezeCmd.OTA_DONE,
  BreezeCmd.OTA_DATA,
])

/** Without EN_LONG_MTU the device ignores the MTU: GATT_MTU_SIZE_DEFAULT (23) - 3. */
const DEVICE_MAX_FRAME = 20

const SSID_READY = 0x01
const PASSWORD_READY = 0x02
const BSSID_READY = 0x04
const TOKEN_READY = 0x08

interface BootState {
  ssid: Uint8Array
  password: Uint8Array
  bssid: Uint8Array
  appToken: Uint8Array | undefined
  readyFlag: number
  randomCount: number
}

interface Connection {
  ic: boolean
  nc: boolean
  auth: DeviceAuthState
  dnComplete: boolean
  random: Uint8Array
  key: Uint8Array
  reassembler: ReturnType<typeof createReassembler>
}

const freshBoot = (): BootState => ({
  ssid: new Uint8Array(33),
  password: new Uint8Array(65),
  bssid: new Uint8Array(6),
  appToken: undefined,
  readyFlag: 0,
  randomCount: 0,
})

/** C-string view of a static char buffer. */
const cString = (buf: Uint8Array): Uint8Array => {
  const end = buf.indexOf(0)
  return Uint8Array.from(end < 0 ? buf : buf.subarray(0, end))
}

export function createBreezeDevice(opts: BreezeDeviceOptions): BreezeDevice {
  const perDevice = opts.deviceSecret !== undefined
  const profile: WifiConfigProfile = opts.wifiConfig ?? 'aos'
  const keyStore = opts.keyStore ?? new Map<string, Uint8Array>()
  const fallsThrough = opts.offlineAuthFallsThrough ?? true
  let boot = freshBoot()
  let conn: Connection | null = null

  const step = (): DeviceStep => ({ actions: [], events: [] })

  function updateKey(c: Connection, useDeviceSecret: boolean): void {
    c.key = deriveSessionKey(useDeviceSecret ? opts.deviceSecret! : opts.productSecret, c.random)
    if (useDeviceSecret && opts.offlineAuth) keyStore.set(toHex(computeAuthId(c.random)), c.key)
  }

  /** transport_tx + auth_tx_done. */
  function tx(s: DeviceStep, cmd: number, payload: Uint8Array, via: 'indicate' | 'notify', msgId = 0): void {
    const c = conn
    if (!c) return
    const enabled = via === 'indicate' ? c.ic : c.nc
    if (!enabled) {
      s.events.push({ type: 'dropped', reason: `${breezeCommandName(cmd)} not sent: ${via === 'indicate' ? 'IC indications' : 'NC notifications'} are off` })
      return
    }
    const bugEncrypts = opts.authRandEncryptedBug && (cmd === BreezeCmd.AUTH_RAND || cmd === BreezeCmd.AUTH_REKEY_RSP)
    const encrypt = deviceEncrypts(cmd) || !!bugEncrypts
    const frames = encodeMessage({
      cmd,
      msgId,
      payload,
      key: encrypt ? c.key : undefined,
      maxFrame: DEVICE_MAX_FRAME,
      preAuthHeaderQuirk: !c.dnComplete,
    })
    if (!frames.ok) {
      s.events.push({ type: 'firmware-fault', reason: `cannot send ${breezeCommandName(cmd)}: ${frames.error.reason}` })
      return
    }
    const characteristic = via === 'indicate' ? BreezeChar.ic : BreezeChar.nc
    for (const value of frames.value) s.actions.push({ kind: via, characteristic, value })
    // auth_tx_done: the handshake advances on transmit-complete, not on a reply.
    if (c.auth === 'svc-enabled') {
      c.auth = 'rand-sent'
      if (perDevice) tx(s, BreezeCmd.AUTH_KEY, encodeUtf8(opts.deviceName), 'indicate')
    } else if (c.auth === 'rand-sent' && perDevice) {
      updateKey(c, true)
    }
  }

  function serviceEnabled(s: DeviceStep, c: Connection): void {
    s.events.push({ type: 'service-enabled' })
    c.auth = 'svc-enabled'
    tx(s, BreezeCmd.AUTH_RAND, c.random, 'indicate')
  }

  function finishAuth(s: DeviceStep, c: Connection, reason: string): void {
    if (c.auth === 'done') s.events.push({ type: 'authenticated' })
    else if (c.auth === 'failed') {
      s.events.push({ type: 'auth-failed', reason })
      s.actions.push({ kind: 'disconnect', reason: `authentication failed: ${reason}` })
    }
  }

  function authRx(s: DeviceStep, c: Connection, cmd: number, p: Uint8Array): void {
    if (p.length === 0) return
    let reason = ''
    switch (c.auth) {
      case 'rand-sent': {
        if (opts.offlineAuth && cmd === BreezeCmd.AUTH_REKEY) {
          if (p.length !== 4) tx(s, BreezeCmd.AUTH_REKEY_RSP, Uint8Array.of(0x02), 'indicate')
          const id = new Uint8Array(4)
          id.set(p.subarray(0, 4))
          const stored = keyStore.get(toHex(id))
          if (stored) {
            c.dnComplete = true
            c.auth = 'req-recvd'
            c.key = stored
            tx(s, BreezeCmd.AUTH_RSP, encodeUtf8(HI_CLIENT), 'indicate')
          } else {
            tx(s, BreezeCmd.AUTH_REKEY_RSP, Uint8Array.of(0x01), 'indicate')
            serviceEnabled(s, c)
          }
          if (!fallsThrough) return
        }
        if (cmd === BreezeCmd.AUTH_REQ && deviceAcceptsText(p, HI_SERVER)) {
          c.dnComplete = true
          c.auth = 'req-recvd'
          tx(s, BreezeCmd.AUTH_RSP, encodeUtf8(HI_CLIENT), 'indicate')
        } else {
          c.auth = 'failed'
          reason =
            cmd === BreezeCmd.AUTH_REKEY
              ? 'AUTH_REKEY falls through to the AUTH_REQ check (auth.c has no else) and fails'
              : cmd === BreezeCmd.AUTH_REQ
                ? 'AUTH_REQ did not decrypt to "Hi,Server" (secret mismatch)'
                : `${breezeCommandName(cmd)} where AUTH_REQ was expected`
        }
        break
      }
      case 'req-recvd':
        if (cmd === BreezeCmd.AUTH_CFM && deviceAcceptsText(p, AUTH_OK)) c.auth = 'done'
        else {
          c.auth = 'failed'
          reason = `${breezeCommandName(cmd)} where AUTH_CFM "OK" was expected`
        }
        break
      default:
        tx(s, BreezeCmd.ERR, new Uint8Array(0), 'indicate')
        return
    }
    finishAuth(s, c, reason)
  }

  function nextExtRandom(c: Connection): Uint8Array {
    if (opts.nextRandom) return opts.nextRandom()
    boot.randomCount++
    const h = createHash('sha256').update(c.random).update(Uint8Array.of(boot.randomCount & 0xff)).digest()
    return Uint8Array.from(h.subarray(0, BREEZE_RANDOM_LENGTH), (b) => 0x30 + (b % 10))
  }

  /** ext_cmd06_rsp of the chosen firmware. Returns the TLV value to answer with, or undefined for ERR. */
  function wifiConfig(s: DeviceStep, d: Uint8Array): Uint8Array | undefined {
    const parsed = d.length >= 2 ? applyWifiTlvs(d) : undefined
    // The callback fires on the static ready flag, so also after a refused config, and with older fields.
    const callbackMask = profile === 'aos' ? SSID_READY | PASSWORD_READY | BSSID_READY : SSID_READY | PASSWORD_READY
    if (boot.readyFlag & callbackMask) fire(s, parsed !== undefined)
    if (parsed === undefined) return undefined
    return profile === 'bz207'
      ? Uint8Array.of(0x01, 0x01, 0x01, 0x03, 0x01, parsed.tokenType)
      : Uint8Array.of(0x01, 0x01, 0x01)
  }

  /** The nested-TLV loop: copies into the static buffers as it goes; undefined at the first bad field. */
  function applyWifiTlvs(d: Uint8Array): { tokenType: number } | undefined {
    // ICS clears comboinfo per config; AOS copies into the same buffers without a terminating NUL.
    if (profile !== 'aos') {
      boot.ssid.fill(0)
      boot.password.fill(0)
      boot.bssid.fill(0)
      boot.appToken = undefined
    }
    let tokenType = 0
    let idx = 0
    while (idx < d.length) {
      if (d.length - idx < 2) return undefined
      const t = d[idx++]
      const l = d[idx++]
      // The C loop would read past the TLV here; the model calls it invalid.
      if (idx + l > d.length) return undefined
      const v = d.subarray(idx, idx + l)
      if (t === 0x01) {
        if (l < 1 || l > 32) return undefined
        boot.ssid.set(v)
        boot.readyFlag |= SSID_READY
      } else if (t === 0x02) {
        if (l > 64) return undefined
        boot.password.set(v)
        boot.readyFlag |= PASSWORD_READY
      } else if (t === 0x03) {
        if (l !== 6) return undefined
        boot.bssid.set(v)
        boot.readyFlag |= BSSID_READY
      } else if (t === 0x04 && profile !== 'aos') {
        if (l > MAX_APP_TOKEN) return undefined
        boot.appToken = Uint8Array.from(v)
        boot.readyFlag |= TOKEN_READY
      } else if (profile === 'bz207' && (t === 0x05 || t === 0x08 || t === 0xf1)) {
        if (l !== 1) return undefined
        if (t === 0x08) tokenType = v[0]
      } else if (profile === 'bz207' && t === 0x06) {
        if (l >= 128) return undefined
      } else if (profile === 'bz207' && t === 0x07) {
        if (l !== 3) return undefined
      } else return undefined
      idx += l
    }
    return { tokenType }
  }

  function fire(s: DeviceStep, accepted: boolean): void {
    s.events.push({
      type: 'wifi-config',
      ssid: cString(boot.ssid),
      password: cString(boot.password),
      bssid: Uint8Array.from(boot.bssid),
      ...(boot.appToken ? { appToken: boot.appToken } : {}),
      accepted,
    })
  }

  /** extcmd_rx_command. */
  function extRx(s: DeviceStep, c: Connection, m: BreezeMessage): void {
    const p = m.payload
    if (p.length === 0) return
    if (c.auth !== 'done') {
      s.events.push({ type: 'ext-refused', reason: 'extended command before authentication' })
      tx(s, BreezeCmd.ERR, new Uint8Array(0), 'indicate')
      return
    }
    const reply: number[] = []
    let masked = 0
    let at = 0
    let failure: string | undefined
    while (at < p.length && !failure) {
      if (p.length - at < 2) {
        failure = 'TLV header cut short'
        break
      }
      const type = p[at]
      const len = p[at + 1]
      at += 2
      // uint8_t tlv_mask = 1 << type: types 8 and up fall off the byte and are never caught repeating.
      const bit = type < 8 ? 1 << type : 0
      if (masked & bit) {
        failure = `TLV 0x${type.toString(16)} repeated`
        break
      }
      masked |= bit
      if (len > p.length - at) {
        failure = `TLV 0x${type.toString(16)} longer than the message`
        break
      }
      const v = p.subarray(at, at + len)
      let answer: Uint8Array | undefined
      const noArgs = (value: Uint8Array): Uint8Array | undefined => (len > 0 ? undefined : value)
      switch (type) {
        case ExtTlv.version:
          answer = noArgs(encodeUtf8(opts.versionString ?? 'lab:2.0.5:bt'))
          break
        case ExtTlv.productKey:
          answer = noArgs(encodeUtf8(opts.productKey))
          break
        case ExtTlv.deviceName:
          answer = noArgs(encodeUtf8(opts.deviceName))
          break
        case ExtTlv.random:
          answer = len > 0 ? undefined : nextExtRandom(c)
          break
        case ExtTlv.networkSignature:
          answer = noArgs(
            computeNetworkSignature({
              productId: opts.productId,
              deviceName: opts.deviceName,
              productKey: opts.productKey,
              secret: perDevice ? opts.deviceSecret! : opts.productSecret,
              secretType: perDevice ? 'per-device' : 'per-product',
              productIdOrder: profile === 'aos' ? 'be' : 'le',
            }),
          )
          break
        case ExtTlv.wifiConfig:
          answer = wifiConfig(s, v)
          break
        case ExtTlv.advSequence:
          if (len === 4) {
            s.events.push({ type: 'adv-sequence', sequence: (v[0] | (v[1] << 8) | (v[2] << 16) | (v[3] << 24)) >>> 0 })
            answer = Uint8Array.of(0x01)
          }
          break
      }
      if (!answer) {
        failure = `TLV 0x${type.toString(16)} refused`
        break
      }
      reply.push(type, answer.length, ...answer)
      at += len
    }
    if (failure) {
      s.events.push({ type: 'ext-refused', reason: failure })
      tx(s, BreezeCmd.ERR, new Uint8Array(0), 'indicate')
    } else tx(s, BreezeCmd.EXT_UP, Uint8Array.from(reply), 'indicate', m.msgId)
  }

  /** trans_rx_dispatcher. */
  function dispatch(s: DeviceStep, c: Connection, m: BreezeMessage): void {
    if (!VALID_RX.has(m.cmd)) {
      s.events.push({ type: 'dropped', reason: `${breezeCommandName(m.cmd)} is not a command the device accepts` })
      return
    }
    if (isAuthCommand(m.cmd) && (m.encrypted || opts.dispatchUnencryptedAuth)) return authRx(s, c, m.cmd, m.payload)
    if (m.cmd === BreezeCmd.EXT_DOWN) return extRx(s, c, m)
    if (c.auth !== 'done') {
      s.events.push({
        type: 'dropped',
        reason: isAuthCommand(m.cmd)
          ? `${breezeCommandName(m.cmd)} without the enc bit is dropped silently`
          : `${breezeCommandName(m.cmd)} before authentication is ignored`,
      })
      return
    }
    s.events.push({ type: 'app-command', cmd: m.cmd, payload: m.payload })
  }

  function transportError(s: DeviceStep, c: Connection, reason: string): void {
    c.reassembler.reset()
    s.events.push({ type: 'transport-error', reason })
    tx(s, BreezeCmd.ERR, new Uint8Array(0), 'notify')
  }

  function transportRx(s: DeviceStep, c: Connection, value: Uint8Array): void {
    if (value.length === 0) return
    const f = parseFrame(value)
    if (!f.ok) return transportError(s, c, f.error.reason)
    if (f.value.encrypted && f.value.payload.length > AES_BLOCK) {
      // do_decrypt writes every block into a one-block stack buffer.
      const reason = `encrypted frame of ${f.value.payload.length} payload bytes overflows the device's 16-byte decrypt buffer`
      s.events.push({ type: 'firmware-fault', reason })
      s.actions.push({ kind: 'disconnect', reason })
      conn = null
      return
    }
    const r = c.reassembler.push(f.value, { key: c.key })
    if (!r.ok) return transportError(s, c, r.error.reason)
    if (r.value) dispatch(s, c, r.value)
  }

  return {
    get authState() {
      return conn?.auth ?? 'idle'
    },
    get connected() {
      return conn !== null
    },
    get secretType(): SecretType {
      return perDevice ? 'per-device' : 'per-product'
    },
    advertisingData: () =>
      buildBreezeAdvertisingData({
        version: opts.advVersion ?? 5,
        secretType: perDevice ? 'per-device' : 'per-product',
        productId: opts.productId,
        mac: opts.mac,
        macOrder: opts.macOrder,
      }),
    scanResponse: () => buildBreezeScanResponse(),
    connect(random) {
      const s = step()
      if (random.length !== BREEZE_RANDOM_LENGTH) {
        s.events.push({ type: 'invalid-call', reason: `session random must be 16 bytes, is ${random.length}` })
        return s
      }
      conn = {
        ic: false,
        nc: false,
        auth: 'connected',
        dnComplete: false,
        random: Uint8Array.from(random),
        key: new Uint8Array(16),
        reassembler: createReassembler(),
      }
      updateKey(conn, false)
      s.events.push({ type: 'connected' })
      return s
    },
    setSubscription(characteristic, mode) {
      const s = step()
      const c = conn
      if (!c) {
        s.events.push({ type: 'invalid-call', reason: 'CCCD write without a connection' })
        return s
      }
      if (characteristic === BreezeChar.ic) c.ic = mode === 'indicate'
      else if (characteristic === BreezeChar.nc) c.nc = mode === 'notify'
      else {
        s.events.push({ type: 'dropped', reason: `0x${characteristic.toString(16)} has no CCCD` })
        return s
      }
      if (c.ic && c.nc) serviceEnabled(s, c)
      return s
    },
    write(characteristic, value) {
      const s = step()
      const c = conn
      if (!c) {
        s.events.push({ type: 'invalid-call', reason: 'write without a connection' })
        return s
      }
      if (characteristic !== BreezeChar.wc && characteristic !== BreezeChar.wwnrc) {
        s.events.push({ type: 'dropped', reason: `0x${characteristic.toString(16)} is not writable` })
        return s
      }
      transportRx(s, c, value)
      return s
    },
    authTimeout() {
      const s = step()
      if (conn && conn.auth !== 'done') {
        conn.auth = 'idle'
        const reason = 'authentication timed out'
        s.events.push({ type: 'auth-failed', reason })
        s.actions.push({ kind: 'disconnect', reason })
      }
      return s
    },
    disconnect() {
      const s = step()
      if (conn) s.events.push({ type: 'disconnected' })
      conn = null
      return s
    },
    reboot() {
      boot = freshBoot()
      conn = null
    },
  }
}
