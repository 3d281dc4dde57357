import type { Encoding, StepDetail } from '../../preload/contract'
import { AirOracle } from '../awss-oracle/air-oracle'
import { oracleSink } from '../awss-oracle/capture-sink'
import { bindTokenHex, completeBindToken, parseMac } from '../codec/awss/index.js'
import { normalizeBssid } from '../codec/awss/qr-payload'
import type { AccessPoint } from '../radio/wifi/interface'
import { planSmartconfig, type RunningSender, type SendReport, type SmartconfigPlan, startSender } from '../radio/lan/smartconfig-sender'
import { type SmartconfigChannel, type SmartconfigLink, smartconfigLink } from '../radio/lan/smartconfig-sender-links'
import type { LabEvent, LabObserver, MethodContext } from './context'
import type { MethodDefinition, MethodInput } from './definition'
import { MethodFailure } from './failure'
import { type Announcement, waitForAnnouncement } from './lan-announce'

// One-click smart-config (PROTOCOLS-awss.md §2-4, seed "one-click provisioning"): the workstation plays the phone on
// the target network and sends the SSID and the productSecret-encrypted password as bcast lengths, mcast destinations
// or a p2p probe request, cycle after cycle, until the device announces itself on the LAN (§9.2) and answers (§9.3).
// The device's progress is ground truth in the lab, and the air oracle says when a device could have decoded it.

const NOTIFY_PATHS = ['/sys/awss/event/connectap/notify', '/sys/device/info/notify']
const CONFIRM_QUERY_TIMEOUT_MS = 3_000
const ORACLE_POLL_MS = 200

export const smartConfig: MethodDefinition = {
  id: 'smart-config',

  availability: ({ radios }) => {
    const lan = radios.lan.state()
    if (lan.status !== 'ready') return { available: false, reason: `LAN listener unavailable: ${lan.reason}` }
    return smartconfigLink(radios) ? { available: true } : { available: false, reason: 'smart-config is not set up on this station.' }
  },

  preflight: (input, { radios }) => {
    const problems = []
    // The device would silently cut the password at the NUL (§1.1): refuse it before anything is sent.
    if (input.target.password.includes('\0')) {
      problems.push({ path: 'target.password', message: 'The password contains a NUL character: the device would silently cut the password there. Remove it.' })
    }
    const encoding = input.options?.encoding ?? 'bcast'
    const refusal = smartconfigLink(radios)?.unavailable(encoding)
    if (refusal) problems.push({ path: 'options.encoding', message: `${encoding} cannot be sent from here: ${refusal}` })
    return problems
  },

  run: async (ctx, input) => {
    const link = smartconfigLink(ctx.radios)!
    const encoding: Encoding = ctx.options.encoding ?? 'bcast'
    const trail = ctx.lab ? new LabTrail(ctx.lab, ctx.device?.id) : undefined
    try {
      await runSmartConfig(ctx, input, link, encoding, trail)
    } finally {
      trail?.close()
    }
  },
}

interface Prepared {
  plan: SmartconfigPlan
  productKey: string
  /** In memory only: never in a detail, a fact or a log line. */
  productSecret: string
  deviceName: string | undefined
  network: AccessPoint | undefined
  bssid: string | undefined
  appToken: Uint8Array | undefined
  expectedToken: string | undefined
}

