import { describe, expect, it } from 'vitest'
import { MethodId } from '../../../preload/contract'
import { allCauses, isCauseId } from '../../../main/sessions/diagnosis/causes'
import { diagnose, explain, type DiagnosisInput } from '../../../main/sessions/diagnosis'
import { allRules } from '../../../main/sessions/diagnosis/rules'
import { allLabKnobCases } from '../../../main/sessions/diagnosis/lab-knobs'

const input = (over: Partial<DiagnosisInput>): DiagnosisInput => ({
  method: 'webcam-config',
  profile: 'lab',
  failedStep: undefined,
  observations: [],
  steps: [],
  ...over,
})

describe('the failure taxonomy', () => {
  it('has unique, well-formed ids and complete texts', () => {
    const ids = allCauses().map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const cause of allCauses()) {
      expect(cause.id, cause.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(cause.title.length, `${cause.id} title`).toBeGreaterThan(3)
      expect(cause.explanation.length, `${cause.id} explanation`).toBeGreaterThan(20)
      expect(cause.advice.length, `${cause.id} advice`).toBeGreaterThan(10)
    }
  })

  it('every cause id a rule or a lab knob case names exists', () => {
    for (const rule of allRules()) expect(isCauseId(rule.cause), `rule ${rule.id} names unknown cause ${rule.cause}`).toBe(true)
    for (const c of allLabKnobCases()) if (c.expect !== 'succeeded') expect(isCauseId(c.expect), `knob case ${c.knob} names unknown cause ${c.expect}`).toBe(true)
  })

  it('rule ids are unique and rules name real methods', () => {
    const ids = allRules().map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of allRules()) for (const m of rule.methods ?? []) expect(MethodId.options).toContain(m)
  })
})

describe('every rule is exercised', () => {
  // Each rule's own example must be decided by that very rule: a rule shadowed by an earlier or stronger one fails
  // here.
  for (const rule of allRules()) {
    it(`${rule.id} -> ${rule.cause}`, () => {
      const method = rule.example.method ?? rule.methods?.[0] ?? 'webcam-config'
      const frames = rule.example.frames
        ? { source: 'example', allChannels: true, frameCount: 10, bssid: '02:00:1a:00:00:01', seen: [], notSeen: [], ...rule.example.frames }
        : undefined
      const result = explain(
        input({ method, failedStep: rule.example.failedStep, observations: [{ code: rule.code, facts: rule.example.facts }], ...(frames ? { frames } : {}) }),
      )
      expect(result.rule?.id).toBe(rule.id)
      expect(result.cause.id).toBe(rule.cause)
      expect(result.cause.evidence.some((e) => e.kind === 'observation' && e.text.startsWith(rule.code))).toBe(true)
    })
  }
})

describe('diagnose', () => {
  it('prefers lab ground truth over the generic timeout that follows from it', () => {
    const cause = diagnose(
      input({
        failedStep: 'device-joined',
        observations: [
          { code: 'no-announce', facts: { waitedMs: 5000 } },
          { code: 'lab-join-failed', facts: { reason: 'wrong-password' } },
        ],
      }),
    )
    expect(cause.id).toBe('wifi.wrong-password')
    // Both observations are evidence; the decisive one comes first.
    const observations = cause.evidence.filter((e) => e.kind === 'observation').map((e) => e.text)
    expect(observations[0]).toBe('lab-join-failed (reason=wrong-password)')
    expect(observations[1]).toBe('no-announce (waitedMs=5000)')
  })

  it('turns an unexplained observation into internal.error and keeps it as evidence', () => {
    const cause = diagnose(input({ observations: [{ code: 'never-heard-of-it', facts: { x: 1 } }] }))
    expect(cause.id).toBe('internal.error')
    expect(cause.evidence).toContainEqual({ kind: 'observation', text: 'never-heard-of-it (x=1)' })
  })

  it('names the failed step, its attempts, retried steps and the last good step', () => {
    const step = (seq: number, name: string, outcome: 'succeeded' | 'failed' | 'retried', attempt = 1) => ({ seq, name, attempt, startedAt: seq, endedAt: seq + 1, outcome })
    const cause = diagnose(
      input({
        failedStep: 'connect',
        observations: [{ code: 'no-announce' }],
        steps: [step(0, 'scan', 'retried'), step(1, 'scan', 'succeeded', 2), step(2, 'connect', 'retried'), step(3, 'connect', 'failed', 2)],
      }),
    )
    expect(cause.failedStep).toBe('connect')
    expect(cause.evidence).toContainEqual({ kind: 'failed-step', text: 'Step "connect" failed after 2 attempts.' })
    expect(cause.evidence).toContainEqual({ kind: 'retried-step', text: 'Step "scan" was retried 1 time.' })
    expect(cause.evidence).toContainEqual({ kind: 'last-good-step', text: 'Last step that succeeded: "scan".' })
  })

  it('refines "never announced" with frames: a rejected handshake is a wrong password, a completed one a LAN problem', () => {
    const frames = { source: 'lab-air', allChannels: true, frameCount: 300, bssid: '02:00:1a:00:00:01', seen: [], notSeen: [] }
    const noAnnounce = { observations: [{ code: 'no-announce' }], failedStep: 'announce-received' }
    expect(diagnose(input({ ...noAnnounce })).id).toBe('device.never-announced')
    expect(diagnose(input({ ...noAnnounce, frames: { ...frames, router: 'heard', handshake: 'rejected' } })).id).toBe('wifi.wrong-password')
    expect(diagnose(input({ ...noAnnounce, frames: { ...frames, router: 'heard', handshake: 'completed' } })).id).toBe('device.joined-but-silent')
    expect(diagnose(input({ ...noAnnounce, frames: { ...frames, router: 'not-heard', handshake: 'not-started' } })).id).toBe('wifi.network-not-found')
    expect(diagnose(input({ ...noAnnounce, frames: { ...frames, router: 'heard', handshake: 'incomplete' } })).id).toBe('device.never-announced')
  })

  it('never throws on arbitrary observations', () => {
    for (const code of ['', 'lab-join-failed', 'no-announce', '__proto__', 'constructor']) {
      expect(() => diagnose(input({ observations: [{ code, facts: { reason: 'x', toString: 'y' } }] }))).not.toThrow()
    }
  })
})
