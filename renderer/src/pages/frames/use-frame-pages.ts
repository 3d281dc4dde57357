import { useCallback, useEffect, useRef, useState } from 'react'
import type { FrameFilter, FrameRow } from '../../../../preload/contract'
import { useClient } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { pagesFor } from './frame-window'

export const PAGE_SIZE = 100
const MAX_CACHED_PAGES = 40

interface Cache {
  key: string
  pages: Map<number, FrameRow[]>
  stale: Set<number>
  inflight: Set<number>
}

/**
 * Rows of the frame table, pulled a page at a time for what is on screen. `revision` moves when main's counters
 * say the store changed (at most ten times a second): the visible pages are fetched again, the old rows stay on
 * screen until the new ones arrive, so the table never blanks or flickers.
 */
export function useFramePages(filter: FrameFilter | undefined, first: number, count: number, revision: number, dropped: number) {
  const client = useClient()
  const key = JSON.stringify(filter ?? {})
  const cache = useRef<Cache>({ key, pages: new Map(), stale: new Set(), inflight: new Set() })
  const [total, setTotal] = useState<number | undefined>(undefined)
  const [error, setError] = useState<ContractCallError | undefined>(undefined)
  const [, setVersion] = useState(0)

  if (cache.current.key !== key) {
    cache.current = { key, pages: new Map(), stale: new Set(), inflight: new Set() }
  }

  useEffect(() => {
    setTotal(undefined)
    setError(undefined)
  }, [key])

  // What the store's change makes stale: with drops every position shifts, so every page; otherwise only the pages
  // that were not full (new frames only ever extend the end), and the total (fetched with a one-row request).
  const lastDropped = useRef(dropped)
  const [totalWanted, setTotalWanted] = useState(0)
  useEffect(() => {
    const current = cache.current
    const shifted = dropped !== lastDropped.current
    lastDropped.current = dropped
    for (const [page, rows] of current.pages) if (shifted || rows.length < PAGE_SIZE) current.stale.add(page)
    setTotalWanted((n) => n + 1)
  }, [revision, dropped])

  useEffect(() => {
    if (totalWanted === 0) return
    const current = cache.current
    client.call('frames.page', { offset: 0, limit: 1, ...(filter ? { filter } : {}) }).then(
      (result) => {
        if (cache.current === current) setTotal(result.total)
      },
      () => undefined,
    )
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, totalWanted])

  const wanted = pagesFor(first, Math.max(count, 1), PAGE_SIZE).join(',')
  useEffect(() => {
    const current = cache.current
    const pages = wanted ? wanted.split(',').map(Number) : [0]
    for (const page of pages) {
      if ((current.pages.has(page) && !current.stale.has(page)) || current.inflight.has(page)) continue
      current.inflight.add(page)
      current.stale.delete(page)
      client.call('frames.page', { offset: page * PAGE_SIZE, limit: PAGE_SIZE, ...(filter ? { filter } : {}) }).then(
        (result) => {
          current.inflight.delete(page)
          if (cache.current !== current) return
          current.pages.set(page, result.rows)
          if (current.pages.size > MAX_CACHED_PAGES) {
            const far = [...current.pages.keys()].sort((a, b) => Math.abs(b - page) - Math.abs(a - page))
            for (const drop of far.slice(0, current.pages.size - MAX_CACHED_PAGES)) current.pages.delete(drop)
          }
          setTotal(result.total)
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
    // `filter` is represented by `key`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key, wanted, revision])

  const rowAt = useCallback((position: number): FrameRow | undefined => cache.current.pages.get(Math.floor(position / PAGE_SIZE))?.[position % PAGE_SIZE], [])
  return { total, error, rowAt }
}