async function runSmartConfig(ctx: MethodContext, input: MethodInput, link: SmartconfigLink, encoding: Encoding, trail: LabTrail | undefined): Promise<void> {
  const prepared = await ctx.step('preflight', (step) => prepare(ctx, input, link, encoding, step.detail))

  // Listen before the first datagram leaves: a quick device must not announce into a deaf workstation.
  const announced = waitForAnnouncement(ctx.radios.lan, ctx.clock, {
    paths: NOTIFY_PATHS,
    timeoutMs: ctx.options.confirmTimeoutMs,
    signal: ctx.signal,
    accept: (a) => a.productKey === prepared.productKey && (prepared.deviceName === undefined || a.deviceName === prepared.deviceName),
  })
  announced.catch(() => undefined)

  const oracle = new AirOracle({ productSecrets: [{ productKey: prepared.productKey, secret: prepared.productSecret }] })
  const stopWatching = link.watch ? await link.watch(oracleSink(oracle)).catch(() => undefined) : undefined
  let channel: SmartconfigChannel | undefined
  let sender: RunningSender | undefined
  let report: SendReport | undefined
  let stopOracle = () => {}
  try {
    const started = await ctx.step('sending', async (step) => {
      try {
        channel = await link.open(encoding, { ssid: input.target.ssid, bssid: prepared.bssid })
      } catch (error) {
        throw new MethodFailure({ code: 'smartconfig-send-unavailable', facts: { encoding, reason: String((error as Error).message).slice(0, 200) } })
      }
      const firstCycle = encoding === 'p2p' ? 1 : prepared.plan.datagrams.length
      let resolveFirst!: () => void
      const first = new Promise<void>((resolve) => (resolveFirst = resolve))
      const at = ctx.clock.now()
      sender = startSender(prepared.plan, channel, {
        clock: ctx.clock,
        intervalMs: ctx.options.sendIntervalMs,
        cycles: ctx.options.sendCycles,
        durationMs: ctx.options.sendDurationMs ?? ctx.options.confirmTimeoutMs,
        signal: ctx.signal,
        onProgress: ({ sent }) => sent >= firstCycle && resolveFirst(),
      })
      const ended = sender.done.then((r) => (report = r))
      await Promise.race([first, ended])
      if (report?.stoppedBy === 'error') throw new MethodFailure({ code: 'smartconfig-send-unavailable', facts: { encoding, reason: String(report.error).slice(0, 200) } })
      step.detail({ encoding, perCycle: firstCycle, intervalMs: ctx.options.sendIntervalMs ?? (encoding === 'p2p' ? 20 : 10), ...channel.describe })
      return at
    })

    stopOracle = followOracle(ctx, oracle, prepared, started, !trail)
    const deadline = started + ctx.options.confirmTimeoutMs
    if (trail) await followLabDevice(ctx, trail, prepared, channel!, encoding, deadline, () => report, () => oracleDecoded(oracle, prepared) !== undefined)

    const announcement = await ctx.step('announce-received', async (step) => {
      const found = await announced
      if (!found) {
        const decoded = trail ? trail.decodedBy(channel?.sender) !== undefined : oracleDecoded(oracle, prepared) !== undefined
        throw new MethodFailure({ code: 'no-announce', facts: { waitedMs: ctx.options.confirmTimeoutMs, decoded, encoding, ...sentFacts(report) } })
      }
      sender?.stop('confirmed')
      report = await sender?.done
      step.detail({ from: `${found.from.address}:${found.from.port}`, path: found.path, productKey: found.productKey ?? '', deviceName: found.deviceName ?? '', ...sentFacts(report) })
      return found
    })
    ctx.updateSession({ deviceLabel: announcement.deviceName, deviceModel: announcement.productKey })
    await ctx.step('confirmed', (step) => confirm(ctx, announcement, prepared, step.detail))
  } finally {
    stopOracle()
    sender?.stop('cancelled')
    await sender?.done
    await channel?.close().catch(() => undefined)
    await stopWatching?.().catch(() => undefined)
  }
}

