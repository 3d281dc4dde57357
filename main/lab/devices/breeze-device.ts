import { createHash } from 'node:crypto'
import type { LabDeviceView } from '../../../preload/contract'
import { decodeUtf8, toHex } from '../../codec/ble/bytes'
import { createBreezeDevice, type BreezeDevice, type BreezeDeviceOptions, type DeviceStep } from '../../codec/breeze/device'
import { LabPeripheralLink } from '../../radio/ble/lab/peripheral-link'
import type { LabGattServer } from '../../radio/ble/lab/gatt-server'
import { WifiStationClient } from '../wifi/station-client'
import { createBreezeGattServer, startsMultiFrameExtDown } from './breeze-gatt'
import { type DeviceKind, KnobSet, labDeviceView, type KnobValue, type LabDevice, type LabEnvironment } from './device'
import { LanPresence } from './lan-presence'
import type { DeviceSpec } from '../scenario'

// A BLE-provisioned (ble-config) device: Breeze firmware (§10) behind a lab BLE peripheral. It advertises on the
// lab air, serves 0xFEB3 through the firmware state machine, takes the Wi-Fi config, joins its router with a real
// WPA2 handshake and announces itself on the LAN (§9.2), like the lab camera does after its QR.
export const breezeDeviceKind: DeviceKind = {
  kind: 'breeze-device',
  label: 'BLE device (Breeze)',
  methods: ['ble-config'],
  knobs: [
    { name: 'poweredOn', label: 'Powered on (off then on = power cycle)', type: 'boolean' },
    { name: 'wrongSecret', label: 'Firmware holds a different secret', type: 'boolean' },
    { name: 'dropConfigWrites', label: 'Drop the link during the next N Wi-Fi config writes', type: 'number', min: 0, max: 10, step: 1 },
    { name: 'responseDelayMs', label: 'Slow GATT answers: delay per request (ms)', type: 'number', min: 0, max: 20_000, step: 100 },
    { name: 'outOfRange', label: 'Out of BLE range (RSSI below sensitivity)', type: 'boolean' },
    { name: 'refuseConfig', label: 'Refuse the Wi-Fi config (answer ERR)', type: 'boolean' },
    { name: 'authRandEncryptedBug', label: 'Firmware bug: AUTH_RAND sent encrypted', type: 'boolean' },
    { name: 'staleConfigQuirk', label: 'A shorter second config keeps the tail of the first (AOS)', type: 'boolean' },
    { name: 'firmware', label: 'Firmware', type: 'choice', choices: ['aos-2.0.5', 'bz-2.0.7'] },
  ],
  defaults: {
    poweredOn: true,
    wrongSecret: false,
    dropConfigWrites: 0,
    responseDelayMs: 0,
    outOfRange: false,
    refuseConfig: false,
    authRandEncryptedBug: false,
    staleConfigQuirk: false,
    firmware: 'aos-2.0.5',
  },
  create: (spec, env) => new BreezeLabDevice(spec, env),
}

/** BZ_AUTH_TIMEOUT: the firmware drops a central that has not authenticated this long after connecting. */
const AUTH_TIMEOUT_MS = 10_000
const TX_POWER_DBM = 0
const OUT_OF_RANGE_TX_POWER_DBM = -70
/** Time the firmware takes between answering the config and starting to join (the reply goes out first). */
const JOIN_DELAY_MS = 200

type BreezeState = 'off' | 'advertising' | 'connected' | 'authenticated' | 'joining' | 'online' | 'join-failed'

export class BreezeLabDevice implements LabDevice {
  readonly kind = breezeDeviceKind.kind
  readonly methods = breezeDeviceKind.methods
  private readonly knobs: KnobSet
  private state: BreezeState = 'off'
  private firmware: BreezeDevice
  private firmwareSignature: string
  private readonly peripheral: LabPeripheralLink
  private readonly server: LabGattServer
  private readonly wifi: WifiStationClient
  private lan: LanPresence | undefined
  private cancelAuthTimer: () => void = () => {}
  private dropsDone = 0
  private ip: string | undefined
  private joinedSsid: string | undefined
  private joinRun = new AbortController()
  private stopped = new AbortController()

