import type { FailureCause } from '../../../preload/contract'
import type { Observation } from '../../methods/failure'
import { milestoneText } from './frames'
import type { FrameObservation } from './frame-observation'
import type { DiagnosisInput } from './rule'

type Evidence = FailureCause['evidence'][number]

const observationText = (o: Observation) => {
  const facts = Object.entries(o.facts ?? {}).map(([k, v]) => `${k}=${v}`)
  return `${o.code}${facts.length ? ` (${facts.join(', ')})` : ''}`
}

/** Frames seen and not seen, as two evidence lines a support engineer can check against the capture. */
export function frameEvidence(frames: FrameObservation): Evidence[] {
  const where = `${frames.source}, ${frames.allChannels ? 'all channels' : 'one channel'}, ${frames.frameCount} frames`
  const router = frames.bssid ? `router ${frames.bssid}` : 'the target router'
  const out: Evidence[] = []
  if (frames.seen.length > 0) {
    const list = frames.seen.map((s) => `${milestoneText(s.milestone)} ×${s.count}${s.detail ? ` (${s.detail})` : ''}`).join(', ')
    out.push({ kind: 'frames-seen', text: `With ${router}: ${list} [${where}].` })
  } else {
    out.push({ kind: 'frames-seen', text: `No frame from or to ${router} [${where}].` })
  }
  if (frames.notSeen.length > 0) {
    out.push({ kind: 'frames-not-seen', text: `${frames.notSeen.map(milestoneText).join(', ')} [${where}].` })
  }
  return out
}

/** The evidence behind a cause: the failed step (and its retries), what was observed, frames, the last good step. */
export function buildEvidence(input: DiagnosisInput, decisive: Observation | undefined): Evidence[] {
  const evidence: Evidence[] = []
  if (input.failedStep) {
    const attempts = input.steps.filter((s) => s.name === input.failedStep).length
    evidence.push({ kind: 'failed-step', text: `Step "${input.failedStep}" failed${attempts > 1 ? ` after ${attempts} attempts` : ''}.` })
  }
  const retried = new Map<string, number>()
  for (const step of input.steps) if (step.outcome === 'retried' && step.name !== input.failedStep) retried.set(step.name, (retried.get(step.name) ?? 0) + 1)
  for (const [name, count] of retried) evidence.push({ kind: 'retried-step', text: `Step "${name}" was retried ${count} time${count > 1 ? 's' : ''}.` })
  if (decisive) evidence.push({ kind: 'observation', text: observationText(decisive) })
  for (const other of input.observations) if (other !== decisive) evidence.push({ kind: 'observation', text: observationText(other) })
  if (input.frames) evidence.push(...frameEvidence(input.frames))
  const last = input.steps.filter((s) => s.outcome === 'succeeded').pop()
  if (last) evidence.push({ kind: 'last-good-step', text: `Last step that succeeded: "${last.name}".` })
  return evidence
}
