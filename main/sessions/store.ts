import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type {
  FailureCause,
  MethodId,
  Profile,
  Session,
  SessionOutcome,
  SessionSummary,
  Step,
  StepDetail,
  StepOutcome,
} from '../../preload/contract'
import { ensureRollups } from './rollups'
import { SCHEMA } from './schema'
import type { SecretBox } from './secret-box'

export interface NewSession {
  method: MethodId
  encoding?: string
  deviceId?: string
  deviceLabel?: string
  deviceModel?: string
  target: { ssid: string; bssid?: string }
  profile: Profile
  startedAt: number
}

export interface SessionFilter {
  method?: MethodId
  outcome?: SessionOutcome
  limit?: number
  offset?: number
}

interface SessionRow {
  id: string
  method: string
  encoding: string | null
  device_id: string | null
  device_label: string | null
  device_model: string | null
  ssid: string
  bssid: string | null
  profile: string
  started_at: number
  ended_at: number | null
  outcome: string
  cause_json: string | null
  step_count?: number
}

interface StepRow {
  session_id: string
  seq: number
  name: string
  attempt: number
  started_at: number
  ended_at: number | null
  outcome: string
  detail_json: string | null
}

export const DB_FILE = 'provbench.db'

/**
 * The record of every session. WAL mode with synchronous=NORMAL: each step is durable when its statement returns,
 * so a station killed mid-session (even SIGKILL) keeps every finished step; on the next open such sessions are
 * marked `interrupted`.
 */
export class SessionStore {
  readonly db: Database.Database
  /** Sessions found running at open and marked interrupted. */
  readonly recovered: string[]

  private constructor(db: Database.Database, private readonly box: SecretBox | undefined) {
    this.db = db
    this.recovered = this.recoverInterrupted()
  }

  static open(dataDir: string, box?: SecretBox): SessionStore {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const db = new Database(path.join(dataDir, DB_FILE))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.exec(SCHEMA)
    ensureRollups(db)
    return new SessionStore(db, box)
  }

  static inMemory(box?: SecretBox): SessionStore {
    const db = new Database(':memory:')
    db.exec(SCHEMA)
    ensureRollups(db)
    return new SessionStore(db, box)
  }

  close(): void {
    this.db.close()
  }

  private recoverInterrupted(): string[] {
    const running = this.db.prepare(`SELECT id FROM sessions WHERE outcome = 'running'`).all() as { id: string }[]
    if (running.length === 0) return []
    const now = Date.now()
    const tx = this.db.transaction(() => {
      for (const { id } of running) {
        const lastStep = this.db
          .prepare(`SELECT MAX(COALESCE(ended_at, started_at)) AS t FROM steps WHERE session_id = ?`)
          .get(id) as { t: number | null }
        const endedAt = lastStep.t ?? now
        this.db.prepare(`UPDATE steps SET outcome = 'interrupted', ended_at = ? WHERE session_id = ? AND outcome = 'running'`).run(endedAt, id)
        this.db.prepare(`UPDATE sessions SET outcome = 'interrupted', ended_at = ? WHERE id = ?`).run(endedAt, id)
      }
    })
    tx()
    return running.map((r) => r.id)
  }

  createSession(input: NewSession): Session {
    const id = `${input.startedAt.toString(36)}-${randomBytes(4).toString('hex')}`
    this.db
      .prepare(
        `INSERT INTO sessions (id, method, encoding, device_id, device_label, device_model, ssid, bssid, profile, started_at, outcome)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running')`,
      )
      .run(
        id,
        input.method,
        input.encoding ?? null,
        input.deviceId ?? null,
        input.deviceLabel ?? null,
        input.deviceModel ?? null,
        input.target.ssid,
        input.target.bssid ?? null,
        input.profile,
        input.startedAt,
      )
    return this.get(id)!
  }

  startStep(sessionId: string, name: string, attempt: number, startedAt: number): Step {
    const next = this.db.prepare(`SELECT COALESCE(MAX(seq), -1) + 1 AS seq FROM steps WHERE session_id = ?`).get(sessionId) as { seq: number }
    this.db
      .prepare(`INSERT INTO steps (session_id, seq, name, attempt, started_at, outcome) VALUES (?, ?, ?, ?, ?, 'running')`)
      .run(sessionId, next.seq, name, attempt, startedAt)
    return { seq: next.seq, name, attempt, startedAt, outcome: 'running' }
  }

  endStep(sessionId: string, seq: number, outcome: StepOutcome, endedAt: number, detail?: StepDetail): Step {
    this.db
      .prepare(`UPDATE steps SET outcome = ?, ended_at = ?, detail_json = ? WHERE session_id = ? AND seq = ?`)
      .run(outcome, endedAt, detail ? JSON.stringify(detail) : null, sessionId, seq)
    const row = this.db.prepare(`SELECT * FROM steps WHERE session_id = ? AND seq = ?`).get(sessionId, seq) as StepRow
    return toStep(row)
  }

  /** A step that is known only at its end (observed by the lab, say) is written whole. */
  recordStep(sessionId: string, step: Omit<Step, 'seq'>): Step {
    const started = this.startStep(sessionId, step.name, step.attempt, step.startedAt)
    return this.endStep(sessionId, started.seq, step.outcome, step.endedAt ?? step.startedAt, step.detail)
  }

