import fs from 'node:fs'
import path from 'node:path'
import { BundleEnvironment, Session } from '../../preload/contract'
import type { RecordedFrames } from './frame-source'
import { framesToPcapng, pcapngToFrames } from './frames-pcapng'

// What a station keeps per session beyond the store, so a bundle can be made later, by the CLI, after a restart:
// the environment when the session started, the session as it ended and the frames around it (all redacted by the
// station, which knows every secret it was given).
//   <dataDir>/session-records/<sessionId>/{environment.json, session.json, frames.pcapng, frames.json, redactions}

export const RECORDS_DIR = 'session-records'
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/

export interface FramesMeta {
  source: string
  allChannels: boolean
  truncated: boolean
  fromMs: number
  toMs: number
  count: number
}

export interface StoredFrames extends RecordedFrames {
  meta: FramesMeta
}

export function isSessionId(id: string): boolean {
  return SESSION_ID.test(id)
}

export class SessionRecords {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, RECORDS_DIR)
  }

  private folder(sessionId: string, create: boolean): string | undefined {
    if (!isSessionId(sessionId)) return undefined
    const folder = path.join(this.dir, sessionId)
    if (create) fs.mkdirSync(folder, { recursive: true, mode: 0o700 })
    return folder
  }

  writeEnvironment(sessionId: string, environment: BundleEnvironment): void {
    const folder = this.folder(sessionId, true)
    if (folder) fs.writeFileSync(path.join(folder, 'environment.json'), JSON.stringify(environment), { mode: 0o600 })
  }

  readEnvironment(sessionId: string): BundleEnvironment | undefined {
    const folder = this.folder(sessionId, false)
    if (!folder) return undefined
    try {
      const parsed = BundleEnvironment.safeParse(JSON.parse(fs.readFileSync(path.join(folder, 'environment.json'), 'utf8')))
      return parsed.success ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  writeSession(session: Session): void {
    const folder = this.folder(session.id, true)
    if (folder) fs.writeFileSync(path.join(folder, 'session.json'), JSON.stringify(session), { mode: 0o600 })
  }

  readSession(sessionId: string): Session | undefined {
    const folder = this.folder(sessionId, false)
    if (!folder) return undefined
    try {
      const parsed = Session.safeParse(JSON.parse(fs.readFileSync(path.join(folder, 'session.json'), 'utf8')))
      return parsed.success && parsed.data.id === sessionId ? parsed.data : undefined
    } catch {
      return undefined
    }
  }

  /** Secrets replaced while writing this record (the bundle's manifest reports them with its own). */
  addRedactions(sessionId: string, count: number): void {
    const folder = this.folder(sessionId, true)
    if (folder && count > 0) fs.writeFileSync(path.join(folder, 'redactions'), String(this.redactions(sessionId) + count), { mode: 0o600 })
  }

  redactions(sessionId: string): number {
    const folder = this.folder(sessionId, false)
    if (!folder) return 0
    try {
      const n = Number.parseInt(fs.readFileSync(path.join(folder, 'redactions'), 'utf8'), 10)
      return Number.isFinite(n) ? n : 0
    } catch {
      return 0
    }
  }

  writeFrames(sessionId: string, frames: RecordedFrames, window: { fromMs: number; toMs: number }): void {
    const folder = this.folder(sessionId, true)
    if (!folder) return
    const meta: FramesMeta = { source: frames.source, allChannels: frames.allChannels, truncated: frames.truncated, ...window, count: frames.packets.length }
    fs.writeFileSync(path.join(folder, 'frames.pcapng'), framesToPcapng(frames, 'Provbench session record'), { mode: 0o600 })
    fs.writeFileSync(path.join(folder, 'frames.json'), JSON.stringify(meta), { mode: 0o600 })
  }

  readFrames(sessionId: string): StoredFrames | undefined {
    const folder = this.folder(sessionId, false)
    if (!folder) return undefined
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(folder, 'frames.json'), 'utf8')) as FramesMeta
      const read = pcapngToFrames(fs.readFileSync(path.join(folder, 'frames.pcapng')))
      if (!read.ok) return undefined
      return { source: meta.source, allChannels: meta.allChannels, truncated: meta.truncated, interfaces: read.interfaces, packets: read.packets, meta }
    } catch {
      return undefined
    }
  }

  /** Keeps the newest `keep` records (by folder time); sessions themselves stay in the store. */
  prune(keep: number): number {
    let names: string[]
    try {
      names = fs.readdirSync(this.dir)
    } catch {
      return 0
    }
    if (names.length <= keep) return 0
    const aged = names
      .map((name) => ({ name, at: fs.statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at)
      .slice(keep)
    for (const old of aged) fs.rmSync(path.join(this.dir, old.name), { recursive: true, force: true })
    return aged.length
  }
}
