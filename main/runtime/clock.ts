// Methods and the lab take a Clock so that time can be real (stations, tests over real sockets) or virtual
// (simulations and benchmarks that would otherwise wait minutes for channel hops and beacons).
export interface Clock {
  now(): number
  /** Resolves after ms; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** Runs fn after ms; returns a cancel function. */
  timer(ms: number, fn: () => void): () => void
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const handle = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = () => {
        clearTimeout(handle)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
  timer(ms, fn) {
    const handle = setTimeout(fn, ms)
    return () => clearTimeout(handle)
  },
}

interface Pending {
  at: number
  order: number
  fn: () => void
}

/** Discrete-event clock: time moves only when advance() or runUntil() is called. */
export class VirtualClock implements Clock {
  private current: number
  private queue: Pending[] = []
  private counter = 0

  constructor(start = 0) {
    this.current = start
  }

  now(): number {
    return this.current
  }

  timer(ms: number, fn: () => void): () => void {
    const entry: Pending = { at: this.current + Math.max(0, ms), order: this.counter++, fn }
    this.queue.push(entry)
    return () => {
      const index = this.queue.indexOf(entry)
      if (index >= 0) this.queue.splice(index, 1)
    }
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const cancel = this.timer(ms, () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      })
      const onAbort = () => {
        cancel()
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Fires every timer due up to now+ms, in time order, letting promise continuations run between them. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(this.current + ms)
  }

  async runUntil(time: number, stop?: () => boolean): Promise<void> {
    for (;;) {
      await flushMicrotasks()
      if (stop?.()) return
      const next = this.nextDue()
      if (!next || next.at > time) break
      this.queue.splice(this.queue.indexOf(next), 1)
      this.current = Math.max(this.current, next.at)
      next.fn()
    }
    this.current = Math.max(this.current, time)
    await flushMicrotasks()
  }

  pendingTimers(): number {
    return this.queue.length
  }

  private nextDue(): Pending | undefined {
    let best: Pending | undefined
    for (const entry of this.queue) {
      if (!best || entry.at < best.at || (entry.at === best.at && entry.order < best.order)) best = entry
    }
    return best
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}
