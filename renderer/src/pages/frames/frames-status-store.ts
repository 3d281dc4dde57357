import type { FramesStatus } from '../../../../preload/contract'

/** What the frame table needs to know about the store changing: a count that moves with it, and the drops so far. */
export interface FrameChanges {
  revision: number
  dropped: number
}

type Source = NonNullable<FramesStatus['source']>
/** The part of the source that the page's heading and source bar show: not its counters (they move with every push). */
export type SourceSummary = Pick<Source, 'kind' | 'label' | 'state' | 'monitorMode' | 'error'>

/**
 * The Frames view's live status, outside React state: main pushes counters up to ten times a second, and only the
 * parts that show them (the counters, the table's data) should redraw, not the whole page. Components subscribe with
 * useSyncExternalStore to the snapshot they need; each snapshot keeps its identity until what it holds changes.
 */
export class FramesStatusStore {
  private status: FramesStatus | undefined
  private changes: FrameChanges = { revision: 0, dropped: 0 }
  private source: SourceSummary | undefined
  private sourceKey = ''
  private matchingCount: number | undefined
  private readonly listeners = new Set<() => void>()

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  readonly current = (): FramesStatus | undefined => this.status
  readonly currentChanges = (): FrameChanges => this.changes
  readonly currentSource = (): SourceSummary | undefined => this.source
  readonly matching = (): number | undefined => this.matchingCount

  /** Takes a status (pushed or a command's reply); a reply older than the newest status seen is ignored. */
  take(next: FramesStatus): void {
    const before = this.status
    if (before && next.version < before.version) return
    this.status = next
    if (!before || before.received !== next.received || before.dropped !== next.dropped || before.stored !== next.stored) {
      this.changes = { revision: this.changes.revision + 1, dropped: next.dropped }
    }
    const source = next.source ? { kind: next.source.kind, label: next.source.label, state: next.source.state, monitorMode: next.source.monitorMode, error: next.source.error } : undefined
    const key = JSON.stringify(source ?? null)
    if (key !== this.sourceKey) {
      this.sourceKey = key
      this.source = source
    }
    this.notify()
  }

  setMatching(total: number | undefined): void {
    if (total === this.matchingCount) return
    this.matchingCount = total
    this.notify()
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
