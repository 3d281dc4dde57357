import { randomBytes } from 'node:crypto'
import type { KnobSpec, LabRouterView } from '../../preload/contract'
import { KeyInfo, buildEapolKey, parseEapolKey } from '../codec/eapol/key-frame'
import { parseMac } from '../codec/ieee80211/mac-address'
import type { Clock } from '../runtime/clock'
import type { Logger } from '../runtime/log'
import type { Air, AirNode, Reception } from './air'
import type { KnobValue } from './devices/device'
import type { LabLan } from './lan'
import type { RouterSpec } from './scenario'
import { type BssDescription, ETHERTYPE_EAPOL, MGMT, RSN_IE_CCMP_PSK, build, parseLabFrame, bssInfo } from './wifi/frames'
import { derivePtk, micMatches, pmkFromPassphrase, withMic } from './wifi/wpa2-keys'

export const ROUTER_KNOBS: KnobSpec[] = [
  { name: 'enabled', label: 'Powered on', type: 'boolean' },
  { name: 'dropMulticast', label: 'Drop multicast frames', type: 'boolean' },
  { name: 'beaconIntervalMs', label: 'Beacon interval (ms)', type: 'number', min: 20, max: 1000, step: 1 },
]

const ROUTER_DEFAULTS: Record<string, KnobValue> = { enabled: true, dropMulticast: false, beaconIntervalMs: 102.4 }
// Generous: lab timers run on a real clock that a loaded machine can delay by hundreds of milliseconds.
const HANDSHAKE_RETRY_MS = 1_000
const HANDSHAKE_ATTEMPTS = 3
const REASON_4WAY_TIMEOUT = 15

interface Client {
  mac: string
  state: 'authenticated' | 'associated' | 'handshake' | 'authorized'
  anonce?: Uint8Array
  /** Key confirmation key, once M2 proved the client holds the same PMK. */
  kck?: Uint8Array
  replay: bigint
  attempts: number
  cancelRetry?: () => void
}

export function frequencyOf(channel: number): number {
  if (channel === 14) return 2484
  if (channel <= 13) return 2407 + 5 * channel
  return 5000 + 5 * channel
}

/**
 * A virtual access point: beacons, answers probes, open authentication, association, and a real WPA2-PSK 4-way
 * handshake (a wrong password fails at M2's MIC, as on a real router). It hands out lab LAN addresses to clients
 * that complete the handshake.
 */
export class VirtualRouter implements AirNode {
  readonly medium = 'wifi' as const
  readonly id: string
  readonly position: { x: number; y: number }
  private knobs: Record<string, KnobValue>
  private seq = 0
  private stopBeacon: (() => void) | undefined
  private detach: (() => void) | undefined
  private clients = new Map<string, Client>()
  private pmk: Uint8Array | undefined
  private dataListeners = new Set<(frame: Reception) => void>()

  constructor(
    readonly spec: RouterSpec,
    private readonly air: Air,
    private readonly clock: Clock,
    private readonly lan: LabLan,
    private readonly log: Logger,
  ) {
    this.id = `router:${spec.id}`
    this.position = spec.position
    this.knobs = { ...ROUTER_DEFAULTS, ...spec.knobs }
    if (spec.security === 'wpa2') this.pmk = pmkFromPassphrase(spec.password, spec.ssid)
  }

  get bss(): BssDescription {
    return { bssid: this.spec.bssid, ssid: this.spec.ssid, channel: this.spec.channel, security: this.spec.security }
  }

  knob<T extends KnobValue>(name: string): T {
    return this.knobs[name] as T
  }

  listening(): number | null {
    return this.knobs.enabled ? this.spec.channel : null
  }

  start(): void {
    this.detach = this.air.attach(this)
    this.scheduleBeacon()
  }

  stop(): void {
    this.stopBeacon?.()
    this.detach?.()
    for (const client of this.clients.values()) client.cancelRetry?.()
  }

  setKnob(name: string, value: KnobValue): void {
    const spec = ROUTER_KNOBS.find((k) => k.name === name)
    if (!spec) throw new Error(`Unknown router knob "${name}"; known: ${ROUTER_KNOBS.map((k) => k.name).join(', ')}.`)
    if (spec.type === 'boolean' && typeof value !== 'boolean') throw new Error(`Router knob "${name}" takes true or false.`)
    if (spec.type === 'number' && (typeof value !== 'number' || value < spec.min! || value > spec.max!)) {
      throw new Error(`Router knob "${name}" must be between ${spec.min} and ${spec.max}.`)
    }
    this.knobs[name] = value
  }

  view(): LabRouterView {
    return {
      id: this.spec.id,
      ssid: this.spec.ssid,
      bssid: this.spec.bssid,
      channel: this.spec.channel,
      band: this.spec.band,
      security: this.spec.security,
      hasPassword: this.spec.password.length > 0,
      knobs: { ...this.knobs },
    }
  }

  /** Data frames the router receives from associated clients (smart-config relaying hooks in here). */
  onData(listener: (frame: Reception) => void): () => void {
    this.dataListeners.add(listener)
    return () => this.dataListeners.delete(listener)
  }

  send(bytes: Uint8Array): void {
    if (!this.knobs.enabled) return
    this.air.transmit({ medium: 'wifi', from: this.id, channel: this.spec.channel, freqMHz: frequencyOf(this.spec.channel), bytes, rateKbps: 6000 })
  }

  nextSeq(): number {
    this.seq = (this.seq + 1) & 0xfff
    return this.seq
  }

  private scheduleBeacon(): void {
    this.stopBeacon = this.clock.timer(this.knob<number>('beaconIntervalMs'), () => {
      this.send(build.beacon(this.bss, this.nextSeq(), this.air.nowMicros()))
      this.scheduleBeacon()
    })
  }

