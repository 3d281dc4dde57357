import type { DeviceInfo, FailureCause, Profile, Session, SessionSummary, StartSession, Step, StepDetail } from '../../preload/contract'
import type { Display, LabObserver, MethodContext, ProductSecrets, RetryPolicy, StepControl } from '../methods/context'
import type { MethodDefinition } from '../methods/definition'
import { Cancelled, MethodFailure, type Observation, SessionEnded } from '../methods/failure'
import type { Radios } from '../radio'
import type { Clock } from '../runtime/clock'
import { type Logger, registerSecret } from '../runtime/log'
import type { RandomSource } from '../runtime/random'
import type { EventBus } from '../transport/bus'
import { CommandError } from '../transport/handlers'
import { diagnose } from './diagnosis'
import type { SessionStore } from './store'

export interface RunnerEnvironment {
  profile: Profile
  store: SessionStore
  bus: EventBus
  clock: Clock
  random: RandomSource
  radios: Radios
  lab: LabObserver | undefined
  display: Display
  secrets: ProductSecrets
  log: Logger
  methods: Map<string, MethodDefinition>
  defaultConfirmTimeoutMs: () => number
  findDevice: (id: string) => Promise<DeviceInfo | undefined>
  refineCause?: (failed: { id: string; startedAt: number; endedAt: number; target: Session['target']; cause: FailureCause }) => FailureCause | undefined
}

interface Running {
  controller: AbortController
  done: Promise<Session>
}

/** Runs sessions: one method per session, every step stored as it happens and pushed to the UI. */
export class SessionRunner {
  private running = new Map<string, Running>()

  constructor(private readonly env: RunnerEnvironment) {}

  async start(input: StartSession): Promise<SessionSummary> {
    const { env } = this
    const method = env.methods.get(input.method)
    if (!method) throw new CommandError('unavailable', `Method ${input.method} is not implemented in this version.`)
    const availability = method.availability({ profile: env.profile, radios: env.radios })
    if (!availability.available) throw new CommandError('unavailable', `${input.method} cannot run here: ${availability.reason}`)
    const problems = method.preflight(input, { profile: env.profile, radios: env.radios })
    if (problems.length > 0) throw new CommandError('invalid-input', problems[0].message, problems)
    registerSecret(input.target.password)

    const device = input.deviceId ? await env.findDevice(input.deviceId) : undefined
    if (input.deviceId && !device) {
      const message = `No device "${input.deviceId}" is known to this station.`
      throw new CommandError('invalid-input', message, [{ path: 'deviceId', message }])
    }

    const session = env.store.createSession({
      method: input.method,
      encoding: input.options?.encoding,
      deviceId: device?.id,
      deviceLabel: device?.label,
      deviceModel: device?.model,
      target: { ssid: input.target.ssid, bssid: input.target.bssid },
      profile: env.profile,
      startedAt: env.clock.now(),
    })
    const controller = new AbortController()
    const summary = env.store.summary(session.id)!
    env.bus.emit('sessions.updated', { kind: 'started', session: summary })
    const done = this.execute(session.id, method, input, device, controller)
    this.running.set(session.id, { controller, done })
    done.finally(() => this.running.delete(session.id)).catch(() => undefined)
    return summary
  }

  /** Resolves when the session has ended (for the CLI and tests). */
  async wait(id: string): Promise<Session> {
    const running = this.running.get(id)
    if (running) return running.done
    const stored = this.env.store.get(id)
    if (!stored) throw new CommandError('not-found', `No session ${id}.`)
    return stored
  }

  cancel(id: string): SessionSummary {
    const running = this.running.get(id)
    if (running) running.controller.abort(new Cancelled())
    const summary = this.env.store.summary(id)
    if (!summary) throw new CommandError('not-found', `No session ${id}.`)
    return summary
  }

  async cancelAll(): Promise<void> {
    const all = [...this.running.values()]
    for (const r of all) r.controller.abort(new Cancelled())
    await Promise.allSettled(all.map((r) => r.done))
  }

