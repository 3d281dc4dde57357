import type { AwssCipher, AwssOffset } from '../../preload/contract/awss'
import type { Encoding } from '../../preload/contract/common'
import {
  BcastAssembler,
  type BcastDirection,
  McastAssembler,
  type SsidText,
  cString,
  decodeP2pDeviceName,
  decryptPasswordCfb,
  describeSsid,
  isDeviceUtf8,
  parseMac,
} from '../codec/awss/index.js'
import type { AirFrame } from './air-frame'
import { BROADCAST } from './air-frame'
import type { ApList } from './ap-list'
import { chooseOffset, offsetFor } from './cipher-offset'

// One device listening in monitor mode (PROTOCOLS-awss.md §1.6-4), as the firmware runs it: beacons into its AP list,
// the cipher offset chosen per frame, bcast and mcast assemblers (each locking on the first phone it hears), and the
// p2p Device Name. The lab device runs exactly this; the air oracle runs one per sender (and one per what-if cipher).

export interface DecodedCredentials {
  encoding: Encoding
  sender: string
  bssid?: string
  ssid?: { bytes: Uint8Array; source: 'frames' | 'ap-list' } & SsidText
  /** Only with a productSecret: the password as the device uses it (up to the first NUL). */
  password?: Uint8Array
  passwordTruncatedAtNul?: boolean
  ciphertext: Uint8Array
  checksum: { received: number; computed: number }
  structure: { total: number; flag: number; ssidMode?: string; bssidTail?: Uint8Array; appToken?: Uint8Array }
  /** mcast with an app token and a known password: the 16-byte bind token the device reports (§1.3). */
  bindToken?: string
}

export type ListenerEvent =
  | { kind: 'lock'; encoding: Encoding; sender: string; bssid?: string }
  /** A valid frame of the locked message: it keeps the channel lock alive. */
  | { kind: 'progress'; encoding: Encoding; sender: string }
  | { kind: 'decoded'; credentials: DecodedCredentials }
  /** p2p "prepare" frame (password "zl&ws"): lock the channel and remember the full SSID only. */
  | { kind: 'prepare'; sender: string }
  | {
      kind: 'failed'
      encoding: Encoding
      sender: string
      failure: 'checksum' | 'password' | 'rejected'
      reason: string
      checksum?: { received: number; computed: number }
    }
  /** A frame from another phone while this one is locked. */
  | { kind: 'interference'; encoding: Encoding; sender: string }

export interface DeviceListenerOptions {
  apList: ApList
  /** Learn beacons into the AP list (false: the AP list is fed by someone else, or the device misses beacons). */
  learnBeacons?: boolean
  productSecret?: string
  /** What-if: use this cipher's offset for every data frame instead of the device's choice. */
  forcedCipher?: AwssCipher
  encodings?: readonly Encoding[]
  mcastVariant?: 'ik32' | 'esl'
}

export class DeviceListener {
  private bcast: BcastAssembler
  private mcast: McastAssembler
  private mcastLocked = false
  private p2pDone = false
  private wiredSequence = 0
  /** The offset chosen for the last data frame looked at, per sender. */
  readonly offsets = new Map<string, AwssOffset>()
  readonly encodings: ReadonlySet<Encoding>

  constructor(private readonly options: DeviceListenerOptions) {
    this.encodings = new Set(options.encodings ?? ['bcast', 'mcast', 'p2p'])
    this.bcast = this.newBcast()
    this.mcast = new McastAssembler({ productSecret: options.productSecret, variant: options.mcastVariant })
  }

  private newBcast(): BcastAssembler {
    return new BcastAssembler({ productSecret: this.options.productSecret, apSsid: (bssid) => this.options.apList.get(bssid)?.ssid })
  }

  /** Back to "nothing heard" (the device's channel lock timed out). The AP list is kept. */
  reset(): void {
    this.bcast = this.newBcast()
    this.mcast = new McastAssembler({ productSecret: this.options.productSecret, variant: this.options.mcastVariant })
    this.mcastLocked = false
    this.p2pDone = false
  }

