import { randomBytes } from 'node:crypto'
import { KeyInfo, buildEapolKey, parseEapolKey } from '../../codec/eapol/key-frame'
import { parseMac } from '../../codec/ieee80211/mac-address'
import type { AirNode, Position, Reception } from '../air'
import type { LabEnvironment } from '../devices/device'
import { frequencyOf, type VirtualRouter } from '../router'
import { type BssDescription, ETHERTYPE_EAPOL, type LabFrame, MGMT, RSN_IE_CCMP_PSK, build, parseLabFrame, bssInfo } from './frames'
import { derivePtk, micMatches, pmkFromPassphrase, withMic } from './wpa2-keys'

export type Band = '2.4GHz' | '5GHz'

export type JoinFailure = 'network-not-found' | 'band-unsupported' | 'out-of-range' | 'wrong-password' | 'association-failed' | 'poor-link'
export type JoinResult = { result: 'joined'; ip: string; channel: number; bssid: string } | { result: 'failed'; reason: JoinFailure }

const CHANNELS_24 = [1, 6, 11, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13]
const CHANNELS_5 = [36, 40, 44, 48, 149, 153, 157, 161, 165]
const PROBE_DWELL_MS = 50
const EXCHANGE_TIMEOUT_MS = 500
/** Longer than the router's three M1 attempts, so a wrong passphrase is told apart from a slow machine. */
const HANDSHAKE_TIMEOUT_MS = 4_000
/** Frame loss at which the lab blames the link for a failed join. */
const POOR_LINK_LOSS = 0.5

/**
 * A device's Wi-Fi radio in the lab: active scan, open authentication, association and the WPA2 4-way handshake,
 * over the lab air with real frames. What the firmware models use to join a router.
 */
export class WifiStationClient implements AirNode {
  readonly medium = 'wifi' as const
  private channel: number | null = null
  private seq = 0
  private waiters = new Set<(frame: LabFrame, reception: Reception) => boolean>()
  private detachFromAir: (() => void) | undefined

  constructor(
    readonly id: string,
    readonly mac: string,
    private readonly where: () => Position,
    private readonly bands: () => Band[],
    private readonly env: LabEnvironment,
    private readonly lossKnob: () => number = () => 0,
  ) {}

  get position(): Position {
    return this.where()
  }

  listening(): number | null {
    return this.channel
  }

  extraLoss(): number {
    return this.lossKnob()
  }

  tune(channel: number | null): void {
    this.channel = channel
  }

  attach(): void {
    this.detachFromAir ??= this.env.air.attach(this)
  }

  detach(): void {
    this.detachFromAir?.()
    this.detachFromAir = undefined
  }

  receive(reception: Reception): void {
    const frame = parseLabFrame(reception.bytes)
    if (!frame) return
    for (const waiter of [...this.waiters]) if (waiter(frame, reception)) this.waiters.delete(waiter)
  }

  send(bytes: Uint8Array): void {
    if (this.channel === null) return
    this.env.air.transmit({ medium: 'wifi', from: this.id, channel: this.channel, freqMHz: frequencyOf(this.channel), bytes, rateKbps: 1000 })
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xfff
    return this.seq
  }

