import type { FailureCause, SessionEvent } from '../../preload/contract'
import { framesServiceOf } from '../frames/frames-service'
import { LabAirSource } from '../radio/capture/lab-air-source'
import { observeFrames } from '../sessions/diagnosis/frames'
import { reconsiderWithFrames } from '../sessions/diagnosis'
import type { Station } from '../station'
import { CaptureRing } from './capture-ring'
import { captureEnvironment } from './environment'
import { addSessionFrameSource, framesBetween, type RecordedFrames } from './frame-source'
import { frameStoreSource } from './frame-store-source'
import { Redactor } from './redaction'
import { SessionRecords } from './session-records'

export const PRE_ROLL_MS = 2_000
const MAX_FRAMES_PER_SESSION = 100_000
const KEEP_RECORDS = 2_000
const PRUNE_EVERY = 50

/** The secrets a station knows by name: lab router passwords and product secrets, saved product secrets. */
export function stationSecrets(station: Station): string[] {
  const secrets: string[] = []
  const scenario = station.lab?.scenario
  if (scenario) {
    for (const router of scenario.routers) secrets.push(router.password)
    for (const product of scenario.products) secrets.push(product.productSecret)
    for (const device of scenario.devices) if (device.deviceSecret) secrets.push(device.deviceSecret)
  }
  for (const name of station.store.listSecretNames('product')) {
    const value = station.store.getSecret('product', name)
    if (value) secrets.push(value)
  }
  return secrets
}

export function redactFrames(frames: RecordedFrames, redactor: Redactor): RecordedFrames {
  return { ...frames, packets: frames.packets.map((p) => ({ ...p, data: redactor.bytes(p.data) })) }
}

/**
 * Keeps, for every session this station runs, the environment at its start and the frames around it (redacted, on
 * disk), and lets the frames take part in the diagnosis of a failed session. In the lab the frames come from a ring
 * fed by the lab air; a frame store registered for the station takes precedence.
 */
export async function installSessionRecorder(station: Station): Promise<() => Promise<void>> {
  const records = new SessionRecords(station.options.dataDir)
  const running = new Map<string, number>()
  const closers: (() => void | Promise<unknown>)[] = []
  let ended = 0

  // What the user captures (the Frames view's store) comes first; the lab air ring fills in where it has nothing.
  const frames = framesServiceOf(station)
  if (frames) {
    const active = () => {
      const source = frames.status().source
      return { live: source !== null && source.kind !== 'file', allChannels: source?.kind === 'lab' }
    }
    closers.push(addSessionFrameSource(station, frameStoreSource(frames.store, active), true))
  }
  let ring: CaptureRing | undefined
  if (station.lab) {
    ring = new CaptureRing({ name: 'lab-air', allChannels: true, rollingMs: PRE_ROLL_MS })
    const source = new LabAirSource(station.lab.air, station.lab.scenario.workstation.position)
    await source.start(ring)
    closers.push(addSessionFrameSource(station, ring), () => source.stop())
  }
  const retain = () => ring?.retainSince(running.size > 0 ? Math.min(...running.values()) - PRE_ROLL_MS : undefined)

  const onEvent = (event: SessionEvent) => {
    const session = event.session
    try {
      if (event.kind === 'started') {
        running.set(session.id, session.startedAt)
        const environment = captureEnvironment(
          { profile: station.options.profile, shell: station.options.shell, radios: station.radioStates(), settings: station.settings(), lab: station.lab },
          'session-start',
          session.startedAt,
        )
        const redactor = new Redactor(stationSecrets(station))
        records.writeEnvironment(session.id, redactor.value(environment))
        records.addRedactions(session.id, redactor.count)
        retain()
      } else if (event.kind === 'ended') {
        const startedAt = running.get(session.id) ?? session.startedAt
        running.delete(session.id)
        const window = { fromMs: startedAt - PRE_ROLL_MS, toMs: session.endedAt ?? station.clock.now() }
        const redactor = new Redactor(stationSecrets(station))
        const frames = framesBetween(station, window.fromMs, window.toMs, MAX_FRAMES_PER_SESSION)
        if (frames) {
          records.writeFrames(session.id, redactFrames(frames, redactor), window)
        }
        const stored = station.store.get(session.id)
        if (stored) records.writeSession(redactor.value(stored))
        records.addRedactions(session.id, redactor.count)
        retain()
        if (++ended % PRUNE_EVERY === 0) records.prune(KEEP_RECORDS)
      }
    } catch (error) {
      station.log.warn('Session record not written', { session: session.id, error: (error as Error).message })
    }
  }
  closers.push(station.bus.on('sessions.updated', onEvent))
  // The frames around a failed session take part in its diagnosis before the cause is stored.
  const refine: Station['causeRefiners'][number] = (failed) => {
    const startedAt = running.get(failed.id) ?? failed.startedAt
    const frames = framesBetween(station, startedAt - PRE_ROLL_MS, failed.endedAt, MAX_FRAMES_PER_SESSION)
    return frames ? causeWithFrames(failed.cause, frames, failed.target, startedAt) : undefined
  }
  station.causeRefiners.push(refine)
  closers.push(() => {
    const at = station.causeRefiners.indexOf(refine)
    if (at >= 0) station.causeRefiners.splice(at, 1)
  })
  return async () => {
    for (const close of closers.reverse()) await close()
  }
}

/** The diagnosis again, with the session's own frames (the pre-roll may hold the end of the session before it). */
function causeWithFrames(cause: FailureCause, frames: RecordedFrames, target: { ssid: string; bssid?: string }, startedAt: number): FailureCause | undefined {
  const linktypes = frames.interfaces.map((i) => i.linktype)
  const fromNs = BigInt(Math.floor(startedAt)) * 1_000_000n
  const observation = observeFrames(
    frames.packets
      .filter((p) => p.timestampNs >= fromNs)
      .map((p) => ({ linktype: linktypes[p.interfaceId] ?? -1, timestampNs: p.timestampNs, data: p.data })),
    target,
    { name: frames.source, allChannels: frames.allChannels },
  )
  return reconsiderWithFrames(JSON.stringify(cause), observation)
}
