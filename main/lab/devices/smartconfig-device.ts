import type { LabDeviceView } from '../../../preload/contract'
import { airFrameFrom } from '../../awss-oracle/air-frame'
import { ApList } from '../../awss-oracle/ap-list'
import { type DecodedCredentials, DeviceListener, type ListenerEvent } from '../../awss-oracle/device-listener'
import { decode80211 } from '../../codec/ieee80211/index.js'
import type { AirNode, Reception } from '../air'
import { WORKSTATION_NODE } from '../router-relay'
import { WifiStationClient } from '../wifi/station-client'
import type { DeviceSpec } from '../scenario'
import { type DeviceKind, KnobSet, labDeviceView, radioBands, type LabDevice, type LabEnvironment } from './device'
import { LanPresence } from './lan-presence'
import { SmartconfigInterferer } from './smartconfig-interferer'

// A device provisioned by one-click smart-config (PROTOCOLS-awss.md §1.6-4), as the firmware behaves: in monitor mode
// it hops 1, 6, 11, 1..13 with a 250 ms dwell, locks on a hint frame (or an mcast/p2p frame), drops the lock after 8 s
// without a valid frame, decodes with the device-side assemblers (the same code the air oracle runs), then joins the
// router and announces /sys/awss/event/connectap/notify on the LAN. Its cipher offset comes from the beacons it heard:
// a device that misses the router's beacons applies WEP's offset to CCMP frames and decodes nothing, as real ones do.

