import { useCallback, useEffect, useRef, useState } from 'react'
import type { FrameFilter, FrameRow } from '../../../../preload/contract'
import { useClient } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { pagesFor } from './frame-window'
import type { FrameChanges } from './frames-status-store'

export const PAGE_SIZE = 100
const MAX_CACHED_PAGES = 40

interface Cache {
  key: string
  pages: Map<number, FrameRow[]>
  stale: Set<number>
  inflight: Set<number>
}

/** Where the store's changes come from (FramesStatusStore): subscribed to outside React's render. */
export interface FrameChangeSource {
  subscribe(listener: () => void): () => void
  currentChanges(): FrameChanges
}

export interface FramePagesOptions {
  /**
   * The rows to show once the store has `total` rows: the table's window, moved to the end when it follows the newest
   * frame. Asked when the store changes, before the pages are fetched.
   */
  windowFor(total: number): { first: number; count: number }
  /** Called with the new total in the same update that shows its rows (so the table can move with it in one render). */
  onRefreshed?(total: number): void
}

/**
 * Rows of the frame table, pulled a page at a time for what is on screen. When main's counters say the store changed
 * (at most ten times a second) the total and the window's stale pages are fetched again, outside React's render, and
 * shown in ONE update once they are all here: a push costs one render and one layout of the table, not a cascade of
 * them. The old rows stay on screen until the new ones arrive, so the table never blanks or flickers; a change that
 * comes while a refresh is on its way is folded into the next one (the renderer is never asked to catch up on a queue).
 */
export function useFramePages(filter: FrameFilter | undefined, changes: FrameChangeSource, options: FramePagesOptions) {
  const client = useClient()
  const key = JSON.stringify(filter ?? {})
  const cache = useRef<Cache>({ key, pages: new Map(), stale: new Set(), inflight: new Set() })
  const [total, setTotal] = useState<number | undefined>(undefined)
  const [error, setError] = useState<ContractCallError | undefined>(undefined)
  const [, setVersion] = useState(0)
  const latest = useRef({ filter, options })
  latest.current = { filter, options }

  if (cache.current.key !== key) {
    cache.current = { key, pages: new Map(), stale: new Set(), inflight: new Set() }
  }

  useEffect(() => {
    setTotal(undefined)
    setError(undefined)
  }, [key])

  const keep = (current: Cache, page: number, rows: FrameRow[]) => {
    current.pages.set(page, rows)
    current.stale.delete(page)
    if (current.pages.size > MAX_CACHED_PAGES) {
      const far = [...current.pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))
      for (const drop of far.slice(0, current.pages.size - MAX_CACHED_PAGES)) current.pages.delete(drop)
    }
  }

  // The store changed: what it makes stale (with drops every position shifts, so every page; otherwise only the
  // pages that were not full: new frames only ever extend the end), then the total and the window's pages.
  useEffect(() => {
    let lastDropped = changes.currentChanges().dropped
    let lastRevision = changes.currentChanges().revision
    let running = false
    let again = false
    let disposed = false
    const refresh = async () => {
      if (running) {
        again = true
        return
      }
      running = true
      try {
        do {
          again = false
          const now = changes.currentChanges()
          const current = cache.current
          const shifted = now.dropped !== lastDropped
          lastDropped = now.dropped
          lastRevision = now.revision
          for (const [page, rows] of current.pages) if (shifted || rows.length < PAGE_SIZE) current.stale.add(page)
          const { filter: f } = latest.current
          const withFilter = f ? { filter: f } : {}
          const head = await client.call('frames.page', { offset: 0, limit: 1, ...withFilter })
          if (disposed || cache.current !== current) return
          const win = latest.current.options.windowFor(head.total)
          const wanted = pagesFor(win.first, Math.max(win.count, 1), PAGE_SIZE).filter((page) => !current.pages.has(page) || current.stale.has(page))
          const results = await Promise.all(wanted.map((page) => client.call('frames.page', { offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...withFilter }).then((result) => ({ page, result }))))
          if (disposed || cache.current !== current) return
          for (const { page, result } of results) keep(current, page, result.rows)
          // One update (React batches these): the total, the rows, and the table's move to them. The total is the
          // one the window was chosen for (the pages may already hold a few newer rows: the next refresh shows them).
          setTotal(head.total)
          setError(undefined)
          setVersion((v) => v + 1)
          latest.current.options.onRefreshed?.(head.total)
        } while (again && !disposed)
      } catch (failure) {
        if (!disposed) setError(asContractCallError(failure))
      } finally {
        running = false
      }
    }
    const unsubscribe = changes.subscribe(() => {
      const now = changes.currentChanges()
      if (now.revision === lastRevision && now.dropped === lastDropped) return
      void refresh()
    })
    return () => {
      disposed = true
      unsubscribe()
    }
  }, [client, changes, key])

  // Scrolling (or a new filter): the pages of the window that are not here yet. Called by the table's effect once it
  // knows its window (which depends on the total this hook gives it).
  const want = useCallback(
    (first: number, count: number) => {
      const current = cache.current
      const pages = count > 0 ? pagesFor(first, count, PAGE_SIZE) : [0]
      const { filter: f } = latest.current
      for (const page of pages) {
        if ((current.pages.has(page) && !current.stale.has(page)) || current.inflight.has(page)) continue
        current.inflight.add(page)
        current.stale.delete(page)
        client.call('frames.page', { offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(f ? { filter: f } : {}) }).then(
          (result) => {
            current.inflight.delete(page)
            if (cache.current !== current) return
            keep(current, page, result.rows)
            // The first answer gives the total; after that the refreshes move it (taking every page's newer total
            // would move a following window again on every page, chasing the newest frame page by page).
            setTotal((known) => known ?? result.total)
            setError(undefined)
            setVersion((v) => v + 1)
          },
          (failure: unknown) => {
            current.inflight.delete(page)
            if (cache.current !== current) return
            setError(asContractCallError(failure))
            setVersion((v) => v + 1)
          },
        )
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client],
  )

  const rowAt = useCallback((position: number): FrameRow | undefined => cache.current.pages.get(Math.floor(position / PAGE_SIZE))?.[position % PAGE_SIZE], [])
  return { total, error, rowAt, want, key }
}