  get bcastAssembler(): BcastAssembler {
    return this.bcast
  }

  get mcastAssembler(): McastAssembler {
    return this.mcast
  }

  handle(frame: AirFrame, timeMs: number): ListenerEvent | undefined {
    switch (frame.kind) {
      case 'bss':
        if (this.options.learnBeacons !== false) {
          this.options.apList.learn({ bssid: frame.bssid, ssid: frame.ssid, channel: frame.channel, ciphers: frame.ciphers, lastSeenMs: timeMs })
        }
        return undefined
      case 'probe-request':
        return this.encodings.has('p2p') ? this.handleP2p(frame.sa, frame.deviceName) : undefined
      case 'data': {
        const offset = this.options.forcedCipher
          ? offsetFor(this.options.forcedCipher, 'ap-list')
          : chooseOffset(frame.offsetInput, this.options.apList.get(frame.bssid)?.ciphers)
        if (!offset) return undefined
        this.offsets.set(frame.sa, offset)
        const symbol = frame.bodyLength - offset.bytes
        return this.handleLength(frame.sa, frame.da, frame.bssid, symbol, frame.sequence, frame.offsetInput.direction, timeMs)
      }
      case 'wired': {
        this.offsets.set(frame.sender, offsetFor('wired', 'wired'))
        this.wiredSequence = (this.wiredSequence + 1) & 0xfff
        return this.handleLength(frame.sender, frame.da, frame.bssid, frame.payloadLength, this.wiredSequence, 'to-ds', timeMs)
      }
    }
  }

  private handleLength(sender: string, da: string, bssid: string, symbol: number, sequence: number, direction: BcastDirection, timeMs: number): ListenerEvent | undefined {
    if (da === BROADCAST) return this.encodings.has('bcast') ? this.handleBcast(sender, bssid, symbol, sequence, direction, timeMs) : undefined
    if (da.startsWith('01:00:5e:')) return this.encodings.has('mcast') ? this.handleMcast(sender, da, bssid, symbol) : undefined
    return undefined
  }

  private handleBcast(sender: string, bssid: string, length: number, sequence: number, direction: BcastDirection, timeMs: number): ListenerEvent | undefined {
    if (length <= 0) return undefined
    const event = this.bcast.push({ length, sequence, timeMs, direction, source: sender, bssid })
    switch (event.kind) {
      case 'locked':
        return { kind: 'lock', encoding: 'bcast', sender, bssid }
      case 'marker':
      case 'data':
      case 'unsynced':
        return { kind: 'progress', encoding: 'bcast', sender }
      case 'ignored':
        return event.reason.startsWith('interference') ? { kind: 'interference', encoding: 'bcast', sender } : undefined
      case 'dropped':
        return event.reason.startsWith('frame is not from the locked phone') ? { kind: 'interference', encoding: 'bcast', sender } : undefined
      case 'checksum-error':
        return { kind: 'failed', encoding: 'bcast', sender, failure: 'checksum', reason: 'checksum mismatch', checksum: { received: event.received, computed: event.computed } }
      case 'password-error':
        return { kind: 'failed', encoding: 'bcast', sender, failure: 'password', reason: event.reason }
      case 'rejected':
        return { kind: 'failed', encoding: 'bcast', sender, failure: 'rejected', reason: event.reason }
      case 'complete': {
        const { decoded, ssid } = event.result
        return {
          kind: 'decoded',
          credentials: {
            encoding: 'bcast',
            sender,
            bssid: bssid === 'wired' ? undefined : event.result.bssid,
            ssid,
            password: decoded.password,
            passwordTruncatedAtNul: decoded.passwordTruncatedAtNul,
            ciphertext: decoded.ciphertext,
            checksum: { received: decoded.checksum.received, computed: decoded.checksum.computed },
            structure: { total: decoded.n, flag: decoded.flag, ssidMode: decoded.ssidMode },
          },
        }
      }
    }
  }

