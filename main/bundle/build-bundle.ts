import { BUNDLE_FORMAT, type BundleEnvironment, type BundleManifest, type Session } from '../../preload/contract'
import { appVersion } from '../runtime/version'
import type { RecordedFrames } from './frame-source'
import { framesToPcapng } from './frames-pcapng'
import type { Redactor } from './redaction'
import { writeTar } from './tar'

export interface BundleParts {
  session: Session
  environment: BundleEnvironment
  frames: (RecordedFrames & { fromMs: number; toMs: number }) | undefined
  redactor: Redactor
  /** Secrets already replaced before (when the station wrote the session record). */
  redactedEarlier?: number
  now?: number
}

const README = `Provbench support bundle
========================
manifest.json     what is inside, the app version, where the frames came from, how many secrets were redacted
session.json      the session: target (never the password), steps with times and details, outcome, cause and evidence
environment.json  the station: app and OS versions, adapters and their state, settings, lab routers/devices/knobs
frames.pcapng     the frames around the session (from before its start to its end); open it in Wireshark

Secrets (Wi-Fi passwords, product and device secrets) are replaced by *** in text and by '*' bytes in frames.
Open the whole bundle again in Provbench (Timing > Open a bundle) to see the timeline and frames as they were.
`

/** One .tar file: manifest, session timeline, environment, frames as pcapng; every byte passed through the redactor. */
export function buildBundle(parts: BundleParts): { bytes: Uint8Array; manifest: BundleManifest } {
  const now = parts.now ?? Date.now()
  const { redactor } = parts
  const session = redactor.value(parts.session)
  const environment = redactor.value(parts.environment)
  const frames = parts.frames
  const pcapng = frames
    ? framesToPcapng({ interfaces: frames.interfaces, packets: frames.packets.map((p) => ({ ...p, data: redactor.bytes(p.data) })) }, `Provbench ${appVersion()} support bundle`)
    : undefined
  const files = ['README.txt', 'manifest.json', 'session.json', 'environment.json', ...(pcapng ? ['frames.pcapng'] : [])]
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: now,
    appVersion: appVersion(),
    sessionId: session.id,
    files,
    frames: {
      source: frames?.source ?? 'none',
      count: frames?.packets.length ?? 0,
      allChannels: frames?.allChannels ?? false,
      truncated: frames?.truncated ?? false,
      fromMs: frames?.fromMs ?? session.startedAt,
      toMs: frames?.toMs ?? session.endedAt ?? session.startedAt,
    },
    redaction: { replaced: redactor.count + (parts.redactedEarlier ?? 0), note: 'Wi-Fi passwords, product and device secrets known to the station were replaced.' },
  }
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`)
  const mtime = Math.floor(now / 1000)
  const bytes = writeTar([
    { name: 'README.txt', data: new TextEncoder().encode(README), mtime },
    { name: 'manifest.json', data: json(manifest), mtime },
    { name: 'session.json', data: json(session), mtime },
    { name: 'environment.json', data: json(environment), mtime },
    ...(pcapng ? [{ name: 'frames.pcapng', data: pcapng, mtime }] : []),
  ])
  return { bytes, manifest }
}

export function bundleFileName(session: Pick<Session, 'id' | 'method'>): string {
  return `provbench-${session.method}-${session.id}.tar`
}
