export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  factor: number
  /** Fraction of the delay that is randomised, so many tabs do not reconnect in lockstep. */
  jitter: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.2 }

/** Delay before reconnection attempt `attempt` (1-based); `random` is in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: number): number {
  const exponent = Math.max(0, attempt - 1)
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent)
  const spread = base * policy.jitter
  return Math.round(Math.min(policy.maxMs, base - spread + 2 * spread * random))
}
