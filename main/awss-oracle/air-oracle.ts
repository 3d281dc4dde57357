import type { AwssAnalysis } from '../../preload/contract/awss'
import type { Encoding } from '../../preload/contract/common'
import { classifyBcastLength, decodeP2pDeviceName } from '../codec/awss/index.js'
import { channelFromFrequency, type DecodedPacket } from '../codec/ieee80211/index.js'
import { type AirFrame, BROADCAST, airFrameFrom } from './air-frame'
import { ApList } from './ap-list'
import { CIPHER_OFFSETS } from './cipher-offset'
import { DeviceListener } from './device-listener'
import { type ProductSecretCandidate, SenderTrack } from './sender-track'

// The air oracle: over frames from any source (live capture, file, lab air), what a device would have decoded, per
// sender, kept apart (each sender gets its own device-faithful listener). One more listener hears everything the way
// a single real device does, to say whose hint frame it would have locked on first.

export interface AirOracleOptions {
  productSecrets?: readonly ProductSecretCandidate[]
  /** Senders tracked at most (a busy capture must not grow without bound). Default 64. */
  maxSenders?: number
  /** Track only these encodings (default all three). */
  encodings?: readonly Encoding[]
}

const HINT_LENGTHS = new Set([0x4e0, 0x3e1, 0x3e2, 0x3e3, 0x3e4, 0x3e5, 0x3e6, 0x3e7])
const DATA_OFFSETS = [CIPHER_OFFSETS.open, CIPHER_OFFSETS.wep, CIPHER_OFFSETS.ccmp, CIPHER_OFFSETS.tkip]

export class AirOracle {
  private readonly apList = new ApList()
  private readonly tracks = new Map<string, SenderTrack>()
  private readonly single: DeviceListener
  private firstLocked: string | undefined
  private framesSeen = 0
  private startedAt: number | undefined
  private changes = 0

  constructor(private readonly options: AirOracleOptions = {}) {
    this.single = new DeviceListener({ apList: this.apList, learnBeacons: false, encodings: options.encodings })
  }

  /** Grows whenever a report would show something new (a sender, a lock, a decode); cheap to poll. */
  get version(): number {
    return this.changes
  }

  get frameCount(): number {
    return this.framesSeen
  }

  /**
   * `bytes` are the packet the decoder read (for the IV bytes of protected frames). Returns the frame's sender (SA, or
   * ip:port on a wired capture) when it is one a smart-config sender could have sent.
   */
  pushPacket(packet: DecodedPacket, bytes: Uint8Array | undefined, timeMs: number, channel?: number): string | undefined {
    this.framesSeen++
    this.startedAt ??= timeMs
    const result = airFrameFrom(packet, bytes)
    if (!('frame' in result)) return undefined
    let ch = channel
    if (ch === undefined && packet.kind === 'ieee80211' && packet.radiotap?.channel) ch = channelFromFrequency(packet.radiotap.channel.freqMHz)
    return this.pushFrame(result.frame, timeMs, ch, false)
  }

  pushFrame(frame: AirFrame, absoluteMs: number, channel?: number, counted = true): string | undefined {
    if (counted) {
      this.framesSeen++
      this.startedAt ??= absoluteMs
    }
    // The device-side assemblers keep 32-bit millisecond times, as the firmware does: they get time since the first
    // frame, and reports add the origin back.
    const timeMs = absoluteMs - (this.startedAt ?? absoluteMs)
    if (frame.kind === 'bss') {
      this.apList.learn({ bssid: frame.bssid, ssid: frame.ssid, channel: frame.channel ?? channel, ciphers: frame.ciphers, lastSeenMs: timeMs })
      return undefined
    }
    const lock = this.single.handle(frame, timeMs)
    if (lock?.kind === 'lock' && this.firstLocked === undefined) {
      this.firstLocked = lock.sender
      this.changes++
    }
    const sender = frame.kind === 'wired' ? frame.sender : frame.sa
    const encoding = candidateEncoding(frame)
    if (!encoding || (this.options.encodings && !this.options.encodings.includes(encoding))) return sender
    const key = `${encoding}|${sender}`
    let track = this.tracks.get(key)
    if (!track) {
      if (!startsTrack(frame, encoding) || this.tracks.size >= (this.options.maxSenders ?? 64)) return sender
      track = new SenderTrack(sender, encoding, this.apList, this.options.productSecrets ?? [], timeMs, frame.kind === 'wired')
      this.tracks.set(key, track)
      this.changes++
    }
    if (track.push(frame, timeMs, channel)) this.changes++
    return sender
  }

  /** The track of one sender (tests, the method's own sender). */
  track(encoding: Encoding, sender: string): SenderTrack | undefined {
    return this.tracks.get(`${encoding}|${sender}`)
  }

  analysis(options: { reveal?: boolean } = {}): AwssAnalysis {
    return {
      frames: this.framesSeen,
      ...(this.startedAt !== undefined ? { startedAtMs: this.startedAt } : {}),
      accessPoints: this.apList.view(),
      senders: [...this.tracks.values()].sort((a, b) => a.firstSeenMs - b.firstSeenMs).map((t) => t.report(options.reveal ?? false, this.startedAt ?? 0)),
      ...(this.firstLocked ? { firstLockedSender: this.firstLocked } : {}),
    }
  }

  reset(): void {
    this.apList.clear()
    this.tracks.clear()
    this.single.reset()
    this.firstLocked = undefined
    this.framesSeen = 0
    this.startedAt = undefined
    this.changes++
  }
}

/** Which encoding a frame could belong to, from its destination (§1.6 dispatch: bcast DA, then mcast DA). */
function candidateEncoding(frame: AirFrame): Encoding | undefined {
  if (frame.kind === 'probe-request') return 'p2p'
  if (frame.kind === 'bss') return undefined
  if (frame.da === BROADCAST) return 'bcast'
  if (frame.da.startsWith('01:00:5e:')) return 'mcast'
  return undefined
}

/**
 * Only a frame that some offset turns into a hint (bcast), a 1-byte payload (mcast) or a valid Device Name (p2p)
 * starts tracking a sender: ARP, DHCP and mDNS from every station on the air must not.
 */
function startsTrack(frame: AirFrame, encoding: Encoding): boolean {
  if (frame.kind === 'probe-request') return decodeP2pDeviceName(frame.deviceName).ok
  const lengths = frame.kind === 'wired' ? [frame.payloadLength] : frame.kind === 'data' ? DATA_OFFSETS.map((o) => frame.bodyLength - o) : []
  if (encoding === 'bcast') return lengths.some((l) => HINT_LENGTHS.has(l) || (frame.kind === 'wired' && classifyBcastLength(l).kind === 'start'))
  return lengths.includes(1)
}