  updateTarget(sessionId: string, target: { bssid?: string; deviceId?: string; deviceLabel?: string; deviceModel?: string }): void {
    this.db
      .prepare(
        `UPDATE sessions SET bssid = COALESCE(?, bssid), device_id = COALESCE(?, device_id),
         device_label = COALESCE(?, device_label), device_model = COALESCE(?, device_model) WHERE id = ?`,
      )
      .run(target.bssid ?? null, target.deviceId ?? null, target.deviceLabel ?? null, target.deviceModel ?? null, sessionId)
  }

  endSession(id: string, outcome: SessionOutcome, endedAt: number, cause?: FailureCause): Session {
    this.db
      .prepare(`UPDATE sessions SET outcome = ?, ended_at = ?, cause_json = ? WHERE id = ?`)
      .run(outcome, endedAt, cause ? JSON.stringify(cause) : null, id)
    return this.get(id)!
  }

  get(id: string): Session | undefined {
    const row = this.db.prepare(`SELECT * FROM sessions WHERE id = ?`).get(id) as SessionRow | undefined
    if (!row) return undefined
    const steps = (this.db.prepare(`SELECT * FROM steps WHERE session_id = ? ORDER BY seq`).all(id) as StepRow[]).map(toStep)
    return { ...toSummaryBase(row), steps }
  }

  summary(id: string): SessionSummary | undefined {
    const row = this.db
      .prepare(`SELECT s.*, (SELECT COUNT(*) FROM steps WHERE session_id = s.id) AS step_count FROM sessions s WHERE id = ?`)
      .get(id) as SessionRow | undefined
    return row ? { ...toSummaryBase(row), stepCount: row.step_count ?? 0 } : undefined
  }

  list(filter: SessionFilter = {}): SessionSummary[] {
    const where: string[] = []
    const args: unknown[] = []
    if (filter.method) {
      where.push('method = ?')
      args.push(filter.method)
    }
    if (filter.outcome) {
      where.push('outcome = ?')
      args.push(filter.outcome)
    }
    const sql = `SELECT s.*, (SELECT COUNT(*) FROM steps WHERE session_id = s.id) AS step_count FROM sessions s
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`
    const rows = this.db.prepare(sql).all(...args, filter.limit ?? 200, filter.offset ?? 0) as SessionRow[]
    return rows.map((row) => ({ ...toSummaryBase(row), stepCount: row.step_count ?? 0 }))
  }

  // Secrets: sealed by the SecretBox before they touch the file.
  putSecret(kind: string, name: string, value: string): void {
    if (!this.box) throw new Error('This store was opened without a secret box; secrets cannot be saved.')
    this.db
      .prepare(`INSERT INTO secrets (kind, name, sealed, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(kind, name) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at`)
      .run(kind, name, Buffer.from(this.box.seal(value)), Date.now())
  }

  getSecret(kind: string, name: string): string | undefined {
    if (!this.box) return undefined
    const row = this.db.prepare(`SELECT sealed FROM secrets WHERE kind = ? AND name = ?`).get(kind, name) as { sealed: Buffer } | undefined
    return row ? this.box.open(row.sealed) : undefined
  }

  listSecretNames(kind: string): string[] {
    return (this.db.prepare(`SELECT name FROM secrets WHERE kind = ? ORDER BY name`).all(kind) as { name: string }[]).map((r) => r.name)
  }

  deleteSecret(kind: string, name: string): boolean {
    return this.db.prepare(`DELETE FROM secrets WHERE kind = ? AND name = ?`).run(kind, name).changes > 0
  }

  getSetting<T>(key: string): T | undefined {
    const row = this.db.prepare(`SELECT value_json FROM settings WHERE key = ?`).get(key) as { value_json: string } | undefined
    return row ? (JSON.parse(row.value_json) as T) : undefined
  }

  setSetting(key: string, value: unknown): void {
    this.db
      .prepare(`INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json`)
      .run(key, JSON.stringify(value))
  }
}

function toSummaryBase(row: SessionRow): Omit<Session, 'steps'> {
  return {
    id: row.id,
    method: row.method as MethodId,
    ...(row.encoding ? { encoding: row.encoding as Session['encoding'] } : {}),
    ...(row.device_id ? { deviceId: row.device_id } : {}),
    ...(row.device_label ? { deviceLabel: row.device_label } : {}),
    ...(row.device_model ? { deviceModel: row.device_model } : {}),
    target: { ssid: row.ssid, ...(row.bssid ? { bssid: row.bssid } : {}) },
    profile: row.profile as Profile,
    startedAt: row.started_at,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    outcome: row.outcome as SessionOutcome,
    ...(row.cause_json ? { cause: JSON.parse(row.cause_json) as FailureCause } : {}),
  }
}

function toStep(row: StepRow): Step {
  return {
    seq: row.seq,
    name: row.name,
    attempt: row.attempt,
    startedAt: row.started_at,
    ...(row.ended_at !== null ? { endedAt: row.ended_at } : {}),
    outcome: row.outcome as StepOutcome,
    ...(row.detail_json ? { detail: JSON.parse(row.detail_json) as StepDetail } : {}),
  }
}
