import type { Advertisement } from './interface'

/** A slow consumer loses the oldest advertisements, never the newest, and never holds more than this many. */
const MAX_BUFFERED = 1_000

/**
 * What one scan has heard and its consumer has not read yet, as the AsyncIterator a BleRadio's scan returns. The
 * hardware and lab radios differ in where advertisements come from and how a scan stops, not in how they are handed
 * over: the iterator waits for the next one and ends once the scan has ended and the buffer is drained.
 */
export class AdvertisementQueue {
  private readonly buffered: Advertisement[] = []
  private wake: (() => void) | undefined
  private ended = false

  push(advertisement: Advertisement): void {
    if (this.buffered.length >= MAX_BUFFERED) this.buffered.shift()
    this.buffered.push(advertisement)
    this.wake?.()
  }

  /** Marks the scan ended; false when it already was, so the caller's clean-up runs once. */
  end(): boolean {
    if (this.ended) return false
    this.ended = true
    this.wake?.()
    return true
  }

  /** The consumer's side; `stop` ends the scan when the consumer leaves early (break out of for-await). */
  iterator(stop: () => void): AsyncIterator<Advertisement> {
    return {
      next: async () => {
        for (;;) {
          const value = this.buffered.shift()
          if (value) return { value, done: false }
          if (this.ended) return { value: undefined, done: true }
          await new Promise<void>((resolve) => (this.wake = resolve))
          this.wake = undefined
        }
      },
      return: async () => {
        stop()
        return { value: undefined, done: true }
      },
    }
  }
}