  constructor(
    readonly spec: DeviceSpec,
    private readonly env: LabEnvironment,
  ) {
    this.knobs = new KnobSet(breezeDeviceKind.knobs, breezeDeviceKind.defaults, spec.knobs)
    ;[this.firmware, this.firmwareSignature] = this.flash()
    this.wifi = new WifiStationClient(spec.id, spec.mac, () => spec.position, () => ['2.4GHz'], env)
    this.peripheral = new LabPeripheralLink(env, `${spec.id}/ble`, () => spec.position, {
      address: this.bleAddress,
      advertisingData: () => unwrap(this.firmware.advertisingData()),
      scanResponse: () => unwrap(this.firmware.scanResponse()),
      // Indoor fading: a few dB up and down from packet to packet, as any scanner shows.
      txPowerDbm: () => (this.knobs.get<boolean>('outOfRange') ? OUT_OF_RANGE_TX_POWER_DBM : TX_POWER_DBM) + env.random.int(7) - 3,
      extraLoss: () => (this.knobs.get<boolean>('outOfRange') ? 1 : 0),
    }, {
      connected: () => this.connected(),
      l2cap: (frame) => this.server.receive(frame),
      disconnected: (reason) => this.disconnected(reason),
    })
    this.server = createBreezeGattServer(env.clock, {
      firmware: () => this.firmware,
      responseDelayMs: () => this.knobs.get<number>('responseDelayMs'),
      beforeWrite: (value) => this.beforeWrite(value),
      step: (step) => this.onFirmware(step),
      terminate: () => this.peripheral.terminate(),
      sendL2cap: (frame) => this.peripheral.sendL2cap(frame),
      refuseConfig: () => this.knobs.get<boolean>('refuseConfig'),
    })
  }

  /** The public device address: the same MAC the Breeze advertisement carries. */
  get bleAddress(): string {
    return this.spec.mac.toLowerCase()
  }

  private product() {
    return this.env.product(this.spec.productKey)
  }

  /** Builds the firmware model for the current knobs; a changed signature means "reflashed" (fresh boot). */
  private flash(): [BreezeDevice, string] {
    const { options, signature } = this.firmwareOptions()
    return [createBreezeDevice(options), signature]
  }

  private firmwareOptions(): { options: BreezeDeviceOptions; signature: string } {
    const product = this.product()
    const wrong = this.knobs.get<boolean>('wrongSecret')
    const bz207 = this.knobs.get<string>('firmware') === 'bz-2.0.7'
    const alter = (secret: string) => (wrong ? `${secret}-not-the-one` : secret)
    const options: BreezeDeviceOptions = {
      productKey: this.spec.productKey,
      productSecret: alter(product?.productSecret ?? 'unknown-product'),
      deviceName: this.spec.deviceName,
      ...(this.spec.deviceSecret ? { deviceSecret: alter(this.spec.deviceSecret) } : {}),
      productId: product?.productId ?? derivedProductId(this.spec.productKey),
      mac: this.spec.mac,
      advVersion: bz207 ? 7 : 5,
      wifiConfig: bz207 ? 'bz207' : 'aos',
      authRandEncryptedBug: this.knobs.get<boolean>('authRandEncryptedBug'),
    }
    // The signature never holds a secret: only whether the secret is the altered one.
    const signature = JSON.stringify({ wrong, bz207, bug: options.authRandEncryptedBug, productId: options.productId })
    return { options, signature }
  }

  view(): LabDeviceView {
    return labDeviceView(this, this.env, { state: this.state, ip: this.ip, joinedSsid: this.joinedSsid, knobs: this.knobs })
  }

