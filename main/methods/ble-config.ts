import { toHex } from '../codec/ble/bytes'
import { BREEZE_SERVICE_UUID, BreezeChar } from '../codec/breeze/constants'
import { buildWifiConfigValue, type WifiConfigProfile } from '../codec/breeze/extcmd'
import { advertisementMatches } from '../radio/ble/advertisement'
import { BreezeError, BreezeLink } from '../radio/ble/breeze-link'
import { BleError, sameUuid } from '../radio/ble/errors'
import type { Advertisement, BleRadio, GattConnection } from '../radio/ble/interface'
import type { MethodContext, RetryPolicy, StepControl } from './context'
import type { MethodDefinition, MethodInput } from './definition'
import { raceDeadline } from './deadline'
import { MethodFailure, type Observation } from './failure'
import { type Announcement, waitForAnnouncement } from './lan-announce'
import { parseTokenReply } from './token-reply'

// Seed, "BLE-assisted provisioning" (§10): find the device's Breeze advertisement, connect, enable IC indications
// and NC notifications, authenticate with the product (or device) secret, send the Wi-Fi config as EXT_DOWN TLV
// 0x06, read the device's answer, then watch it join and announce itself on the LAN (§9.2) and confirm by §9.3.
const NOTIFY_PATHS = ['/sys/awss/event/connectap/notify', '/sys/device/info/notify']
const SCAN_TIMEOUT_MS = 6_000
/** With no device named, the strongest Breeze advertiser heard in this long is taken. */
const PICK_ANY_AFTER_MS = 1_500
const CONNECT_TIMEOUT_MS = 4_000
const GATT_TIMEOUT_MS = 4_000
/** The client's patience; the device's own BZ_AUTH_TIMEOUT is 10 s from the connection. */
const AUTH_TIMEOUT_MS = 12_000
const DEVICE_AUTH_TIMEOUT_MS = 10_000
const REPLY_TIMEOUT_MS = 5_000
const CONFIRM_QUERY_TIMEOUT_MS = 2_000
const CONFIRM_ATTEMPTS = 3
const REQUESTED_MTU = 247

/** Transient link trouble: worth another attempt (a new connection when the old one is gone). */
const TRANSIENT = new Set(['ble-connect-timeout', 'ble-gatt-timeout', 'ble-disconnected', 'ble-disconnected-mid-write'])
const retryable = (error: unknown) => error instanceof MethodFailure && TRANSIENT.has(error.observation.code)
const CONNECT_RETRY: RetryPolicy = { attempts: 3, delayMs: 300, retryable }
const GATT_RETRY: RetryPolicy = { attempts: 2, delayMs: 300, retryable }
const WRITE_RETRY: RetryPolicy = { attempts: 3, delayMs: 500, retryable }

/** Longest SSID and password (bytes) each device got in this boot, as far as this workstation knows. */
interface Delivered {
  ssidBytes: number
  passwordBytes: number
  at: number
}
// Per radio (one per station): the AOS stale-config quirk is about what the device already holds.
const deliveries = new WeakMap<BleRadio, Map<string, Delivered>>()