  receive(frame: Reception): void {
    if (!this.knobs.enabled) return
    const parsed = parseLabFrame(frame.bytes)
    if (!parsed) return
    const { bssid } = this.spec
    if (parsed.type === 0) {
      if (parsed.subtype === MGMT.probeRequest) {
        const { ssid } = bssInfo(parsed)
        if (ssid === undefined || ssid === '' || ssid === this.spec.ssid) {
          this.send(build.probeResponse(this.bss, parsed.addr2, this.nextSeq(), this.air.nowMicros()))
        }
        return
      }
      if (parsed.addr1 !== bssid) return
      if (parsed.subtype === MGMT.authentication) {
        this.clients.get(parsed.addr2)?.cancelRetry?.()
        this.clients.set(parsed.addr2, { mac: parsed.addr2, state: 'authenticated', replay: 0n, attempts: 0 })
        this.send(build.authentication(parsed.addr2, bssid, bssid, 2, 0, this.nextSeq()))
      } else if (parsed.subtype === MGMT.assocRequest) {
        const client = this.clients.get(parsed.addr2)
        if (!client) return this.send(build.deauthentication(parsed.addr2, bssid, bssid, 6, this.nextSeq()))
        client.state = 'associated'
        this.send(build.assocResponse(parsed.addr2, bssid, 0, 1 + this.clients.size, this.nextSeq(), this.spec.channel))
        if (this.spec.security === 'wpa2') this.startHandshake(client)
        else client.state = 'authorized'
      } else if (parsed.subtype === MGMT.deauthentication) {
        this.clients.get(parsed.addr2)?.cancelRetry?.()
        this.clients.delete(parsed.addr2)
      }
      return
    }
    if (parsed.type === 2 && parsed.toDS && parsed.addr1 === bssid) {
      const ethertype = (parsed.body[6] << 8) | parsed.body[7]
      if (ethertype === ETHERTYPE_EAPOL) this.onEapol(parsed.addr2, parsed.body.subarray(8))
      else for (const listener of this.dataListeners) listener(frame)
    }
  }

  isAuthorized(mac: string): boolean {
    return this.clients.get(mac)?.state === 'authorized'
  }

  /** DHCP for an authorized client. */
  lease(mac: string): string | undefined {
    return this.isAuthorized(mac) ? this.lan.lease(mac) : undefined
  }

  private startHandshake(client: Client): void {
    client.state = 'handshake'
    client.anonce = new Uint8Array(randomBytes(32))
    client.attempts = 0
    this.sendM1(client)
  }

  private sendM1(client: Client): void {
    client.cancelRetry?.()
    if (client.attempts >= HANDSHAKE_ATTEMPTS) {
      this.log.debug('4-way handshake timed out', { client: client.mac })
      this.clients.delete(client.mac)
      this.send(build.deauthentication(client.mac, this.spec.bssid, this.spec.bssid, REASON_4WAY_TIMEOUT, this.nextSeq()))
      return
    }
    client.attempts++
    client.replay++
    const m1 = buildEapolKey({
      keyInfo: 2 | KeyInfo.pairwise | KeyInfo.ack,
      keyLength: 16,
      replayCounter: client.replay,
      nonce: client.anonce!,
      iv: new Uint8Array(16),
      rsc: new Uint8Array(8),
      mic: new Uint8Array(16),
      keyData: new Uint8Array(0),
    })
    this.send(build.data('from-ds', this.spec.bssid, this.spec.bssid, client.mac, this.nextSeq(), ETHERTYPE_EAPOL, m1))
    client.cancelRetry = this.clock.timer(HANDSHAKE_RETRY_MS, () => this.sendM1(client))
  }

  private onEapol(mac: string, bytes: Uint8Array): void {
    const client = this.clients.get(mac)
    const key = parseEapolKey(bytes)
    if (!client || !key.ok || !client.anonce || !this.pmk) return
    const frame = bytes.subarray(0, 4 + ((bytes[2] << 8) | bytes[3]))
    if (key.value.message === 2) {
      // Both addresses are the lab's own colon-hex MACs, so they always parse.
      const ptk = derivePtk(this.pmk, parseMac(this.spec.bssid)!, parseMac(mac)!, client.anonce, key.value.nonce)
      // A wrong passphrase gives a different PMK, so the client's MIC does not verify: drop M2 and let M1 retry.
      if (!micMatches(ptk.kck, frame)) return
      client.kck = ptk.kck
      client.cancelRetry?.()
      client.replay++
      const m3 = buildEapolKey({
        keyInfo: 2 | KeyInfo.pairwise | KeyInfo.install | KeyInfo.ack | KeyInfo.mic | KeyInfo.secure | KeyInfo.encryptedKeyData,
        keyLength: 16,
        replayCounter: client.replay,
        nonce: client.anonce,
        iv: new Uint8Array(16),
        rsc: new Uint8Array(8),
        mic: new Uint8Array(16),
        keyData: new Uint8Array([...RSN_IE_CCMP_PSK, ...randomBytes(32)]),
      })
      this.send(build.data('from-ds', this.spec.bssid, this.spec.bssid, mac, this.nextSeq(), ETHERTYPE_EAPOL, withMic(client.kck, m3)))
      client.cancelRetry = this.clock.timer(HANDSHAKE_RETRY_MS * HANDSHAKE_ATTEMPTS, () => {
        if (client.state !== 'authorized') this.sendM1(client)
      })
    } else if (key.value.message === 4 && client.kck && micMatches(client.kck, frame)) {
      client.cancelRetry?.()
      client.state = 'authorized'
    }
  }
}
