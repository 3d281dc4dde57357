import type { Session, SessionEvent } from '../../preload/contract'
import { formatMs } from './common'

const useColor = () => !!process.stderr.isTTY && !process.env.NO_COLOR
const paint = (code: string, text: string) => (useColor() ? `\x1b[${code}m${text}\x1b[0m` : text)
const MARK: Record<string, string> = { succeeded: '✓', failed: '✗', retried: '↻', cancelled: '■', skipped: '·', interrupted: '!' }
const COLOR: Record<string, string> = { succeeded: '32', failed: '31', retried: '33', cancelled: '90', interrupted: '33' }

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return ''
  return Object.entries(detail)
    .filter(([, v]) => v !== '' && v !== null)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
}

/** One line per step start and end, as the session runs. */
export function printStepEvent(event: SessionEvent, write: (line: string) => void): void {
  const step = event.step
  if (event.kind !== 'step' || !step) return
  if (step.outcome === 'running') {
    write(`  … ${step.name}${step.attempt > 1 ? ` (attempt ${step.attempt})` : ''}`)
    return
  }
  const took = step.endedAt !== undefined ? formatMs(step.endedAt - step.startedAt) : ''
  const mark = paint(COLOR[step.outcome] ?? '0', MARK[step.outcome] ?? '?')
  write(`  ${mark} ${step.name.padEnd(20)} ${took.padStart(9)}  ${detailText(step.detail)}`)
}

export function printOutcome(session: Session, write: (line: string) => void): void {
  const total = session.endedAt ? formatMs(session.endedAt - session.startedAt) : ''
  if (session.outcome === 'succeeded') {
    write(paint('32', `SUCCEEDED in ${total}`) + `  (session ${session.id})`)
    return
  }
  write(paint('31', `${session.outcome.toUpperCase()}${total ? ` after ${total}` : ''}`) + `  (session ${session.id})`)
  if (session.cause) {
    write(`  Cause:  ${session.cause.title} [${session.cause.id}]`)
    write(`  Why:    ${session.cause.explanation}`)
    write(`  Next:   ${session.cause.advice}`)
    for (const evidence of session.cause.evidence) write(`  Seen:   ${evidence.text}`)
  }
}

/** The --json outcome: step times in ms from the session start. */
export function sessionJson(session: Session) {
  return {
    id: session.id,
    method: session.method,
    ...(session.encoding ? { encoding: session.encoding } : {}),
    profile: session.profile,
    target: session.target,
    outcome: session.outcome,
    ...(session.cause ? { cause: session.cause } : {}),
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    durationMs: session.endedAt !== undefined ? session.endedAt - session.startedAt : undefined,
    steps: session.steps.map((s) => ({
      name: s.name,
      attempt: s.attempt,
      outcome: s.outcome,
      startMs: s.startedAt - session.startedAt,
      endMs: s.endedAt !== undefined ? s.endedAt - session.startedAt : undefined,
      ...(s.detail ? { detail: s.detail } : {}),
    })),
  }
}