  /** Collects frames `accept` takes for `ms`, or until `accept` returns 'stop'. */
  private listen(ms: number, accept: (frame: LabFrame, reception: Reception) => boolean | 'stop', signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter = (frame: LabFrame, reception: Reception) => {
        if (accept(frame, reception) === 'stop') {
          done()
          return true
        }
        return false
      }
      const done = () => {
        cancel()
        this.waiters.delete(waiter)
        signal?.removeEventListener('abort', done)
        resolve()
      }
      const cancel = this.env.clock.timer(ms, done)
      this.waiters.add(waiter)
      signal?.addEventListener('abort', done, { once: true })
    })
  }

  /** Active scan: a probe request per channel, answers collected for a short dwell. */
  async scan(ssid: string | undefined, bssid: string | undefined, signal?: AbortSignal): Promise<(BssDescription & { rssiDbm: number })[]> {
    const found = new Map<string, BssDescription & { rssiDbm: number }>()
    const channels = [...(this.bands().includes('2.4GHz') ? CHANNELS_24 : []), ...(this.bands().includes('5GHz') ? CHANNELS_5 : [])]
    for (const channel of channels) {
      if (signal?.aborted) break
      this.tune(channel)
      this.send(build.probeRequest(this.mac, ssid ?? '', this.nextSeq()))
      await this.listen(
        PROBE_DWELL_MS,
        (frame, reception) => {
          if (frame.type !== 0 || (frame.subtype !== MGMT.probeResponse && frame.subtype !== MGMT.beacon)) return false
          const ies = bssInfo(frame)
          if (ies.ssid === undefined || (ssid !== undefined && ies.ssid !== ssid) || (bssid && frame.addr3 !== bssid)) return false
          found.set(frame.addr3, {
            bssid: frame.addr3,
            ssid: ies.ssid,
            channel: ies.channel ?? channel,
            security: ies.rsn ? 'wpa2' : 'open',
            rssiDbm: reception.rssiDbm,
          })
          return bssid ? 'stop' : false
        },
        signal,
      )
      if (bssid && found.has(bssid)) break
    }
    return [...found.values()].sort((a, b) => b.rssiDbm - a.rssiDbm)
  }

  async join(target: { ssid: string; bssid?: string; password: string }, signal?: AbortSignal): Promise<JoinResult> {
    this.attach()
    let candidates = await this.scan(target.ssid, target.bssid, signal)
    // A second pass before giving up, as firmware does: one probe per channel can be lost.
    if (candidates.length === 0 && !signal?.aborted) candidates = await this.scan(target.ssid, target.bssid, signal)
    const bss = candidates[0]
    if (!bss) return this.fail(this.whyNotFound(target))
    this.tune(bss.channel)
    const router = this.env.routers().find((r) => r.spec.bssid === bss.bssid)

    const authenticated = await this.exchange(
      () => build.authentication(bss.bssid, this.mac, bss.bssid, 1, 0, this.nextSeq()),
      (f) => f.type === 0 && f.subtype === MGMT.authentication && f.addr1 === this.mac && f.body[2] === 2,
      signal,
    )
    if (!authenticated) return this.fail('association-failed')

    const handshake = bss.security === 'wpa2' ? this.handshake(bss, target.password, signal) : Promise.resolve('ok' as const)
    const associated = await this.exchange(
      () => build.assocRequest(bss, this.mac, this.nextSeq()),
      (f) => f.type === 0 && f.subtype === MGMT.assocResponse && f.addr1 === this.mac && f.body[2] === 0,
      signal,
    )
    if (!associated) return this.fail('association-failed')
    const outcome = await handshake
    if (outcome !== 'ok') {
      this.send(build.deauthentication(bss.bssid, this.mac, bss.bssid, 15, this.nextSeq()))
      // M1 came but our M2 was never accepted: the passphrase differs. No M1 at all is an association problem.
      return this.fail(outcome === 'rejected' ? 'wrong-password' : 'association-failed')
    }
    const ip = router?.lease(this.mac)
    if (!ip) return this.fail('association-failed')
    return { result: 'joined', ip, channel: bss.channel, bssid: bss.bssid }
  }

  private fail(reason: JoinFailure): JoinResult {
    this.tune(null)
    // Lab ground truth: when the air was set to lose most frames on this link, that is why the exchange failed,
    // whichever stage it failed at (a wrong passphrase is still told apart: the router answered and rejected it).
    const lossy = reason === 'association-failed' || reason === 'network-not-found'
    return { result: 'failed', reason: lossy && this.linkLoss() >= POOR_LINK_LOSS ? 'poor-link' : reason }
  }

  private linkLoss(): number {
    return Math.min(0.99, this.env.air.knobs.loss + this.lossKnob())
  }

  /** Lab ground truth for a network the radio did not find: is it on a band this radio lacks, or too far? */
  private whyNotFound(target: { ssid: string; bssid?: string }): JoinFailure {
    const matching = this.env.routers().filter((r) => (target.bssid ? r.spec.bssid === target.bssid : r.spec.ssid === target.ssid))
    if (matching.length === 0) return 'network-not-found'
    if (matching.every((r) => !this.bands().includes(r.spec.band))) return 'band-unsupported'
    if (matching.some((r) => this.rssiFrom(r) < this.env.air.knobs.sensitivityDbm)) return 'out-of-range'
    return 'network-not-found'
  }

  private rssiFrom(router: VirtualRouter): number {
    return this.env.air.rssiBetween(router.id, router.position, this.id, this.position)
  }

  private async exchange(frame: () => Uint8Array, reply: (f: LabFrame) => boolean, signal?: AbortSignal): Promise<boolean> {
    for (let attempt = 0; attempt < 3 && !signal?.aborted; attempt++) {
      let ok = false
      const waiting = this.listen(EXCHANGE_TIMEOUT_MS, (f) => (reply(f) ? ((ok = true), 'stop') : false), signal)
      this.send(frame())
      await waiting
      if (ok) return true
    }
    return false
  }

  /** Supplicant side of the 4-way handshake; false when the router never accepts our M2 (wrong passphrase). */
  private async handshake(bss: BssDescription, password: string, signal?: AbortSignal): Promise<'ok' | 'rejected' | 'no-m1'> {
    const pmk = pmkFromPassphrase(password, bss.ssid)
    const snonce = new Uint8Array(randomBytes(32))
    // The BSSID and our own address are the lab's colon-hex MACs, so they always parse.
    const apMac = parseMac(bss.bssid)!
    let kck: Uint8Array | undefined
    let done = false
    let sawM1 = false
    await this.listen(
      HANDSHAKE_TIMEOUT_MS,
      (f) => {
        if (f.type !== 2 || !f.fromDS || f.addr1 !== this.mac) return false
        if (((f.body[6] << 8) | f.body[7]) !== ETHERTYPE_EAPOL) return false
        const eapol = f.body.subarray(8)
        const key = parseEapolKey(eapol)
        if (!key.ok) return false
        if (key.value.message === 1) {
          sawM1 = true
          kck = derivePtk(pmk, apMac, parseMac(this.mac)!, key.value.nonce, snonce).kck
          const m2 = buildEapolKey({
            keyInfo: 2 | KeyInfo.pairwise | KeyInfo.mic,
            keyLength: 0,
            replayCounter: key.value.replayCounter,
            nonce: snonce,
            iv: new Uint8Array(16),
            rsc: new Uint8Array(8),
            mic: new Uint8Array(16),
            keyData: RSN_IE_CCMP_PSK,
          })
          this.send(build.data('to-ds', bss.bssid, this.mac, bss.bssid, this.nextSeq(), ETHERTYPE_EAPOL, withMic(kck, m2)))
          return false
        }
        if (key.value.message === 3 && kck && micMatches(kck, eapol.subarray(0, 4 + ((eapol[2] << 8) | eapol[3])))) {
          const m4 = buildEapolKey({
            keyInfo: 2 | KeyInfo.pairwise | KeyInfo.mic | KeyInfo.secure,
            keyLength: 0,
            replayCounter: key.value.replayCounter,
            nonce: new Uint8Array(32),
            iv: new Uint8Array(16),
            rsc: new Uint8Array(8),
            mic: new Uint8Array(16),
            keyData: new Uint8Array(0),
          })
          this.send(build.data('to-ds', bss.bssid, this.mac, bss.bssid, this.nextSeq(), ETHERTYPE_EAPOL, withMic(kck, m4)))
          done = true
          return 'stop'
        }
        return false
      },
      signal,
    )
    // The router marks us authorized when M4 arrives; give the air a moment to deliver it.
    if (done) await this.env.clock.sleep(5)
    return done ? 'ok' : sawM1 ? 'rejected' : 'no-m1'
  }
}
