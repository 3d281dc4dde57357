import { PNG } from 'pngjs'
import jsQR from 'jsqr'
import type { LabDeviceView } from '../../../preload/contract'
import { bindTokenHex, completeBindToken } from '../../codec/awss/bind-token'
import { parseQrPayload } from '../../codec/awss/qr-payload'
import { WifiStationClient } from '../wifi/station-client'
import { type DeviceKind, KnobSet, labDeviceView, radioBands, type LabDevice, type LabEnvironment } from './device'
import { LanPresence } from './lan-presence'
import type { DeviceSpec } from '../scenario'

// A camera that provisions by QR (webcam-config): it looks at the workstation's screen, decodes the QR image with a
// real QR decoder, joins the router named in it, and announces the bind token of §8 on the LAN.
export const webcamCameraKind: DeviceKind = {
  kind: 'webcam-camera',
  label: 'Camera (QR provisioning)',
  methods: ['webcam-config'],
  knobs: [
    { name: 'inView', label: 'Screen in front of the lens', type: 'boolean' },
    { name: 'scanDelayMs', label: 'Time to focus and decode (ms)', type: 'number', min: 0, max: 20_000, step: 100 },
    { name: 'distanceM', label: 'Distance to the router (m)', type: 'number', min: 1, max: 200, step: 1 },
    { name: 'supports5GHz', label: 'Radio supports 5 GHz', type: 'boolean' },
  ],
  defaults: { inView: true, scanDelayMs: 400, distanceM: 5, supports5GHz: false },
  create: (spec, env) => new WebcamCamera(spec, env),
}

type CameraState = 'waiting-for-qr' | 'scanning' | 'joining' | 'online' | 'join-failed'

class WebcamCamera implements LabDevice {
  readonly kind = webcamCameraKind.kind
  readonly methods = webcamCameraKind.methods
  private knobs: KnobSet
  private state: CameraState = 'waiting-for-qr'
  private ip: string | undefined
  private joinedSsid: string | undefined
  private wifi: WifiStationClient
  private lan: LanPresence | undefined
  private unwatch: (() => void) | undefined
  private scannedSessions = new Set<string>()
  private busy = false
  private stopped = new AbortController()

  constructor(
    readonly spec: DeviceSpec,
    private readonly env: LabEnvironment,
  ) {
    this.knobs = new KnobSet(webcamCameraKind.knobs, webcamCameraKind.defaults, spec.knobs)
    this.wifi = new WifiStationClient(spec.id, spec.mac, () => this.position(), () => radioBands(this.knobs), env)
  }

  private position() {
    return { x: this.knobs.get<number>('distanceM'), y: 0 }
  }

  view(): LabDeviceView {
    return labDeviceView(this, this.env, { state: this.state, ip: this.ip, joinedSsid: this.joinedSsid, knobs: this.knobs })
  }

  setKnob(name: string, value: number | boolean | string): void {
    this.knobs.set(name, value)
    if (name === 'inView' && value === true) this.look()
  }

  async start(): Promise<void> {
    this.wifi.attach()
    this.unwatch = this.env.screen.onChange(() => this.look())
    this.look()
  }

  async stop(): Promise<void> {
    this.stopped.abort()
    this.unwatch?.()
    this.wifi.detach()
    await this.lan?.stop()
  }

  /** A camera in pairing mode keeps looking at the screen; each new QR shown is scanned once. */
  private look(): void {
    if (this.busy || !this.knobs.get<boolean>('inView')) return
    const next = this.env.screen.current().find((qr) => !this.scannedSessions.has(qr.sessionId))
    if (!next) return
    this.busy = true
    this.scannedSessions.add(next.sessionId)
    this.provision(next.png)
      .catch((error) => this.env.log.warn('lab camera failed', { device: this.spec.id, error: (error as Error).message }))
      .finally(() => {
        this.busy = false
        this.look()
      })
  }

  private async provision(png: Uint8Array): Promise<void> {
    this.state = 'scanning'
    await this.env.clock.sleep(this.knobs.get<number>('scanDelayMs'), this.stopped.signal)
    const text = decodeQrImage(png)
    if (text === undefined) {
      this.state = 'waiting-for-qr'
      return this.env.emit({ deviceId: this.spec.id, kind: 'qr-unreadable', detail: {} })
    }
    const fields = parseQrPayload(text)
    if (!fields.ok) {
      this.state = 'waiting-for-qr'
      return this.env.emit({ deviceId: this.spec.id, kind: 'qr-rejected', detail: { reason: fields.error.reason } })
    }
    const qr = fields.value
    this.env.emit({ deviceId: this.spec.id, kind: 'qr-scanned', detail: { token: qr.tokenHex ?? '', ssid: qr.ssid } })

    this.state = 'joining'
    const bssid = qr.bssidHex.toLowerCase().match(/../g)!.join(':')
    const joined = await this.wifi.join({ ssid: qr.ssid, bssid, password: qr.password }, this.stopped.signal)
    if (joined.result !== 'joined') {
      this.state = 'join-failed'
      return this.env.emit({ deviceId: this.spec.id, kind: 'wifi-join', detail: { result: 'failed', reason: joined.reason, ssid: qr.ssid } })
    }
    this.state = 'online'
    this.ip = joined.ip
    this.joinedSsid = qr.ssid
    this.env.emit({ deviceId: this.spec.id, kind: 'wifi-join', detail: { result: 'joined', ip: joined.ip, ssid: qr.ssid, channel: joined.channel } })

    const token = completeBindToken(
      qr.tokenHex ? Buffer.from(qr.tokenHex, 'hex') : new Uint8Array(0),
      Buffer.from(qr.bssidHex, 'hex'),
      new TextEncoder().encode(qr.password),
    )
    await this.lan?.stop()
    this.lan = new LanPresence(joined.ip, { productKey: this.spec.productKey, deviceName: this.spec.deviceName, mac: this.spec.mac }, this.env.notifyTarget(), this.env.clock, this.env.log)
    await this.lan.start()
    const tokenHex = token ? bindTokenHex(token) : undefined
    this.lan.setToken(tokenHex)
    // §9.2: /sys/device/info/notify every 500 ms, at most 120 times, until acknowledged.
    const acknowledged = await this.lan.announce(
      { path: '/sys/device/info/notify', method: 'device.info.notify', params: { token: tokenHex, remainTime: 90_000, type: 0 }, intervalMs: 500, maxCount: 120 },
      this.stopped.signal,
    )
    this.env.emit({ deviceId: this.spec.id, kind: 'announce', detail: { acknowledged } })
  }
}

export function decodeQrImage(png: Uint8Array): string | undefined {
  try {
    const image = PNG.sync.read(Buffer.from(png))
    const result = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
    return result?.data
  } catch {
    return undefined
  }
}