function journal(radio: BleRadio): Map<string, Delivered> {
  let map = deliveries.get(radio)
  if (!map) deliveries.set(radio, (map = new Map()))
  return map
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length
const looksLikeAddress = (s: string | undefined) => !!s && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(s.trim())

export const bleConfig: MethodDefinition = {
  id: 'ble-config',

  availability: ({ radios }) => {
    const ble = radios.ble.state()
    if (ble.status !== 'ready') return { available: false, reason: `Bluetooth LE ${ble.status === 'checking' ? 'is being checked' : `unavailable: ${ble.reason ?? ''}`}`.trim() }
    const lan = radios.lan.state()
    return lan.status === 'ready' ? { available: true } : { available: false, reason: `LAN listener unavailable: ${lan.reason}` }
  },

  preflight: (input) => {
    const built = buildWifiConfigValue({ ssid: input.target.ssid, password: input.target.password, ...(input.target.bssid ? { bssid: input.target.bssid } : {}) }, 'aos')
    if (built.ok) return []
    const reason = built.error.reason
    const path = /BSSID/.test(reason) ? 'target.bssid' : /password/.test(reason) ? 'target.password' : 'target.ssid'
    return [{ path, message: reason }]
  },

  run: async (ctx, input) => {
    const session = new BreezeSession(ctx, input)
    try {
      await session.run()
    } finally {
      await session.close()
    }
  },
}

class BreezeSession {
  private adv!: Advertisement
  private productKey!: string
  private productSecret!: string
  private conn: GattConnection | undefined
  private link: BreezeLink | undefined
  private connectedAt = 0
  private authenticated = false

  constructor(
    private readonly ctx: MethodContext,
    private readonly input: MethodInput,
  ) {}

  private get radio(): BleRadio {
    return this.ctx.radios.ble
  }

  async run(): Promise<void> {
    const { ctx, input } = this
    this.adv = await ctx.step('scan', (step) => this.scan(step))
    await ctx.step('connect', (step) => this.connect(step), CONNECT_RETRY)
    await ctx.step('discover', (step) => this.discover(step), GATT_RETRY)
    await ctx.step('subscribe', (step) => this.subscribe(step), GATT_RETRY)
    await ctx.step('authenticate', (step) => this.authenticate(step))

    const address = this.adv.address
    const profile: WifiConfigProfile = (this.adv.breeze?.version ?? 0) >= 7 ? 'bz207' : 'aos'
    // 2.0.7 firmware takes an app token and reports it back as its bind token; AOS answers ERR to one.
    const appToken = profile === 'bz207' ? ctx.random.bytes(16) : undefined
    const expectedToken = appToken ? toHex(appToken).toUpperCase() : undefined
    const earlier = journal(this.radio).get(address)
    const ssidBytes = utf8Length(input.target.ssid)
    const passwordBytes = utf8Length(input.target.password)
    const stale = earlier && (ssidBytes < earlier.ssidBytes || passwordBytes < earlier.passwordBytes) ? earlier : undefined

    // Listen before the device can possibly announce (it may join within a second of the config).
    const since = ctx.clock.now()
    const others: Announcement[] = []
    const announced = waitForAnnouncement(ctx.radios.lan, ctx.clock, {
      paths: NOTIFY_PATHS,
      timeoutMs: ctx.options.confirmTimeoutMs,
      signal: ctx.signal,
      accept: (a) => this.isOurs(a),
      seen: (a) => others.push(a),
    })
    announced.catch(() => undefined)

    const sent = await ctx.step('send-wifi-config', (step) => this.sendConfig(step, profile, appToken), WRITE_RETRY)
    await ctx.step('device-ack', async (step) => {
      const reply = await sent.reply(REPLY_TIMEOUT_MS).catch((error: unknown) => {
        // An ERR still means the firmware took the fields before the one it refused (AOS).
        if (error instanceof BreezeError && error.failure === 'config-rejected') this.remember(ssidBytes, passwordBytes)
        throw this.failure(error, 'device-ack')
      })
      this.remember(ssidBytes, passwordBytes)
      step.detail({ result: reply.result, ...(reply.tokenType !== undefined ? { tokenType: reply.tokenType } : {}) })
    })
    await this.closeLink()

    // Join-phase failures after a shorter config than one this device already got in this boot are reported as
    // such: AOS firmware keeps the old tails, so the credentials it tried were not the ones just sent.
    const joinFailure = (observation: Observation, credentialsRelated = true): MethodFailure => {
      if (!stale || !credentialsRelated) return new MethodFailure(observation)
      return new MethodFailure({
        code: 'ble-stale-config-suspected',
        facts: {
          then: observation.code,
          ...observation.facts,
          earlierAgoS: Math.round((ctx.clock.now() - stale.at) / 1000),
          shorterSsid: ssidBytes < stale.ssidBytes,
          shorterPassword: passwordBytes < stale.passwordBytes,
        },
      })
    }
    const deadline = since + ctx.options.confirmTimeoutMs
    if (ctx.lab) {
      await ctx.step('device-joined', async (step) => {
        const event = await raceDeadline(ctx, deadline, ctx.lab!.waitFor('wifi-join', (e) => e.detail.bleAddress === address, ctx.signal, since))
        if (!event) throw joinFailure({ code: 'lab-join-timeout', facts: { device: address } })
        if (event.detail.result !== 'joined') {
          const reason = String(event.detail.reason ?? '')
          throw joinFailure({ code: 'lab-join-failed', facts: { device: event.deviceId, ...event.detail } }, reason === 'wrong-password' || reason === 'network-not-found')
        }
        step.detail({ device: event.deviceId, ip: String(event.detail.ip ?? ''), ssid: String(event.detail.ssid ?? '') })
      })
    }

    const announcement = await ctx.step('announce-received', async (step) => {
      const found = await announced
      if (!found) throw joinFailure({ code: 'no-announce', facts: { waitedMs: ctx.options.confirmTimeoutMs, otherAnnouncements: others.length } })
      step.detail({ from: `${found.from.address}:${found.from.port}`, path: found.path, productKey: found.productKey ?? '', deviceName: found.deviceName ?? '' })
      return found
    })
    ctx.updateSession({ deviceLabel: announcement.deviceName ?? this.label(), deviceModel: announcement.productKey ?? this.productKey })

    await ctx.step('confirmed', async (step) => {
      const target = announcement.ip ?? announcement.from.address
      const pk = announcement.productKey ?? this.link?.productKey
      const dn = announcement.deviceName ?? this.link?.deviceName
      const path = pk && dn ? `/sys/${pk}/${dn}/device/info/get` : '/sys/device/info/get'
      let token: string | undefined
      let answered = false
      // The device sets its token right after its first notification is acknowledged; ask again if it is early.
      for (let attempt = 0; attempt < CONFIRM_ATTEMPTS && !token; attempt++) {
        if (attempt > 0) await ctx.clock.sleep(300, ctx.signal)
        const reply = await ctx.radios.lan
          .get({ address: target, port: 5683 }, path, JSON.stringify({ id: String(attempt + 1), version: '1.0', params: {}, method: 'device.info.get' }), CONFIRM_QUERY_TIMEOUT_MS)
          .catch(() => undefined)
        if (reply) answered = true
        token = reply ? parseTokenReply(reply.payload) : undefined
      }
      if (!answered) throw new MethodFailure({ code: 'confirm-unanswered', facts: { address: target } })
      if (!token || (expectedToken && token !== expectedToken)) throw new MethodFailure({ code: 'confirm-token-mismatch', facts: { address: target } })
      step.detail({ address: target, code: 200, tokenFrom: expectedToken ? 'app' : 'device' })
    })
  }

  async close(): Promise<void> {
    await this.closeLink().catch(() => undefined)
  }

  private async closeLink(): Promise<void> {
    const link = this.link
    const conn = this.conn
    this.link = undefined
    this.conn = undefined
    this.authenticated = false
    if (link) await link.close()
    else if (conn?.connected) await conn.disconnect()
  }

  private label(): string {
    return this.input.device?.label ?? this.adv.name ?? this.adv.address
  }

  private isOurs(a: Announcement): boolean {
    const pk = this.link?.productKey ?? this.productKey
    const dn = this.link?.deviceName
    if (dn && a.deviceName === dn && a.productKey === pk) return true
    const mac = this.adv.breeze?.mac
    return !!mac && a.mac?.toLowerCase() === mac.toLowerCase()
  }

  private remember(ssidBytes: number, passwordBytes: number): void {
    const map = journal(this.radio)
    const before = map.get(this.adv.address)
    map.set(this.adv.address, {
      ssidBytes: Math.max(ssidBytes, before?.ssidBytes ?? 0),
      passwordBytes: Math.max(passwordBytes, before?.passwordBytes ?? 0),
      at: this.ctx.clock.now(),
    })
  }

  // --- steps -------------------------------------------------------------------------------------------------

  private async scan(step: StepControl): Promise<Advertisement> {
    const { ctx } = this
    const device = this.input.device
    const wanted = device
      ? { address: device.address ?? (looksLikeAddress(device.id) ? device.id : undefined), names: [device.label, device.id] }
      : undefined
    const started = ctx.clock.now()
    const breeze = new Map<string, Advertisement>()
    // One advertisement's RSSI swings with fading; the strongest device is the one with the best average.
    const rssi = new Map<string, { sum: number; count: number }>()
    const strongest = () => [...breeze.values()].sort((a, b) => average(rssi, b.address) - average(rssi, a.address))[0]
    let match: Advertisement | undefined
    let wrongKind: Advertisement | undefined
    const abort = new AbortController()
    const onAbort = () => abort.abort()
    step.signal.addEventListener('abort', onAbort, { once: true })
    try {
      for await (const adv of this.radio.scan({ durationMs: SCAN_TIMEOUT_MS, signal: abort.signal })) {
        if (adv.breeze) {
          breeze.set(adv.address, adv)
          const seen = rssi.get(adv.address) ?? { sum: 0, count: 0 }
          rssi.set(adv.address, { sum: seen.sum + adv.rssi, count: seen.count + 1 })
        }
        if (wanted) {
          if (!advertisementMatches(adv, wanted)) continue
          if (adv.breeze) match = adv
          else wrongKind = adv
          if (match) break
        } else if (adv.breeze && ctx.clock.now() - started >= PICK_ANY_AFTER_MS) {
          match = strongest()
          break
        }
      }
    } finally {
      step.signal.removeEventListener('abort', onAbort)
      abort.abort()
    }
    if (!match && !wanted && breeze.size > 0) match = strongest()
    if (!match) {
      if (ctx.signal.aborted) throw ctx.signal.reason
      const facts = { wanted: wanted?.address ?? device?.label ?? 'any Breeze device', breezeDevicesSeen: breeze.size, waitedMs: SCAN_TIMEOUT_MS }
      throw new MethodFailure({ code: wrongKind ? 'ble-not-breeze' : 'ble-device-not-found', facts })
    }
    const b = match.breeze!
    step.detail({
      address: match.address,
      rssi: Math.round(average(rssi, match.address)),
      productId: b.productId,
      version: b.version,
      secretType: b.secretType,
      name: match.name ?? '',
      breezeDevicesSeen: breeze.size,
    })
    this.adv = match
    const productKey = ctx.secrets.productKeyForId?.(b.productId)
    const productSecret = productKey ? ctx.secrets.productSecret(productKey) : undefined
    if (!productKey || !productSecret) throw new MethodFailure({ code: 'ble-product-unknown', facts: { productId: b.productId, productKeyKnown: !!productKey } })
    this.productKey = productKey
    this.productSecret = productSecret
    ctx.updateSession({ deviceId: device?.id ?? match.address, deviceLabel: this.label(), deviceModel: productKey })
    return match
  }

  private async connect(step: StepControl): Promise<void> {
    await this.closeLink()
    try {
      this.conn = await this.radio.connect(this.adv.address, { timeoutMs: CONNECT_TIMEOUT_MS, signal: step.signal })
      this.connectedAt = this.ctx.clock.now()
      const mtu = await this.conn.exchangeMtu(REQUESTED_MTU, { timeoutMs: GATT_TIMEOUT_MS, signal: step.signal })
      step.detail({ address: this.adv.address, mtu })
    } catch (error) {
      throw this.failure(error, 'connect')
    }
  }

  /** After a transient failure the next attempt of a later step starts over from a fresh connection. */
  private async reconnect(step: StepControl, upTo: 'discover' | 'subscribe' | 'authenticate'): Promise<void> {
    if (this.conn?.connected && (upTo !== 'authenticate' || this.authenticated)) return
    step.detail({ reconnected: true })
    await this.connect(step)
    if (upTo === 'discover') return
    await this.discover(step)
    if (upTo === 'subscribe') return
    await this.subscribe(step)
    await this.authenticate(step)
  }

  private async discover(step: StepControl): Promise<void> {
    await this.reconnect(step, 'discover')
    try {
      const services = await this.conn!.discover({ timeoutMs: GATT_TIMEOUT_MS, signal: step.signal })
      const breeze = services.find((s) => sameUuid(s.uuid, BREEZE_SERVICE_UUID))
      const needed = [BreezeChar.wc, BreezeChar.ic, BreezeChar.nc]
      const missing = needed.filter((uuid) => !breeze?.characteristics.some((c) => sameUuid(c.uuid, uuid)))
      if (!breeze || missing.length > 0) {
        throw new MethodFailure({ code: 'ble-not-breeze', facts: { services: services.length, missing: missing.map((m) => m.toString(16)).join(',') || 'feb3' } })
      }
      step.detail({ services: services.length, characteristics: breeze.characteristics.map((c) => c.uuid.toString(16)).join(' ') })
    } catch (error) {
      throw this.failure(error, 'discover')
    }
  }

  private async subscribe(step: StepControl): Promise<void> {
    await this.reconnect(step, 'subscribe')
    const secretType = this.adv.breeze!.secretType
    const link = new BreezeLink(
      this.conn!,
      {
        productSecret: this.productSecret,
        secretType,
        deviceSecret: (deviceName) => this.ctx.secrets.deviceSecret?.(this.productKey, deviceName),
      },
      this.ctx.clock,
    )
    this.link = link
    try {
      await link.subscribe({ timeoutMs: GATT_TIMEOUT_MS, signal: step.signal })
      step.detail({ ic: 'indicate', nc: 'notify' })
    } catch (error) {
      throw this.failure(error, 'subscribe')
    }
  }

  private async authenticate(step: StepControl): Promise<void> {
    const link = this.link!
    try {
      const { keyFrom } = await link.authenticate(AUTH_TIMEOUT_MS, step.signal)
      this.authenticated = true
      const identity = await link.queryIdentity(GATT_TIMEOUT_MS, step.signal).catch(() => ({ productKey: undefined, deviceName: undefined }))
      step.detail({ keyFrom, secretType: this.adv.breeze!.secretType, productKey: identity.productKey ?? this.productKey, deviceName: identity.deviceName ?? link.deviceName ?? '' })
    } catch (error) {
      throw this.failure(error, 'authenticate')
    }
  }

  private async sendConfig(step: StepControl, profile: WifiConfigProfile, appToken: Uint8Array | undefined) {
    const { target } = this.input
    try {
      await this.reconnect(step, 'authenticate')
      const sent = await this.link!.sendWifiConfig(
        { ssid: target.ssid, password: target.password, ...(target.bssid ? { bssid: normalizeBssid(target.bssid) } : {}), ...(appToken ? { appToken } : {}) },
        profile,
        step.signal,
      )
      step.detail({ frames: sent.frames, firmware: profile, appToken: !!appToken, bssid: !!target.bssid })
      return sent
    } catch (error) {
      throw this.failure(error, 'send-wifi-config')
    }
  }

  /** What went wrong, as an observation for the diagnosis (never a secret, never prose). */
  private failure(error: unknown, phase: string): unknown {
    if (error instanceof MethodFailure || this.ctx.signal.aborted) return error
    const observation = (code: string, facts: Observation['facts'] = {}) => new MethodFailure({ code, facts: { phase, ...facts } }, `${code}: ${(error as Error).message}`)
    if (error instanceof BleError) {
      if (error.code === 'aborted') return error
      if (error.code === 'connect-timeout') return observation('ble-connect-timeout', { timeoutMs: CONNECT_TIMEOUT_MS })
      if (error.code === 'gatt-timeout') return observation('ble-gatt-timeout', { timeoutMs: GATT_TIMEOUT_MS })
      if (error.code === 'disconnected') {
        if (phase === 'send-wifi-config' || phase === 'device-ack') return observation('ble-disconnected-mid-write')
        return observation('ble-disconnected')
      }
      if (error.code === 'unavailable') return observation('ble-radio-unavailable')
      return observation('ble-gatt-error', { bleError: error.code, ...(error.attErrorCode !== undefined ? { attError: error.attErrorCode } : {}) })
    }
    if (error instanceof BreezeError) {
      const sinceConnect = this.ctx.clock.now() - this.connectedAt
      switch (error.failure) {
        case 'auth-rand-firmware-bug':
          return observation('ble-auth-rand-encrypted')
        case 'auth-rejected':
          // The firmware's own 10 s auth timer also ends in a dropped link: a slow device, not a wrong secret.
          if (sinceConnect >= DEVICE_AUTH_TIMEOUT_MS - 500) return observation('ble-auth-timeout', { sinceConnectMs: sinceConnect })
          return observation('ble-auth-rejected', { secretType: this.adv.breeze?.secretType ?? 'unknown' })
        case 'no-device-secret':
          return observation('ble-auth-rejected', { secretType: 'per-device', deviceSecretKnown: false })
        case 'auth-timeout':
          return observation('ble-auth-timeout', { sinceConnectMs: sinceConnect })
        case 'config-rejected':
          return observation('ble-config-rejected')
        case 'reply-timeout':
          return observation('ble-no-reply', { timeoutMs: REPLY_TIMEOUT_MS })
        case 'protocol':
          return observation('ble-protocol-error')
      }
    }
    return error
  }
}

function average(samples: Map<string, { sum: number; count: number }>, address: string): number {
  const s = samples.get(address)
  return s && s.count > 0 ? s.sum / s.count : -Infinity
}

function normalizeBssid(text: string): string {
  return text.replace(/[^0-9a-f]/gi, '').toLowerCase().match(/../g)!.join(':')
}
