import QRCode from 'qrcode'
import { bindTokenHex, completeBindToken } from '../codec/awss/bind-token'
import { buildQrPayload, maskQrPayload, normalizeBssid, validateQrFields } from '../codec/awss/qr-payload'
import type { MethodContext } from './context'
import type { MethodDefinition, MethodInput } from './definition'
import { raceDeadline } from './deadline'
import { MethodFailure } from './failure'
import { type Announcement, waitForAnnouncement } from './lan-announce'
import { parseTokenReply } from './token-reply'

// Seed, "Camera QR code provisioning": the app shows a QR with SSID, password, BSSID and a 3-byte token; the camera
// scans it, joins the router and reports the bind token SHA-256(bssid6 || random3 || password)[:16] (§8) on the LAN.
const NOTIFY_PATHS = ['/sys/device/info/notify', '/sys/awss/event/connectap/notify']
const CONFIRM_QUERY_TIMEOUT_MS = 3_000

export const webcamConfig: MethodDefinition = {
  id: 'webcam-config',

  availability: ({ radios }) => {
    const lan = radios.lan.state()
    return lan.status === 'ready' ? { available: true } : { available: false, reason: `LAN listener unavailable: ${lan.reason}` }
  },

  preflight: (input) => {
    const problems = validateQrFields({
      ssid: input.target.ssid,
      password: input.target.password,
      bssid: input.target.bssid ?? '000000000000',
    })
    return problems.map((problem) => ({ path: `target.${problem.field}`, message: problem.message }))
  },

  run: async (ctx, input) => {
    const { qr, token } = await ctx.step('qr-generated', async (step) => {
      const bssidHex = await resolveBssid(ctx, input)
      const tokenHex = Buffer.from(ctx.random.bytes(3)).toString('hex').toUpperCase()
      const fields = { ssid: input.target.ssid, password: input.target.password, bssidHex, tokenHex }
      const text = buildQrPayload(fields)
      const png = await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', scale: 10, margin: 4, type: 'png' })
      const expected = completeBindToken(
        Buffer.from(tokenHex, 'hex'),
        Buffer.from(bssidHex, 'hex'),
        new TextEncoder().encode(input.target.password),
      )
      step.detail({ bssid: bssidHex, token: tokenHex, payloadBytes: Buffer.byteLength(text), pngBytes: png.length })
      return { qr: { png: new Uint8Array(png), text, maskedText: maskQrPayload(fields) }, token: { short: tokenHex, bind: bindTokenHex(expected!) } }
    })

    await ctx.step('qr-shown', async (step) => {
      ctx.display.showQr(ctx.sessionId, qr)
      step.detail({ shownTo: ctx.profile === 'lab' ? 'screen and lab cameras' : 'screen' })
    })

    const deadline = ctx.clock.now() + ctx.options.confirmTimeoutMs
    const otherTokens: Announcement[] = []
    // Listen before the device can possibly announce, so a fast device is not missed while lab steps are recorded.
    const announced = waitForAnnouncement(ctx.radios.lan, ctx.clock, {
      paths: NOTIFY_PATHS,
      timeoutMs: ctx.options.confirmTimeoutMs,
      signal: ctx.signal,
      accept: (a) => a.token === token.bind,
      seen: (a) => otherTokens.push(a),
    })
    announced.catch(() => undefined)

    if (ctx.lab) await followLabCamera(ctx, token.short, deadline)

    const announcement = await ctx.step('announce-received', async (step) => {
      const found = await announced
      if (!found) {
        throw new MethodFailure({
          code: 'no-announce',
          facts: { waitedMs: ctx.options.confirmTimeoutMs, otherAnnouncements: otherTokens.length },
        })
      }
      step.detail({ from: `${found.from.address}:${found.from.port}`, productKey: found.productKey ?? '', deviceName: found.deviceName ?? '', mac: found.mac ?? '' })
      return found
    })
    ctx.display.clear(ctx.sessionId)
    ctx.updateSession({ deviceLabel: announcement.deviceName, deviceModel: announcement.productKey })

    await ctx.step('confirmed', async (step) => {
      const address = announcement.ip ?? announcement.from.address
      const path = announcement.productKey && announcement.deviceName
        ? `/sys/${announcement.productKey}/${announcement.deviceName}/device/info/get`
        : '/sys/device/info/get'
      const reply = await ctx.radios.lan
        .get({ address, port: 5683 }, path, JSON.stringify({ id: '1', version: '1.0', params: {}, method: 'device.info.get' }), CONFIRM_QUERY_TIMEOUT_MS)
        .catch(() => undefined)
      const replied = reply ? parseTokenReply(reply.payload) : undefined
      if (!reply) throw new MethodFailure({ code: 'confirm-unanswered', facts: { address } })
      if (replied !== token.bind) throw new MethodFailure({ code: 'confirm-token-mismatch', facts: { address } })
      step.detail({ address, code: 200 })
    })
  },
}

async function resolveBssid(ctx: MethodContext, input: MethodInput): Promise<string> {
  if (input.target.bssid) {
    const normalized = normalizeBssid(input.target.bssid)
    if (!normalized.ok) throw new MethodFailure({ code: 'bad-bssid' }, normalized.error.message)
    ctx.updateSession({ bssid: formatBssid(normalized.value) })
    return normalized.value
  }
  // The QR must carry the router's BSSID; look it up the way the phone app does, from what the workstation sees.
  const networks = await ctx.radios.wifi.scan(ctx.signal).catch(() => [])
  const matches = networks.filter((n) => n.ssid === input.target.ssid)
  if (matches.length === 0) throw new MethodFailure({ code: 'bssid-unresolved', facts: { ssid: input.target.ssid, networksSeen: networks.length } })
  const best = matches.sort((a, b) => (b.signalDbm ?? -200) - (a.signalDbm ?? -200))[0]
  ctx.updateSession({ bssid: best.bssid })
  return best.bssid.replace(/:/g, '').toUpperCase()
}

/** In the lab the camera's own progress is visible: record when it scanned the QR and joined (or failed to). */
async function followLabCamera(ctx: MethodContext, tokenHex: string, deadline: number): Promise<void> {
  const lab = ctx.lab!
  const since = ctx.clock.now()
  const scanned = await ctx.step('device-scanned', async (step) => {
    const event = await raceDeadline(ctx, deadline, lab.waitFor('qr-scanned', (e) => e.detail.token === tokenHex, ctx.signal, since))
    if (!event) throw new MethodFailure({ code: 'lab-qr-not-scanned' })
    step.detail({ device: event.deviceId })
    return event
  })
  await ctx.step('device-joined', async (step) => {
    const event = await raceDeadline(
      ctx,
      deadline,
      lab.waitFor('wifi-join', (e) => e.deviceId === scanned.deviceId, ctx.signal, since),
    )
    if (!event) throw new MethodFailure({ code: 'lab-join-timeout', facts: { device: scanned.deviceId } })
    if (event.detail.result !== 'joined') {
      throw new MethodFailure({ code: 'lab-join-failed', facts: { device: scanned.deviceId, ...event.detail } })
    }
    step.detail({ device: scanned.deviceId, ip: String(event.detail.ip ?? ''), ssid: String(event.detail.ssid ?? '') })
  })
}

export function formatBssid(hex12: string): string {
  return hex12.toLowerCase().match(/../g)!.join(':')
}