async function prepare(ctx: MethodContext, input: MethodInput, link: SmartconfigLink, encoding: Encoding, detail: (d: StepDetail) => void): Promise<Prepared> {
  const productKey = ctx.options.productKey ?? link.productKeyFor(ctx.device?.id)
  const productSecret = productKey ? ctx.secrets.productSecret(productKey) : undefined
  if (!productKey || !productSecret) {
    throw new MethodFailure({ code: 'smartconfig-product-unknown', facts: { productKey: productKey ?? '', secretKnown: !!productSecret } })
  }
  let bssid: string | undefined
  if (input.target.bssid) {
    const normalized = normalizeBssid(input.target.bssid)
    if (!normalized.ok) throw new MethodFailure({ code: 'bad-bssid' }, normalized.error.message)
    bssid = normalized.value.toLowerCase().match(/../g)!.join(':')
  }
  // The phone is on the target network; what the workstation sees of it gives the BSSID (mcast needs it) and the band.
  const networks = await ctx.radios.wifi.scan(ctx.signal).catch(() => [] as AccessPoint[])
  const matching = networks.filter((n) => (bssid ? n.bssid.toLowerCase() === bssid : n.ssid === input.target.ssid))
  const network = matching.find((n) => n.band === '2.4GHz') ?? matching[0]
  bssid ??= network?.bssid.toLowerCase()
  if (encoding === 'mcast' && !bssid) throw new MethodFailure({ code: 'bssid-unresolved', facts: { ssid: input.target.ssid, networksSeen: networks.length } })
  if (bssid) ctx.updateSession({ bssid })

  const appToken = encoding === 'mcast' ? ctx.random.bytes(3) : undefined
  const { capacity, plan } = planSmartconfig({ encoding, ssid: input.target.ssid, password: input.target.password, productSecret, bssid, appToken })
  if (!plan.ok) {
    throw new MethodFailure({
      code: 'smartconfig-does-not-fit',
      facts: { encoding, needed: capacity.symbols.total, limit: capacity.symbols.limit, problem: (capacity.errors[0] ?? plan.error.reason).slice(0, 200) },
    })
  }
  const bssidBytes = bssid ? parseMac(bssid) : undefined
  const expected = appToken && bssidBytes?.ok ? completeBindToken(appToken, bssidBytes.value.subarray(3), new TextEncoder().encode(input.target.password)) : undefined
  detail({
    encoding,
    productKey,
    ssidMode: plan.value.summary.ssidMode,
    values: capacity.symbols.total,
    limit: capacity.symbols.limit,
    warnings: capacity.warnings.length,
    ...(capacity.warnings[0] ? { warning: capacity.warnings[0].slice(0, 200) } : {}),
    ...(network ? { bssid: network.bssid, channel: network.channel, band: network.band, security: network.security } : { network: 'not seen by the workstation' }),
  })
  return {
    plan: plan.value,
    productKey,
    productSecret,
    deviceName: link.deviceNameFor(ctx.device?.id),
    network,
    bssid,
    appToken,
    expectedToken: expected ? bindTokenHex(expected) : undefined,
  }
}

/** Our own frames in the oracle's report: the sender whose ciphertext is ours. */
function oracleDecoded(oracle: AirOracle, prepared: Prepared) {
  return oracle.analysis().senders.find((s) => s.status === 'decoded' && s.structure?.ciphertextHex === prepared.plan.summary.ciphertextHex)
}

/**
 * The timeline's "a device could have decoded this at t = ...": when the oracle decodes our frames. Without the lab's
 * ground truth (hardware with a monitor capture), the oracle's lock and decode are the device-locked/-decoded steps.
 */
function followOracle(ctx: MethodContext, oracle: AirOracle, prepared: Prepared, started: number, asDeviceSteps: boolean): () => void {
  let cancel = () => {}
  let lockedRecorded = false
  const poll = () => {
    const ours = oracle.analysis().senders.find((s) => s.structure?.ciphertextHex === prepared.plan.summary.ciphertextHex || (s.status === 'locked' && s.encoding === prepared.plan.encoding))
    const offset: StepDetail = ours?.offset ? { cipher: ours.offset.cipher, offsetBytes: ours.offset.bytes, offsetReason: ours.offset.reason } : {}
    if (ours && asDeviceSteps && !lockedRecorded && ours.lockedAtMs !== undefined) {
      lockedRecorded = true
      ctx.record('device-locked', started, Math.max(started, ours.lockedAtMs), 'succeeded', { source: 'air oracle', sender: ours.sender, ...offset })
    }
    if (ours?.status === 'decoded' && ours.structure?.ciphertextHex === prepared.plan.summary.ciphertextHex && ours.decodedAtMs !== undefined) {
      const at = Math.max(started, ours.decodedAtMs)
      ctx.record(asDeviceSteps ? 'device-decoded' : 'air-decodable', started, at, 'succeeded', {
        source: 'air oracle',
        couldDecodeAfterMs: at - started,
        sender: ours.sender,
        ...offset,
        positions: ours.received.count,
      })
      return
    }
    cancel = ctx.clock.timer(ORACLE_POLL_MS, poll)
  }
  cancel = ctx.clock.timer(ORACLE_POLL_MS, poll)
  return () => cancel()
}