  private handleMcast(sender: string, da: string, bssid: string, payloadLength: number): ListenerEvent | undefined {
    const event = this.mcast.push({ destination: da, payloadLength, source: sender, bssid })
    switch (event.kind) {
      case 'ignored':
        return event.reason.startsWith('interference') ? { kind: 'interference', encoding: 'mcast', sender } : undefined
      case 'stored':
        if (this.mcastLocked) return { kind: 'progress', encoding: 'mcast', sender }
        this.mcastLocked = true
        return { kind: 'lock', encoding: 'mcast', sender, bssid }
      case 'failed': {
        const failure = event.error.kind === 'checksum' ? 'checksum' : event.error.kind === 'password' ? 'password' : 'rejected'
        return { kind: 'failed', encoding: 'mcast', sender, failure, reason: event.error.reason, ...(event.error.checksum ? { checksum: event.error.checksum } : {}) }
      }
      case 'complete': {
        const r = event.result
        // BSSID: the frames' own when the tail matches, else the AP list entry with that tail; SSID from the AP list
        // by BSSID when known, else as transmitted (§3).
        const frameBssid = bssid !== 'wired' && parseMac(bssid).ok ? bssid : undefined
        const resolved = r.bssidMatchesFrames && frameBssid ? frameBssid : this.options.apList.findByTail(r.bssidTail)?.bssid
        const fromList = resolved ? this.options.apList.get(resolved)?.ssid : undefined
        const ssid = fromList
          ? { bytes: fromList, source: 'ap-list' as const, ...describeSsid(fromList) }
          : r.ssid
            ? { bytes: r.ssid.bytes, source: 'frames' as const, ...describeSsid(r.ssid.bytes) }
            : undefined
        return {
          kind: 'decoded',
          credentials: {
            encoding: 'mcast',
            sender,
            bssid: resolved,
            ssid,
            password: r.password,
            passwordTruncatedAtNul: r.passwordTruncatedAtNul,
            ciphertext: r.ciphertext,
            checksum: { received: r.checksum.received, computed: r.checksum.computed },
            structure: { total: r.tlen, flag: r.flag, bssidTail: r.bssidTail, appToken: r.appToken },
            bindToken: r.bindTokenHex,
          },
        }
      }
    }
  }

  private handleP2p(sender: string, deviceName: Uint8Array): ListenerEvent | undefined {
    const structure = decodeP2pDeviceName(deviceName)
    if (!structure.ok) return undefined
    if (this.p2pDone) return { kind: 'progress', encoding: 'p2p', sender }
    const value = structure.value
    let password: Uint8Array | undefined
    let truncated: boolean | undefined
    if (this.options.productSecret !== undefined) {
      const plain = decryptPasswordCfb(this.options.productSecret, undefined, value.ciphertext)
      if (!isDeviceUtf8(plain)) {
        return { kind: 'failed', encoding: 'p2p', sender, failure: 'password', reason: 'decrypted password is not valid UTF-8 for the device (wrong product secret?)' }
      }
      const full = decodeP2pDeviceName(deviceName, this.options.productSecret)
      if (full.ok && full.value.kind === 'prepare') return { kind: 'prepare', sender }
      password = cString(plain)
      truncated = password.length < plain.length
    }
    this.p2pDone = true
    const completed = value.ssidMayBeTruncated ? this.options.apList.findBySsidSuffix(value.ssid.bytes) : undefined
    const ssidBytes = completed?.ssid ?? value.ssid.bytes
    return {
      kind: 'decoded',
      credentials: {
        encoding: 'p2p',
        sender,
        bssid: completed?.bssid,
        ssid: { bytes: ssidBytes, source: completed ? 'ap-list' : 'frames', ...describeSsid(ssidBytes) },
        password,
        passwordTruncatedAtNul: truncated,
        ciphertext: value.ciphertext,
        checksum: { received: value.checksum.received, computed: value.checksum.computed },
        structure: { total: deviceName.length, flag: deviceName[0] },
      },
    }
  }
}