  setKnob(name: string, value: KnobValue): void {
    const before = this.knobs.get<KnobValue>(name)
    this.knobs.set(name, value)
    if (name === 'dropConfigWrites') this.dropsDone = 0
    // Firmware-shaping knobs take effect at once when idle (the advertisement shows the version), else at the next link.
    if (!this.peripheral.connected && this.firmwareOptions().signature !== this.firmwareSignature) [this.firmware, this.firmwareSignature] = this.flash()
    if (name === 'poweredOn' && before !== value) {
      if (value === false) this.powerOff()
      else this.powerOn()
    }
  }

  async start(): Promise<void> {
    this.wifi.attach()
    if (this.knobs.get<boolean>('poweredOn')) this.powerOn()
  }

  async stop(): Promise<void> {
    this.stopped.abort()
    this.joinRun.abort()
    this.cancelAuthTimer()
    this.peripheral.stop()
    this.wifi.detach()
    await this.lan?.stop()
  }

  private powerOn(): void {
    // A power cycle clears the firmware's static buffers (the stale-config quirk's cure).
    ;[this.firmware, this.firmwareSignature] = this.flash()
    this.state = 'advertising'
    this.peripheral.start()
    this.changed()
  }

  private powerOff(): void {
    this.joinRun.abort()
    this.cancelAuthTimer()
    this.peripheral.stop()
    void this.lan?.stop()
    this.lan = undefined
    this.state = 'off'
    this.ip = undefined
    this.joinedSsid = undefined
    this.changed()
  }

  private changed(): void {
    this.env.emit({ deviceId: this.spec.id, kind: 'ble-device-state', detail: { state: this.state, bleAddress: this.bleAddress } })
  }

  private connected(): void {
    if (this.firmwareOptions().signature !== this.firmwareSignature) [this.firmware, this.firmwareSignature] = this.flash()
    // Firmware without the quirk clears its config buffers for every new connection.
    else if (!this.knobs.get<boolean>('staleConfigQuirk')) this.firmware.reboot()
    // get_random(): 16 ASCII decimal digits.
    const random = Uint8Array.from({ length: 16 }, () => 0x30 + this.env.random.int(10))
    this.onFirmware(this.firmware.connect(random))
    this.cancelAuthTimer = this.env.clock.timer(AUTH_TIMEOUT_MS, () => {
      const step = this.firmware.authTimeout()
      for (const action of step.actions) if (action.kind === 'disconnect') this.peripheral.terminate()
      this.onFirmware(step)
    })
    if (this.state !== 'joining') this.state = 'connected'
    this.changed()
  }

  private disconnected(reason: string): void {
    this.cancelAuthTimer()
    this.firmware.disconnect()
    this.server.reset()
    if (this.state === 'connected' || this.state === 'authenticated') this.state = this.knobs.get<boolean>('poweredOn') ? 'advertising' : 'off'
    this.env.emit({ deviceId: this.spec.id, kind: 'ble-disconnected', detail: { reason, bleAddress: this.bleAddress } })
  }

  private beforeWrite(value: Uint8Array): boolean {
    if (this.firmware.authState !== 'done' || !startsMultiFrameExtDown(value)) return true
    if (this.dropsDone >= this.knobs.get<number>('dropConfigWrites')) return true
    this.dropsDone++
    this.env.emit({ deviceId: this.spec.id, kind: 'ble-dropped-mid-write', detail: { bleAddress: this.bleAddress, drop: this.dropsDone } })
    this.peripheral.terminate()
    return false
  }

  private onFirmware(step: DeviceStep): void {
    for (const event of step.events) {
      if (event.type === 'authenticated') {
        this.cancelAuthTimer()
        if (this.state === 'connected') this.state = 'authenticated'
        this.env.emit({ deviceId: this.spec.id, kind: 'ble-auth', detail: { result: 'ok', bleAddress: this.bleAddress } })
      } else if (event.type === 'auth-failed') {
        this.env.emit({ deviceId: this.spec.id, kind: 'ble-auth', detail: { result: 'failed', reason: event.reason, bleAddress: this.bleAddress } })
      } else if (event.type === 'wifi-config') {
        this.env.emit({
          deviceId: this.spec.id,
          kind: 'ble-config-received',
          detail: { accepted: event.accepted, ssidBytes: event.ssid.length, bleAddress: this.bleAddress },
        })
        // AOS firmware fires the connect callback even when it then answers ERR; a refusing one does not.
        if (!this.knobs.get<boolean>('refuseConfig')) this.scheduleJoin(event.ssid, event.password, event.bssid, event.appToken)
      } else if (event.type === 'firmware-fault' || event.type === 'transport-error') {
        this.env.log.debug('lab Breeze device', { device: this.spec.id, event: event.type, reason: event.reason })
      }
    }
  }