/** Lab ground truth: the device's lock, decode and join, each a step; a failure names what the device saw. */
async function followLabDevice(
  ctx: MethodContext,
  trail: LabTrail,
  prepared: Prepared,
  channel: SmartconfigChannel,
  encoding: Encoding,
  deadline: number,
  report: () => SendReport | undefined,
  airDecodable: () => boolean,
): Promise<void> {
  const ours = channel.sender
  // oracleDecoded: a device at the workstation could have decoded it; deviceChosen: the session follows one device.
  const noDecode = (locked: boolean) =>
    new MethodFailure({
      code: 'smartconfig-no-decode',
      facts: { encoding, locked, oracleDecoded: airDecodable(), deviceChosen: ctx.device !== undefined, ...trail.facts(ours, prepared), ...sentFacts(report()) },
    })

  const lock = await ctx.step('device-locked', async (step) => {
    const event = await trail.until(() => trail.first(['smartconfig-locked', 'smartconfig-decoded']), deadline, ctx)
    if (!event) throw noDecode(false)
    step.detail({ device: event.deviceId, encoding: String(event.detail.encoding), sender: String(event.detail.sender), ours: event.detail.sender === ours, channel: Number(event.detail.channel ?? 0), ...offsetOf(event) })
    return event
  })
  const decoded = await ctx.step('device-decoded', async (step) => {
    const event = await trail.until(() => trail.first(['smartconfig-decoded'], lock.deviceId), deadline, ctx)
    if (!event) throw noDecode(true)
    if (ours && event.detail.sender !== ours) {
      throw new MethodFailure({ code: 'smartconfig-other-sender', facts: { device: event.deviceId, sender: String(event.detail.sender), encoding: String(event.detail.encoding) } })
    }
    step.detail({ device: event.deviceId, encoding: String(event.detail.encoding), ssid: String(event.detail.ssid), ssidSource: String(event.detail.ssidSource), ...offsetOf(event) })
    return event
  })
  await ctx.step('device-joined', async (step) => {
    const event = await trail.until(() => trail.first(['wifi-join'], decoded.deviceId, decoded.at), deadline, ctx)
    if (!event) throw new MethodFailure({ code: 'lab-join-timeout', facts: { device: decoded.deviceId } })
    if (event.detail.result !== 'joined') throw new MethodFailure({ code: 'lab-join-failed', facts: { device: decoded.deviceId, reason: String(event.detail.reason), ssid: String(event.detail.ssid) } })
    step.detail({ device: decoded.deviceId, ip: String(event.detail.ip ?? ''), ssid: String(event.detail.ssid ?? ''), channel: Number(event.detail.channel ?? 0) })
  })
}

function offsetOf(event: LabEvent): StepDetail {
  return event.detail.cipher !== undefined
    ? { cipher: String(event.detail.cipher), offsetBytes: Number(event.detail.offsetBytes), offsetReason: String(event.detail.offsetReason) }
    : {}
}

function sentFacts(report: SendReport | undefined): Record<string, string | number> {
  return report ? { sent: report.sent, cycles: report.cycles, stoppedBy: report.stoppedBy } : {}
}

async function confirm(ctx: MethodContext, announcement: Announcement, prepared: Prepared, detail: (d: StepDetail) => void): Promise<void> {
  const address = announcement.ip ?? announcement.from.address
  const pk = announcement.productKey ?? prepared.productKey
  const dn = announcement.deviceName
  // mcast hands the device an app token, so its bind token (§1.3) is known here and can be checked; bcast and p2p
  // carry none, so the connect-AP state of the device that announced is what confirms (§9.3).
  const withToken = prepared.expectedToken !== undefined
  const path = withToken ? (dn ? `/sys/${pk}/${dn}/device/info/get` : '/sys/device/info/get') : dn ? `/sys/${pk}/${dn}/awss/device/connectap/info/get` : '/sys/awss/device/connectap/info/get'
  const method = withToken ? 'device.info.get' : 'awss.device.connectap.info.get'
  const reply = await ctx.radios.lan
    .get({ address, port: 5683 }, path, JSON.stringify({ id: '1', version: '1.0', params: {}, method }), CONFIRM_QUERY_TIMEOUT_MS)
    .catch(() => undefined)
  if (!reply) throw new MethodFailure({ code: 'confirm-unanswered', facts: { address } })
  let json: { code?: unknown; data?: { token?: unknown; deviceName?: unknown } } = {}
  try {
    json = JSON.parse(reply.payload)
  } catch {
    // an unreadable answer is not a confirmation
  }
  if (json.code !== 200) throw new MethodFailure({ code: 'confirm-unanswered', facts: { address, code: String(json.code ?? reply.code) } })
  if (withToken && String(json.data?.token ?? '').toUpperCase() !== prepared.expectedToken) throw new MethodFailure({ code: 'confirm-token-mismatch', facts: { address } })
  detail({ address, code: 200, ...(withToken ? { token: prepared.expectedToken! } : { deviceName: String(json.data?.deviceName ?? dn ?? '') }) })
}