const SCAN_CHANNELS = [1, 6, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
const DWELL_MS = 250
const LOCK_TIMEOUT_MS = 8_000
/** delay_p2p: with mcast enabled, a p2p result waits 5 s for an mcast lock, then up to 30 s for mcast to complete. */
const P2P_MCAST_GRACE_MS = 5_000
const P2P_MCAST_WAIT_MS = 30_000
/** After decoding, the firmware keeps trying to connect for a while before it goes back to smart-config. */
const JOIN_RETRY_WINDOW_MS = 30_000
const JOIN_RETRY_DELAY_MS = 2_000

export const smartconfigDeviceKind: DeviceKind = {
  kind: 'smartconfig-device',
  label: 'Smart plug (one-click smart-config)',
  methods: ['smart-config'],
  knobs: [
    { name: 'frameLoss', label: 'Frame loss while listening for smart-config', type: 'number', min: 0, max: 0.9, step: 0.05 },
    { name: 'hearsBeacons', label: "Hears the router's beacons", type: 'boolean' },
    { name: 'hearsWorkstation', label: "Hears the phone's own frames (not only the router's copies)", type: 'boolean' },
    { name: 'wrongProductSecret', label: 'Firmware has a wrong productSecret', type: 'boolean' },
    { name: 'interferingSender', label: 'A neighbour phone sends smart-config nearby', type: 'boolean' },
    { name: 'supports5GHz', label: 'Radio supports 5 GHz', type: 'boolean' },
    { name: 'distanceM', label: 'Distance to the router (m)', type: 'number', min: 1, max: 200, step: 1 },
    { name: 'rearmAfterMs', label: 'Back to pairing mode after being online (ms, 0 = never)', type: 'number', min: 0, max: 600_000, step: 1000 },
  ],
  defaults: {
    frameLoss: 0,
    hearsBeacons: true,
    hearsWorkstation: true,
    wrongProductSecret: false,
    interferingSender: false,
    supports5GHz: false,
    distanceM: 4,
    rearmAfterMs: 3_000,
  },
  create: (spec, env) => new SmartconfigDevice(spec, env),
}

type State = 'listening' | 'locked' | 'decoded' | 'joining' | 'online' | 'join-failed'

class SmartconfigDevice implements LabDevice, AirNode {
  readonly kind = smartconfigDeviceKind.kind
  readonly methods = smartconfigDeviceKind.methods
  readonly medium = 'wifi' as const
  private knobs: KnobSet
  private state: State = 'listening'
  private channel: number | null = null
  private hopIndex = 0
  private cancelHop: (() => void) | undefined
  private cancelUnlock: (() => void) | undefined
  private cancelRearm: (() => void) | undefined
  private cancelP2p: (() => void) | undefined
  private detachSniffer: (() => void) | undefined
  private apList = new ApList()
  private listener!: DeviceListener
  private lockedBy: { encoding: string; sender: string } | undefined
  private mcastLockedAt: number | undefined
  private pendingP2p: DecodedCredentials | undefined
  private interferenceReported = new Set<string>()
  private heardFrom = new Set<string>()
  private ip: string | undefined
  private joinedSsid: string | undefined
  private wifi: WifiStationClient
  private lan: LanPresence | undefined
  private interferer: SmartconfigInterferer | undefined
  private stopped = new AbortController()

  constructor(
    readonly spec: DeviceSpec,
    private readonly env: LabEnvironment,
  ) {
    this.knobs = new KnobSet(smartconfigDeviceKind.knobs, smartconfigDeviceKind.defaults, spec.knobs)
    // Loss applies to the monitor-mode listening only: the join has its own retries and is not what this knob tests.
    this.wifi = new WifiStationClient(spec.id, spec.mac, () => this.position, () => radioBands(this.knobs), env)
    this.newListener()
  }

  get id(): string {
    return this.spec.id
  }

  get position() {
    return { x: this.knobs.get<number>('distanceM'), y: 0 }
  }

  private productSecret(): string | undefined {
    const secret = this.env.product(this.spec.productKey)?.productSecret
    if (secret === undefined) return undefined
    // A firmware image built with another product's secret: every password decrypts to noise.
    return this.knobs.get<boolean>('wrongProductSecret') ? `${secret}-not-this-product` : secret
  }

  private newListener(): void {
    this.listener = new DeviceListener({ apList: this.apList, productSecret: this.productSecret() })
  }

  view(): LabDeviceView {
    return labDeviceView(this, this.env, { state: this.state, ip: this.ip, joinedSsid: this.joinedSsid, knobs: this.knobs })
  }

  setKnob(name: string, value: number | boolean | string): void {
    this.knobs.set(name, value)
    if (name === 'wrongProductSecret') this.newListener()
    if (name === 'hearsWorkstation') this.env.air.setLinkRssi(WORKSTATION_NODE, this.spec.id, value === false ? -120 : undefined)
    if (name === 'interferingSender') this.updateInterferer()
  }

  async start(): Promise<void> {
    if (!this.knobs.get<boolean>('hearsWorkstation')) this.env.air.setLinkRssi(WORKSTATION_NODE, this.spec.id, -120)
    this.updateInterferer()
    this.enterPairing()
  }

  async stop(): Promise<void> {
    this.stopped.abort()
    this.interferer?.stop()
    this.stopSniffing()
    this.cancelRearm?.()
    this.wifi.detach()
    await this.lan?.stop()
  }

  private updateInterferer(): void {
    const on = this.knobs.get<boolean>('interferingSender')
    if (!on) {
      this.interferer?.stop()
      this.interferer = undefined
      return
    }
    const secret = this.env.product(this.spec.productKey)?.productSecret
    if (this.interferer || secret === undefined) return
    // The neighbour's network happens to be on the channel the device listens on right now, so the device hears the
    // neighbour's first frame (a start frame) at once and locks on it, before any session of ours starts sending.
    const channel = this.channel ?? SCAN_CHANNELS[0]
    this.interferer = new SmartconfigInterferer(this.env.air, this.env.clock, this.spec.id, { x: this.position.x + 1, y: 0 }, () => channel, secret)
    this.interferer.start()
  }

  // ---- monitor mode ------------------------------------------------------------------------------------------

  private enterPairing(): void {
    if (this.stopped.signal.aborted) return
    this.state = 'listening'
    this.lockedBy = undefined
    this.mcastLockedAt = undefined
    this.pendingP2p = undefined
    this.interferenceReported.clear()
    this.heardFrom.clear()
    this.newListener()
    this.detachSniffer ??= this.env.air.attach(this)
    this.hopIndex = 0
    this.hop()
  }

  private stopSniffing(): void {
    this.cancelHop?.()
    this.cancelUnlock?.()
    this.cancelP2p?.()
    this.cancelHop = this.cancelUnlock = this.cancelP2p = undefined
    this.detachSniffer?.()
    this.detachSniffer = undefined
    this.channel = null
  }

  private hop(): void {
    this.channel = SCAN_CHANNELS[this.hopIndex % SCAN_CHANNELS.length]
    this.hopIndex++
    this.cancelHop = this.env.clock.timer(DWELL_MS, () => this.hop())
  }

  listening(): number | null {
    return this.detachSniffer ? this.channel : null
  }

  extraLoss(): number {
    return this.knobs.get<number>('frameLoss')
  }

  receive(reception: Reception): void {
    if (!this.detachSniffer || reception.channel !== this.channel) return
    const packet = decode80211(reception.bytes, { fcsAtEnd: false })
    const result = airFrameFrom(packet, reception.bytes)
    if (!('frame' in result)) return
    const frame = result.frame
    if (frame.kind === 'bss' && !this.knobs.get<boolean>('hearsBeacons')) return
    const event = this.listener.handle(frame, this.env.clock.now())
    if (frame.kind === 'data' && (frame.da === 'ff:ff:ff:ff:ff:ff' || frame.da.startsWith('01:00:5e:'))) this.reportOffset(frame.sa)
    if (event) this.onListenerEvent(event, reception.channel)
  }

  private onListenerEvent(event: ListenerEvent, channel: number): void {
    switch (event.kind) {
      case 'lock':
      case 'prepare': {
        const encoding = event.kind === 'lock' ? event.encoding : 'p2p'
        if (encoding === 'mcast') this.mcastLockedAt ??= this.env.clock.now()
        this.keepLock()
        if (this.lockedBy) return
        this.lockedBy = { encoding, sender: event.sender }
        this.state = 'locked'
        this.cancelHop?.()
        this.cancelHop = undefined
        const offset = this.listener.offsets.get(event.sender)
        this.emit('smartconfig-locked', {
          encoding,
          sender: event.sender,
          channel,
          ...(offset ? { cipher: offset.cipher, offsetBytes: offset.bytes, offsetReason: offset.reason } : {}),
        })
        return
      }
      case 'progress':
        this.keepLock()
        return
      case 'interference':
        if (!this.interferenceReported.has(event.sender)) {
          this.interferenceReported.add(event.sender)
          this.emit('smartconfig-interference', { encoding: event.encoding, sender: event.sender, lockedOn: this.lockedBy?.sender ?? '' })
        }
        return
      case 'failed':
        this.emit('smartconfig-failed', { encoding: event.encoding, sender: event.sender, failure: event.failure, reason: event.reason })
        return
      case 'decoded':
        this.onDecoded(event.credentials, channel)
    }
  }

  /** Ground truth for the diagnosis: the offset the firmware applies to a phone's group-addressed frames, on change. */
  private reportOffset(sender: string): void {
    const offset = this.listener.offsets.get(sender)
    if (!offset) return
    const key = `${sender}|${offset.cipher}|${offset.reason}`
    if (this.heardFrom.has(key)) return
    this.heardFrom.add(key)
    this.emit('smartconfig-heard', { sender, cipher: offset.cipher, offsetBytes: offset.bytes, offsetReason: offset.reason })
  }

  /** Any valid frame pushes the 8 s unlock back (aws_channel_lock_timeout_ms). */
  private keepLock(): void {
    this.cancelUnlock?.()
    this.cancelUnlock = this.env.clock.timer(LOCK_TIMEOUT_MS, () => {
      this.emit('smartconfig-unlocked', { after: LOCK_TIMEOUT_MS, sender: this.lockedBy?.sender ?? '' })
      this.lockedBy = undefined
      this.mcastLockedAt = undefined
      this.state = 'listening'
      this.newListener()
      this.hop()
    })
  }

  private onDecoded(credentials: DecodedCredentials, channel: number): void {
    const offset = this.listener.offsets.get(credentials.sender)
    this.emit('smartconfig-decoded', {
      encoding: credentials.encoding,
      sender: credentials.sender,
      channel,
      ssid: credentials.ssid?.display ?? '',
      ssidSource: credentials.ssid?.source ?? '',
      ...(offset && credentials.encoding !== 'p2p' ? { cipher: offset.cipher, offsetBytes: offset.bytes, offsetReason: offset.reason } : {}),
      ...(credentials.bindToken ? { token: credentials.bindToken } : {}),
    })
    if (credentials.encoding !== 'p2p') {
      this.cancelP2p?.()
      return void this.provision(credentials)
    }
    if (this.pendingP2p) return
    this.pendingP2p = credentials
    const useP2p = () => {
      if (this.state === 'joining' || this.state === 'online') return
      this.provision(this.pendingP2p!)
    }
    this.cancelP2p = this.env.clock.timer(P2P_MCAST_GRACE_MS, () => {
      // An mcast lock in the grace period: give mcast up to 30 s more before using the p2p result.
      this.cancelP2p = this.mcastLockedAt !== undefined ? this.env.clock.timer(P2P_MCAST_WAIT_MS, useP2p) : (useP2p(), undefined)
    })
  }

  // ---- after decoding: join and announce ------------------------------------------------------------------------

  private provision(credentials: DecodedCredentials): void {
    if (this.state === 'joining' || this.state === 'online') return
    this.state = 'decoded'
    this.stopSniffing()
    void this.joinAndAnnounce(credentials).catch((error) => this.env.log.warn('lab smart-config device failed', { device: this.spec.id, error: (error as Error).message }))
  }

  private async joinAndAnnounce(credentials: DecodedCredentials): Promise<void> {
    const signal = this.stopped.signal
    const ssid = new TextDecoder().decode(credentials.ssid?.bytes ?? new Uint8Array(0))
    const password = new TextDecoder().decode(credentials.password ?? new Uint8Array(0))
    const decodedAt = this.env.clock.now()
    this.state = 'joining'
    let joined = await this.wifi.join({ ssid, ...(credentials.bssid ? { bssid: credentials.bssid } : {}), password }, signal)
    for (let attempt = 1; joined.result !== 'joined'; attempt++) {
      this.emit('wifi-join', { result: 'failed', reason: joined.reason, ssid, attempt, encoding: credentials.encoding, sender: credentials.sender })
      this.wifi.detach()
      if (signal.aborted) return
      if (this.env.clock.now() - decodedAt >= JOIN_RETRY_WINDOW_MS) {
        // The firmware gives up on these credentials and goes back to smart-config (awss restarts).
        this.state = 'join-failed'
        return this.enterPairing()
      }
      await this.env.clock.sleep(JOIN_RETRY_DELAY_MS, signal).catch(() => undefined)
      if (signal.aborted) return
      joined = await this.wifi.join({ ssid, ...(credentials.bssid ? { bssid: credentials.bssid } : {}), password }, signal)
    }
    this.state = 'online'
    this.ip = joined.ip
    this.joinedSsid = ssid
    this.emit('wifi-join', { result: 'joined', ip: joined.ip, ssid, channel: joined.channel, encoding: credentials.encoding, sender: credentials.sender })
    await this.lan?.stop()
    this.lan = new LanPresence(joined.ip, { productKey: this.spec.productKey, deviceName: this.spec.deviceName, mac: this.spec.mac }, this.env.notifyTarget(), this.env.clock, this.env.log)
    await this.lan.start()
    this.lan.setToken(credentials.bindToken)
    // §9.2: connectap every 500 ms, at most 60 times, until acknowledged.
    const acknowledged = await this.lan.announce(
      { path: '/sys/awss/event/connectap/notify', method: 'awss.event.connectap.notify', params: { type: 0 }, intervalMs: 500, maxCount: 60 },
      signal,
    )
    this.emit('announce', { acknowledged, path: '/sys/awss/event/connectap/notify' })
    const rearm = this.knobs.get<number>('rearmAfterMs')
    if (rearm > 0 && !signal.aborted) this.cancelRearm = this.env.clock.timer(rearm, () => void this.rearm())
  }

  /** Lab convenience: as if the user long-pressed the button, so the next session finds it in pairing mode. */
  private async rearm(): Promise<void> {
    if (this.stopped.signal.aborted) return
    await this.lan?.stop()
    this.lan = undefined
    this.wifi.detach()
    this.ip = undefined
    this.joinedSsid = undefined
    this.enterPairing()
  }

  private emit(kind: string, detail: Record<string, string | number | boolean>): void {
    this.env.emit({ deviceId: this.spec.id, kind, detail })
  }
}
