import { z } from 'zod'
import { command, stream } from './define'
import { Encoding, MethodId, Profile, WifiTarget, WifiTargetInput } from './common'

export const StepOutcome = z.enum(['running', 'succeeded', 'failed', 'skipped', 'retried', 'cancelled', 'interrupted'])
export type StepOutcome = z.infer<typeof StepOutcome>

export const SessionOutcome = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted'])
export type SessionOutcome = z.infer<typeof SessionOutcome>

/** Step detail is small structured data for the timeline; it never carries a secret. */
export const StepDetail = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
export type StepDetail = z.infer<typeof StepDetail>

export const Step = z.object({
  seq: z.number().int(),
  name: z.string(),
  attempt: z.number().int().min(1),
  startedAt: z.number(),
  endedAt: z.number().optional(),
  outcome: StepOutcome,
  detail: StepDetail.optional(),
})
export type Step = z.infer<typeof Step>

export const Evidence = z.object({ kind: z.string(), text: z.string() })

export const FailureCause = z.object({
  id: z.string(),
  title: z.string(),
  explanation: z.string(),
  advice: z.string(),
  failedStep: z.string().optional(),
  evidence: z.array(Evidence),
})
export type FailureCause = z.infer<typeof FailureCause>

export const Session = z.object({
  id: z.string(),
  method: MethodId,
  encoding: Encoding.optional(),
  deviceId: z.string().optional(),
  deviceLabel: z.string().optional(),
  deviceModel: z.string().optional(),
  target: WifiTarget,
  profile: Profile,
  startedAt: z.number(),
  endedAt: z.number().optional(),
  outcome: SessionOutcome,
  cause: FailureCause.optional(),
  steps: z.array(Step),
})
export type Session = z.infer<typeof Session>

export const SessionSummary = Session.omit({ steps: true }).extend({ stepCount: z.number().int() })
export type SessionSummary = z.infer<typeof SessionSummary>

export const MethodOptions = z
  .object({
    /** How long to wait for the device to announce itself after the credentials were handed over. */
    confirmTimeoutMs: z.number().int().min(1_000).max(900_000).optional(),
    encoding: Encoding.optional(),
    /** smart-config: pause between datagrams (bcast, mcast) or probe requests (p2p). */
    sendIntervalMs: z.number().int().min(1).max(1_000).optional(),
    /** smart-config: stop after this many full message cycles (default: until confirmed or the duration ends). */
    sendCycles: z.number().int().min(1).max(100_000).optional(),
    /** smart-config: stop sending after this long, even without a confirmation. */
    sendDurationMs: z.number().int().min(1_000).max(900_000).optional(),
    /** smart-config: the product whose productSecret encrypts the password (the lab knows its devices' products). */
    productKey: z.string().min(1).max(64).optional(),
  })
  .strict()
export type MethodOptions = z.infer<typeof MethodOptions>

export const StartSession = z.object({
  method: MethodId,
  target: WifiTargetInput,
  deviceId: z.string().max(200).optional(),
  options: MethodOptions.optional(),
})
export type StartSession = z.infer<typeof StartSession>

export const SessionQuery = z.object({
  method: MethodId.optional(),
  outcome: SessionOutcome.optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  offset: z.number().int().min(0).optional(),
})

export const SessionEvent = z.object({
  kind: z.enum(['started', 'step', 'ended']),
  session: SessionSummary,
  step: Step.optional(),
})
export type SessionEvent = z.infer<typeof SessionEvent>

/** What the Provision page shows for a webcam-config session: the QR image and its payload, password masked. */
export const QrView = z.object({
  sessionId: z.string(),
  pngDataUrl: z.string(),
  maskedPayload: z.string(),
})
export type QrView = z.infer<typeof QrView>

export const sessions = {
  start: command(StartSession, SessionSummary),
  cancel: command(z.object({ id: z.string() }), SessionSummary),
  list: command(SessionQuery, z.array(SessionSummary)),
  get: command(z.object({ id: z.string() }), Session),
  qr: command(z.object({ id: z.string() }), QrView.nullable()),
  updated: stream(SessionEvent),
}
