import type { LabEvent, LabObserver } from '../methods/context'
import type { Clock } from '../runtime/clock'

const KEEP_MS = 120_000

/** Lab ground truth, kept for two minutes so a method that starts waiting a little late still sees the event. */
export class LabEvents implements LabObserver {
  private recent: LabEvent[] = []
  private listeners = new Set<(event: LabEvent) => void>()

  constructor(private readonly clock: Clock) {}

  emit(event: Omit<LabEvent, 'at'>): void {
    const full: LabEvent = { ...event, at: this.clock.now() }
    this.recent.push(full)
    const horizon = full.at - KEEP_MS
    while (this.recent.length > 0 && this.recent[0].at < horizon) this.recent.shift()
    for (const listener of [...this.listeners]) listener(full)
  }

  on(listener: (event: LabEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  waitFor(kind: string, match: (event: LabEvent) => boolean, signal: AbortSignal, since = this.clock.now()): Promise<LabEvent> {
    const earlier = this.recent.find((e) => e.at >= since && e.kind === kind && match(e))
    if (earlier) return Promise.resolve(earlier)
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason)
      const onAbort = () => {
        off()
        reject(signal.reason)
      }
      const off = this.on((event) => {
        if (event.kind !== kind || !match(event)) return
        off()
        signal.removeEventListener('abort', onAbort)
        resolve(event)
      })
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}
