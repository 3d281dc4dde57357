import type { AwssCipher, AwssOffset, AwssSenderReport, AwssSenderStatus } from '../../preload/contract/awss'
import type { Encoding } from '../../preload/contract/common'
import { bindTokenHex, completeBindToken, cString, decryptPasswordCfb, isDeviceUtf8, toHex } from '../codec/awss/index.js'
import type { AirFrame } from './air-frame'
import type { ApList } from './ap-list'
import { type DecodedCredentials, DeviceListener, type ListenerEvent } from './device-listener'

// One sender on the air, decoded as a device would decode it if this were the only phone it heard: the device's own
// offset choice, plus what-if listeners for the other ciphers (so a mis-detected cipher shows as "would have decoded
// with CCMP"). Without the productSecret it stops at the checksum and reports structure and ciphertext.

export interface ProductSecretCandidate {
  productKey?: string
  secret: string
}

const WHAT_IF_CIPHERS: readonly AwssCipher[] = ['open', 'wep', 'tkip', 'ccmp']
const TEXT = new TextDecoder('utf-8', { fatal: false })

interface Decryption {
  password: Uint8Array
  truncatedAtNul: boolean
  productKey?: string
  bindToken?: string
}

export class SenderTrack {
  frames = 0
  firstSeenMs: number
  lastSeenMs: number
  lockedAtMs: number | undefined
  decodedAtMs: number | undefined
  channel: number | undefined
  bssid: string | undefined
  private status: AwssSenderStatus = 'listening'
  private credentials: DecodedCredentials | undefined
  private decryption: Decryption | undefined
  private failure: Extract<ListenerEvent, { kind: 'failed' }> | undefined
  private interference = 0
  private readonly listener: DeviceListener
  private readonly whatIf = new Map<AwssCipher, { listener: DeviceListener; decoded: boolean }>()

  constructor(
    readonly sender: string,
    readonly encoding: Encoding,
    apList: ApList,
    private readonly secrets: readonly ProductSecretCandidate[],
    timeMs: number,
    wired: boolean,
  ) {
    this.firstSeenMs = timeMs
    this.lastSeenMs = timeMs
    this.listener = new DeviceListener({ apList, learnBeacons: false, encodings: [encoding] })
    if (!wired && encoding !== 'p2p') {
      for (const cipher of WHAT_IF_CIPHERS) {
        this.whatIf.set(cipher, { listener: new DeviceListener({ apList, learnBeacons: false, encodings: [encoding], forcedCipher: cipher }), decoded: false })
      }
    }
  }

  /** Returns true when something a report shows changed (lock, decode, failure). */
  push(frame: AirFrame, timeMs: number, channel: number | undefined): boolean {
    this.frames++
    this.lastSeenMs = timeMs
    if (channel !== undefined) this.channel = channel
    if (frame.kind === 'data' && !this.bssid) this.bssid = frame.bssid
    for (const entry of this.whatIf.values()) {
      if (!entry.decoded && entry.listener.handle(frame, timeMs)?.kind === 'decoded') entry.decoded = true
    }
    const event = this.listener.handle(frame, timeMs)
    if (!event) return false
    switch (event.kind) {
      case 'lock':
      case 'prepare':
        if (this.lockedAtMs === undefined) this.lockedAtMs = timeMs
        if (this.status === 'listening') this.status = 'locked'
        return true
      case 'progress':
        if (this.lockedAtMs === undefined) this.lockedAtMs = timeMs
        if (this.status === 'listening') this.status = 'locked'
        return false
      case 'interference':
        this.interference++
        return false
      case 'failed':
        this.failure = event
        this.status = event.failure === 'checksum' ? 'checksum-error' : event.failure === 'password' ? 'password-error' : 'rejected'
        return true
      case 'decoded':
        if (this.lockedAtMs === undefined) this.lockedAtMs = timeMs
        this.decodedAtMs = timeMs
        this.credentials = event.credentials
        this.decryption = this.decrypt(event.credentials)
        this.status = this.secrets.length > 0 && !this.decryption ? 'password-error' : 'decoded'
        if (event.credentials.bssid) this.bssid = event.credentials.bssid
        return true
    }
  }

  get offset(): AwssOffset | undefined {
    return this.listener.offsets.get(this.sender)
  }

  get decoded(): DecodedCredentials | undefined {
    return this.credentials
  }

  /** The password as the device would use it, when a known productSecret decrypts it. */
  get password(): Uint8Array | undefined {
    return this.decryption?.password
  }

