import { BundleEnvironment, BundleManifest, Session } from '../../preload/contract'
import type { z } from 'zod'
import type { RecordedFrames } from './frame-source'
import { pcapngToFrames } from './frames-pcapng'
import { readTar } from './tar'

export interface OpenedBundle {
  manifest: BundleManifest
  session: Session
  environment: BundleEnvironment
  frames: Pick<RecordedFrames, 'interfaces' | 'packets'>
}

export type OpenResult = { ok: true; bundle: OpenedBundle } | { ok: false; reason: string }

/** A bundle file back into its parts, every part checked against its schema; a damaged file is a reason, not a throw. */
export function openBundle(bytes: Uint8Array): OpenResult {
  const tar = readTar(bytes)
  if (!tar.ok) return { ok: false, reason: `Not a Provbench support bundle (${tar.reason} at byte ${tar.offset}).` }
  const file = (name: string) => tar.entries.find((e) => e.name === name)?.data
  const json = <S extends z.ZodType>(name: string, schema: S): { ok: true; value: z.output<S> } | { ok: false; reason: string } => {
    const data = file(name)
    if (!data) return { ok: false, reason: `The bundle has no ${name}.` }
    let parsed: unknown
    try {
      parsed = JSON.parse(new TextDecoder().decode(data))
    } catch {
      return { ok: false, reason: `${name} in the bundle is not valid JSON.` }
    }
    const checked = schema.safeParse(parsed)
    if (!checked.success) {
      const issue = checked.error.issues[0]
      return { ok: false, reason: `${name} in the bundle is not as expected at ${issue.path.join('.') || '(root)'}: ${issue.message}` }
    }
    return { ok: true, value: checked.data }
  }
  const manifest = json('manifest.json', BundleManifest)
  if (!manifest.ok) return manifest
  const session = json('session.json', Session)
  if (!session.ok) return session
  const environment = json('environment.json', BundleEnvironment)
  if (!environment.ok) return environment
  const pcapng = file('frames.pcapng')
  let frames: OpenedBundle['frames'] = { interfaces: [], packets: [] }
  if (pcapng) {
    const read = pcapngToFrames(pcapng)
    if (!read.ok) return { ok: false, reason: `frames.pcapng in the bundle cannot be read: ${read.reason}` }
    frames = read
  }
  return { ok: true, bundle: { manifest: manifest.value, session: session.value, environment: environment.value, frames } }
}
