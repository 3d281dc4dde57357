import type { BundleEnvironment, BundleManifest } from '../../preload/contract'
import type { SessionStore } from '../sessions/store'
import { buildBundle, bundleFileName } from './build-bundle'
import type { RecordedFrames } from './frame-source'
import { Redactor } from './redaction'
import { PRE_ROLL_MS } from './session-recorder'
import type { SessionRecords } from './session-records'

export class BundleError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-input',
    message: string,
  ) {
    super(message)
  }
}

export interface BundleSources {
  store: SessionStore
  records: SessionRecords
  /** The station's live frame sources, for a session whose record has no frames (a running station only). */
  liveFrames?: (fromMs: number, toMs: number) => RecordedFrames | undefined
  /** The environment now, for a session whose record has none (older sessions, another machine's store). */
  environmentNow: () => Promise<BundleEnvironment>
  /** Secrets known by name; the process's registered secrets are redacted as well. */
  secrets: readonly string[]
}

export interface ExportedBundle {
  bytes: Uint8Array
  fileName: string
  manifest: BundleManifest
}

/** A support bundle for one stored session: its timeline, the frames around it, the environment; secrets redacted. */
export async function exportBundle(sessionId: string, sources: BundleSources): Promise<ExportedBundle> {
  // The station's own snapshot first: it was redacted by the process that knew the session's Wi-Fi password.
  const session = sources.records.readSession(sessionId) ?? sources.store.get(sessionId)
  if (!session) throw new BundleError('not-found', `No session ${sessionId.slice(0, 100)} in this data folder.`)
  const environment = sources.records.readEnvironment(session.id) ?? (await sources.environmentNow())
  const stored = sources.records.readFrames(session.id)
  let frames: (RecordedFrames & { fromMs: number; toMs: number }) | undefined
  if (stored) frames = { ...stored, fromMs: stored.meta.fromMs, toMs: stored.meta.toMs }
  else if (sources.liveFrames) {
    const window = { fromMs: session.startedAt - PRE_ROLL_MS, toMs: session.endedAt ?? Date.now() }
    const live = sources.liveFrames(window.fromMs, window.toMs)
    if (live) frames = { ...live, ...window }
  }
  const { bytes, manifest } = buildBundle({ session, environment, frames, redactor: new Redactor(sources.secrets), redactedEarlier: sources.records.redactions(session.id) })
  return { bytes, manifest, fileName: bundleFileName(session) }
}