  private scheduleJoin(ssid: Uint8Array, password: Uint8Array, bssid: Uint8Array, appToken: Uint8Array | undefined): void {
    this.joinRun.abort()
    const run = new AbortController()
    this.joinRun = run
    this.env.clock
      .sleep(JOIN_DELAY_MS, run.signal)
      .then(() => this.join(decodeUtf8(ssid), decodeUtf8(password), bssid, appToken, run.signal))
      .catch((error: unknown) => {
        if (!run.signal.aborted) this.env.log.warn('lab Breeze device failed', { device: this.spec.id, error: (error as Error).message })
      })
  }

  private async join(ssid: string, password: string, bssidBytes: Uint8Array, appToken: Uint8Array | undefined, signal: AbortSignal): Promise<void> {
    this.state = 'joining'
    this.changed()
    const bssid = bssidBytes.some((b) => b !== 0) ? Array.from(bssidBytes, (b) => b.toString(16).padStart(2, '0')).join(':') : undefined
    await this.lan?.stop()
    this.lan = undefined
    this.ip = undefined
    const joined = await this.wifi.join({ ssid, password, ...(bssid ? { bssid } : {}) }, signal)
    if (signal.aborted) return
    if (joined.result !== 'joined') {
      this.state = 'join-failed'
      this.env.emit({ deviceId: this.spec.id, kind: 'wifi-join', detail: { result: 'failed', reason: joined.reason, ssid, bleAddress: this.bleAddress } })
      return
    }
    this.state = 'online'
    this.ip = joined.ip
    this.joinedSsid = ssid
    this.env.emit({ deviceId: this.spec.id, kind: 'wifi-join', detail: { result: 'joined', ip: joined.ip, ssid, channel: joined.channel, bleAddress: this.bleAddress } })
    const lan = new LanPresence(joined.ip, { productKey: this.spec.productKey, deviceName: this.spec.deviceName, mac: this.spec.mac }, this.env.notifyTarget(), this.env.clock, this.env.log)
    this.lan = lan
    await lan.start()
    // 2.0.7 firmware reports the app's token; AOS makes its own bind token.
    const token = (appToken && appToken.length > 0 ? toHex(appToken) : toHex(this.env.random.bytes(16))).toUpperCase()
    // §9.2: connectap first (no token), then the token notification, each until acknowledged.
    const connectap = await lan.announce({ path: '/sys/awss/event/connectap/notify', method: 'awss.event.connectap.notify', params: { type: 0 }, intervalMs: 500, maxCount: 60 }, signal)
    lan.setToken(token)
    const info = await lan.announce(
      { path: '/sys/device/info/notify', method: 'device.info.notify', params: { token, remainTime: 90_000, type: 0 }, intervalMs: 500, maxCount: 120 },
      signal,
    )
    this.env.emit({ deviceId: this.spec.id, kind: 'announce', detail: { acknowledged: connectap && info, bleAddress: this.bleAddress } })
  }
}

export function isBreezeLabDevice(device: LabDevice): device is BreezeLabDevice {
  return device instanceof BreezeLabDevice
}

/** A stable product id for a lab product that does not declare one. */
function derivedProductId(productKey: string): number {
  return createHash('sha256').update(productKey).digest().readUInt32LE(0) & 0x7fffffff
}

function unwrap(r: { ok: true; value: Uint8Array } | { ok: false; error: { reason: string } }): Uint8Array {
  if (!r.ok) throw new Error(`Breeze advertising data: ${r.error.reason}`)
  return r.value
}