  private decrypt(credentials: DecodedCredentials): Decryption | undefined {
    for (const candidate of this.secrets) {
      const plain = decryptPasswordCfb(candidate.secret, undefined, credentials.ciphertext)
      if (!isDeviceUtf8(plain)) continue
      const password = cString(plain)
      const appToken = credentials.structure.appToken
      const token = appToken && credentials.structure.bssidTail ? completeBindToken(appToken, credentials.structure.bssidTail, password) : undefined
      return { password, truncatedAtNul: password.length < plain.length, productKey: candidate.productKey, bindToken: token ? bindTokenHex(token) : undefined }
    }
    return undefined
  }

  /** `origin` is added to every time (the tracks run on time since the capture's first frame). */
  report(reveal: boolean, origin = 0): AwssSenderReport {
    const c = this.credentials
    const offset = this.offset
    const notes: string[] = []
    if (this.interference > 0) notes.push(`${this.interference} frames from this sender arrived while another phone held the lock`)
    if (c && this.secrets.length === 0) notes.push('no productSecret given: the password is shown as ciphertext')
    if (c && this.secrets.length > 0 && !this.decryption) notes.push('none of the known productSecrets decrypts the password to text the device accepts')
    if (this.failure) notes.push(`the device would reject it: ${this.failure.reason}`)
    const decodableWith = [...this.whatIf.entries()].filter(([cipher, e]) => e.decoded && cipher !== offset?.cipher).map(([cipher]) => cipher)
    if (!c && offset && decodableWith.length > 0) {
      notes.push(`with the ${decodableWith.join('/').toUpperCase()} offset these frames decode: the device's cipher choice (${offset.reason}) is what fails`)
    }
    const received = this.received()
    return {
      sender: this.sender,
      encoding: this.encoding,
      ...(this.bssid && this.bssid !== 'wired' ? { bssid: this.bssid } : {}),
      ...(this.channel !== undefined ? { channel: this.channel } : {}),
      status: this.status,
      frames: this.frames,
      firstSeenMs: origin + this.firstSeenMs,
      lastSeenMs: origin + this.lastSeenMs,
      ...(this.lockedAtMs !== undefined ? { lockedAtMs: origin + this.lockedAtMs } : {}),
      ...(this.decodedAtMs !== undefined ? { decodedAtMs: origin + this.decodedAtMs } : {}),
      ...(offset && this.encoding !== 'p2p' ? { offset } : {}),
      decodableWith,
      cycles: this.encoding === 'bcast' ? this.listener.bcastAssembler.receivedCycles.map((c) => ({ ...c, startedAtMs: origin + c.startedAtMs })) : [],
      received,
      ...(c
        ? { checksum: { ok: true, ...c.checksum } }
        : this.failure?.checksum
          ? { checksum: { ok: false, ...this.failure.checksum } }
          : {}),
      ...(c
        ? {
            structure: {
              total: c.structure.total,
              flag: c.structure.flag,
              ...(c.structure.ssidMode ? { ssidMode: c.structure.ssidMode } : {}),
              ciphertextHex: toHex(c.ciphertext),
              ...(c.structure.bssidTail ? { bssidTail: toHex(c.structure.bssidTail) } : {}),
              ...(c.structure.appToken ? { appTokenHex: toHex(c.structure.appToken) } : {}),
            },
          }
        : {}),
      ...(c?.ssid ? { ssid: { display: c.ssid.display, encoding: c.ssid.encoding, hex: toHex(c.ssid.bytes), source: c.ssid.source } } : {}),
      ...(this.decryption
        ? {
            password: {
              length: this.decryption.password.length,
              ...(reveal ? { revealed: TEXT.decode(this.decryption.password) } : {}),
              ...(this.decryption.truncatedAtNul ? { truncatedAtNul: true } : {}),
            },
          }
        : {}),
      ...(this.decryption?.productKey ? { productKey: this.decryption.productKey } : {}),
      ...(this.decryption?.bindToken ? { bindToken: this.decryption.bindToken } : {}),
      notes,
    }
  }

  private received(): AwssSenderReport['received'] {
    if (this.encoding === 'bcast') {
      const snapshot = this.listener.bcastAssembler.snapshot()
      const positions = new Set<number>()
      let expected: number | undefined
      for (const slot of [snapshot['to-ds'], snapshot['from-ds']]) {
        for (const p of slot.positions) {
          if (p.score <= 0) continue
          positions.add(p.position)
          if (p.position === 1 && p.value > 0) expected = p.value
        }
      }
      if (this.credentials) expected = this.credentials.structure.total
      return { count: this.credentials ? Math.max(positions.size, expected ?? 0) : positions.size, ...(expected !== undefined ? { expected } : {}) }
    }
    if (this.encoding === 'mcast') {
      const indices = this.listener.mcastAssembler.receivedIndices()
      const tlen = this.credentials?.structure.total
      return { count: indices.length, ...(tlen !== undefined ? { expected: tlen } : {}) }
    }
    return { count: this.credentials ? 1 : 0, expected: 1 }
  }
}
