import type Database from 'better-sqlite3'
import type { MethodId } from '../../../preload/contract'
import { causeDefinition, type CauseId } from '../../../main/sessions/diagnosis/causes'

// Realistic stored sessions for the stats tests, the aggregation benchmark and the Timing e2e: three methods with
// their own step sequences and log-normal step times, device models (one supporting two methods, for A/B), two
// Wi-Fi targets, lab and hardware, failures spread over causes. Deterministic for a seed; written straight into the
// store's tables in one transaction (what the runner writes, minus the waiting).

interface MethodShape {
  method: MethodId
  steps: { name: string; medianMs: number; spread: number }[]
  successRate: number
  causes: { id: CauseId; weight: number; failedStep: string }[]
}

export const SHAPES: MethodShape[] = [
  {
    method: 'webcam-config',
    steps: [
      { name: 'qr-generated', medianMs: 60, spread: 0.3 },
      { name: 'qr-shown', medianMs: 20, spread: 0.3 },
      { name: 'device-scanned', medianMs: 2_500, spread: 0.6 },
      { name: 'device-joined', medianMs: 3_000, spread: 0.4 },
      { name: 'announce-received', medianMs: 1_500, spread: 0.5 },
      { name: 'confirmed', medianMs: 120, spread: 0.4 },
    ],
    successRate: 0.85,
    causes: [
      { id: 'device.qr-not-scanned', weight: 4, failedStep: 'device-scanned' },
      { id: 'wifi.wrong-password', weight: 3, failedStep: 'device-joined' },
      { id: 'device.never-announced', weight: 2, failedStep: 'announce-received' },
    ],
  },
  {
    method: 'smart-config',
    steps: [
      { name: 'preflight', medianMs: 30, spread: 0.3 },
      { name: 'send-credentials', medianMs: 9_000, spread: 0.5 },
      { name: 'announce-received', medianMs: 2_000, spread: 0.5 },
      { name: 'confirmed', medianMs: 150, spread: 0.4 },
    ],
    successRate: 0.7,
    causes: [
      { id: 'device.never-announced', weight: 5, failedStep: 'announce-received' },
      { id: 'wifi.band-unsupported', weight: 2, failedStep: 'announce-received' },
      { id: 'wifi.wrong-password', weight: 2, failedStep: 'announce-received' },
    ],
  },
  {
    method: 'ble-config',
    steps: [
      { name: 'scan', medianMs: 1_200, spread: 0.5 },
      { name: 'connect', medianMs: 800, spread: 0.5 },
      { name: 'authenticate', medianMs: 400, spread: 0.4 },
      { name: 'send-wifi-config', medianMs: 300, spread: 0.4 },
      { name: 'announce-received', medianMs: 3_500, spread: 0.4 },
      { name: 'confirmed', medianMs: 120, spread: 0.4 },
    ],
    successRate: 0.92,
    causes: [
      { id: 'wifi.out-of-range', weight: 2, failedStep: 'scan' },
      { id: 'wifi.wrong-password', weight: 3, failedStep: 'announce-received' },
      { id: 'device.confirm-unanswered', weight: 1, failedStep: 'confirmed' },
    ],
  },
]

const MODELS: Record<string, MethodId[]> = {
  'LabCam C1 (QR)': ['webcam-config'],
  'Plug P2': ['smart-config'],
  'Combo Bulb B3': ['smart-config', 'ble-config'],
  'Sensor S1 (BLE)': ['ble-config'],
}
const SSIDS = ['LabNet', 'Office-2.4G']

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface SyntheticOptions {
  count: number
  seed?: number
  /** First session start (ms); sessions spread over `spanMs` after it. */
  from?: number
  spanMs?: number
  idPrefix?: string
}

export interface SyntheticSession {
  id: string
  method: MethodId
  model: string
  ssid: string
  profile: 'lab' | 'hardware'
  startedAt: number
  endedAt: number
  outcome: 'succeeded' | 'failed' | 'cancelled'
  causeId?: CauseId
  steps: { name: string; attempt: number; startedAt: number; endedAt: number; outcome: string }[]
}

export function syntheticSessions(options: SyntheticOptions): SyntheticSession[] {
  const random = mulberry32(options.seed ?? 1)
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const from = options.from ?? Date.UTC(2026, 9, 1)
  const span = options.spanMs ?? 30 * 24 * 3_600_000
  const models = Object.keys(MODELS)
  const out: SyntheticSession[] = []
  for (let i = 0; i < options.count; i++) {
    const model = models[Math.floor(random() * models.length)]
    const methods = MODELS[model]
    const method = methods[Math.floor(random() * methods.length)]
    const shape = SHAPES.find((s) => s.method === method)!
    const startedAt = Math.floor(from + (i / options.count) * span + random() * 1000)
    const roll = random()
    const outcome = roll < 0.02 ? 'cancelled' : roll < 0.02 + (1 - shape.successRate) ? 'failed' : 'succeeded'
    const totalWeight = shape.causes.reduce((n, c) => n + c.weight, 0)
    let pick = random() * totalWeight
    const cause = shape.causes.find((c) => (pick -= c.weight) < 0) ?? shape.causes[0]
    const steps: SyntheticSession['steps'] = []
    let t = startedAt
    for (const step of shape.steps) {
      const attempts = random() < 0.05 ? 2 : 1
      for (let attempt = 1; attempt <= attempts; attempt++) {
        const duration = Math.max(1, Math.round(step.medianMs * Math.exp(step.spread * gaussian())))
        const last = attempt === attempts
        const failedHere = outcome === 'failed' && last && step.name === cause.failedStep
        const cancelledHere = outcome === 'cancelled' && last && step === shape.steps[Math.floor(shape.steps.length / 2)]
        steps.push({ name: step.name, attempt, startedAt: t, endedAt: t + duration, outcome: !last ? 'retried' : failedHere ? 'failed' : cancelledHere ? 'cancelled' : 'succeeded' })
        t += duration
        if (failedHere || cancelledHere) break
      }
      if (steps[steps.length - 1].outcome === 'failed' || steps[steps.length - 1].outcome === 'cancelled') break
    }
    out.push({
      id: `${options.idPrefix ?? 'synthetic'}-${i.toString(36).padStart(6, '0')}`,
      method: shape.method,
      model,
      ssid: SSIDS[random() < 0.7 ? 0 : 1],
      profile: random() < 0.6 ? 'lab' : 'hardware',
      startedAt,
      endedAt: t,
      outcome,
      ...(outcome === 'failed' ? { causeId: cause.id } : {}),
      steps,
    })
  }
  return out
}

/** Writes sessions into a store's database in one transaction. */
export function insertSessions(db: Database.Database, sessions: readonly SyntheticSession[]): void {
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, method, device_id, device_label, device_model, ssid, profile, started_at, ended_at, outcome, cause_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertStep = db.prepare(`INSERT INTO steps (session_id, seq, name, attempt, started_at, ended_at, outcome) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  db.transaction(() => {
    for (const s of sessions) {
      const cause = s.causeId
        ? JSON.stringify({
            ...causeDefinition(s.causeId),
            failedStep: s.steps[s.steps.length - 1].name,
            evidence: [{ kind: 'failed-step', text: `Step "${s.steps[s.steps.length - 1].name}" failed.` }],
          })
        : null
      insertSession.run(s.id, s.method, `${s.model}#1`, s.model, s.model, s.ssid, s.profile, s.startedAt, s.endedAt, s.outcome, cause)
      s.steps.forEach((step, seq) => insertStep.run(s.id, seq, step.name, step.attempt, step.startedAt, step.endedAt, step.outcome))
    }
  })()
}