  private async execute(
    id: string,
    method: MethodDefinition,
    input: StartSession,
    device: DeviceInfo | undefined,
    controller: AbortController,
  ): Promise<Session> {
    const { env } = this
    const observations: Observation[] = []
    let failedStep: string | undefined
    const emitStep = (step: Step) => env.bus.emit('sessions.updated', { kind: 'step', session: env.store.summary(id)!, step })

    const runStep = async <T>(name: string, run: (step: StepControl) => Promise<T>, policy?: RetryPolicy): Promise<T> => {
      const attempts = Math.max(1, policy?.attempts ?? 1)
      for (let attempt = 1; ; attempt++) {
        if (controller.signal.aborted) throw controller.signal.reason
        let detail: StepDetail | undefined
        const started = env.store.startStep(id, name, attempt, env.clock.now())
        emitStep(started)
        try {
          const value = await run({ signal: controller.signal, detail: (d) => (detail = { ...detail, ...d }) })
          emitStep(env.store.endStep(id, started.seq, 'succeeded', env.clock.now(), detail))
          return value
        } catch (error) {
          const cancelled = controller.signal.aborted
          const retry = !cancelled && attempt < attempts && policy?.retryable(error)
          const reason = error instanceof MethodFailure ? error.observation.code : cancelled ? 'cancelled' : (error as Error).message
          emitStep(
            env.store.endStep(id, started.seq, cancelled ? 'cancelled' : retry ? 'retried' : 'failed', env.clock.now(), {
              ...detail,
              error: reason.slice(0, 300),
            }),
          )
          if (!retry) {
            if (!cancelled) failedStep = name
            throw error
          }
          await env.clock.sleep(policy!.delayMs, controller.signal)
        }
      }
    }

    const ctx: MethodContext = {
      sessionId: id,
      profile: env.profile,
      clock: env.clock,
      random: env.random,
      radios: env.radios,
      lab: env.lab,
      display: env.display,
      secrets: env.secrets,
      signal: controller.signal,
      log: env.log.child(input.method),
      options: { confirmTimeoutMs: env.defaultConfirmTimeoutMs(), ...input.options },
      device,
      step: runStep,
      record: (name, startedAt, endedAt, outcome, detail) =>
        emitStep(env.store.recordStep(id, { name, attempt: 1, startedAt, endedAt, outcome, ...(detail ? { detail } : {}) })),
      observe: (observation) => observations.push(observation),
      updateSession: (patch) => env.store.updateTarget(id, patch),
    }

    let session: Session
    try {
      await method.run(ctx, { target: input.target, device })
      session = env.store.endSession(id, 'succeeded', env.clock.now())
    } catch (error) {
      if (controller.signal.aborted) {
        session = env.store.endSession(id, 'cancelled', env.clock.now())
      } else {
        if (error instanceof MethodFailure) observations.push(error.observation)
        else {
          env.log.error('Method crashed', { method: input.method, error: (error as Error).message })
          observations.push({ code: 'internal-error', facts: { message: String((error as Error).message).slice(0, 200) } })
        }
        const stored = env.store.get(id)!
        const endedAt = env.clock.now()
        const first = diagnose({ method: input.method, failedStep, observations, steps: stored.steps, profile: env.profile })
        // Features that saw more (the frames around the session) may refine the cause before it is stored, so every
        // reader (CLI, UI, stats, bundles) sees one decision.
        const cause = env.refineCause?.({ id, startedAt: stored.startedAt, endedAt, target: stored.target, cause: first }) ?? first
        session = env.store.endSession(id, 'failed', endedAt, cause)
      }
    } finally {
      env.display.clear(id)
      // Whatever the method left waiting (a LAN listener, a timer) is released with the session.
      if (!controller.signal.aborted) controller.abort(new SessionEnded())
    }
    env.bus.emit('sessions.updated', { kind: 'ended', session: env.store.summary(id)! })
    return session
  }
}
