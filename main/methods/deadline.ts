import type { MethodContext } from './context'

/**
 * Waits for `promise` until the session clock reaches `deadline`; undefined when the deadline came first. The timer
 * is cancelled either way so that a lab clock does not keep a stale wake-up after the wait is over.
 */
export async function raceDeadline<T>(ctx: MethodContext, deadline: number, promise: Promise<T>): Promise<T | undefined> {
  let cancel = () => {}
  const timeout = new Promise<undefined>((resolve) => {
    cancel = ctx.clock.timer(Math.max(0, deadline - ctx.clock.now()), () => resolve(undefined))
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    cancel()
  }
}