/**
 * The lab events of this session's device (or of any smart-config device when none was chosen), collected from the
 * session's start so no step misses one, plus what the diagnosis wants from them.
 */
class LabTrail {
  readonly events: LabEvent[] = []
  private readonly smartconfigDevices = new Set<string>()
  private wake = new Set<() => void>()
  private readonly off: () => void

  constructor(lab: LabObserver, private readonly deviceId: string | undefined) {
    this.off = lab.on((event) => {
      if (event.kind.startsWith('smartconfig-') && !event.deviceId.startsWith('router:')) this.smartconfigDevices.add(event.deviceId)
      const mine = this.deviceId ? event.deviceId === this.deviceId : this.smartconfigDevices.has(event.deviceId)
      if (!mine && !event.deviceId.startsWith('router:')) return
      this.events.push(event)
      for (const wake of [...this.wake]) wake()
    })
  }

  close(): void {
    this.off()
  }

  first(kinds: string[], deviceId?: string, since = 0): LabEvent | undefined {
    return this.events.find((e) => kinds.includes(e.kind) && (!deviceId || e.deviceId === deviceId) && e.at >= since)
  }

  decodedBy(sender: string | undefined): LabEvent | undefined {
    return this.events.find((e) => e.kind === 'smartconfig-decoded' && (!sender || e.detail.sender === sender))
  }

  /** Resolves with pick()'s first defined answer, or undefined at the deadline. */
  until<T>(pick: () => T | undefined, deadline: number, ctx: MethodContext): Promise<T | undefined> {
    const now = pick()
    if (now !== undefined) return Promise.resolve(now)
    return new Promise((resolve, reject) => {
      const finish = (value: T | undefined, error?: unknown) => {
        this.wake.delete(check)
        cancel()
        ctx.signal.removeEventListener('abort', onAbort)
        if (error) reject(error)
        else resolve(value)
      }
      const check = () => {
        const value = pick()
        if (value !== undefined) finish(value)
      }
      const onAbort = () => finish(undefined, ctx.signal.reason)
      const cancel = ctx.clock.timer(Math.max(0, deadline - ctx.clock.now()), () => finish(undefined))
      this.wake.add(check)
      if (ctx.signal.aborted) onAbort()
      else ctx.signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** What the device saw, as small facts for the diagnosis (never a secret). */
  facts(ours: string | undefined, prepared: Prepared): Record<string, string | number | boolean> {
    const heard = [...this.events].reverse().find((e) => e.kind === 'smartconfig-heard' && (!ours || e.detail.sender === ours))
    const passwordErrors = this.events.filter((e) => e.kind === 'smartconfig-failed' && e.detail.failure === 'password' && (!ours || e.detail.sender === ours)).length
    const checksumErrors = this.events.filter((e) => e.kind === 'smartconfig-failed' && e.detail.failure === 'checksum').length
    const others = new Set(
      this.events
        .filter((e) => (e.kind === 'smartconfig-locked' || e.kind === 'smartconfig-decoded') && ours && e.detail.sender !== ours)
        .map((e) => String(e.detail.sender)),
    )
    return {
      heardOurFrames: heard !== undefined,
      ...(heard ? { cipher: String(heard.detail.cipher), offsetReason: String(heard.detail.offsetReason) } : {}),
      networkSecurity: prepared.network?.security ?? 'unknown',
      band: prepared.network?.band ?? 'unknown',
      passwordErrors,
      checksumErrors,
      otherSenders: others.size,
      multicastDropped: this.events.some((e) => e.kind === 'smartconfig-multicast-dropped'),
    }
  }
}
