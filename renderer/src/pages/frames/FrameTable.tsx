import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { FrameFilter, FrameRow } from '../../../../preload/contract'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { frameWindow, scrollTopFor } from './frame-window'
import { useFramePages, type FrameChangeSource } from './use-frame-pages'

export const ROW_HEIGHT = 22

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Capture time as a clock reading with microseconds, in local time. */
export function clockTime(seconds: number): string {
  const date = new Date(Math.floor(seconds) * 1000)
  const micros = Math.round((seconds - Math.floor(seconds)) * 1e6) % 1_000_000
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(micros, 6)}`
}

export interface TableSelection {
  /** The frame shown in the detail pane. */
  focused: number | undefined
  /** Frames marked for "export selected" (frame numbers). */
  marked: ReadonlySet<number>
}

/**
 * The frame list: only the rows on screen exist in the DOM, pulled from main a page at a time, so a million stored
 * frames scroll as smoothly as a hundred. Click selects, Ctrl/⌘-click marks more, Shift-click marks a range,
 * arrow keys move.
 */
export const FrameTable = memo(function FrameTable({
  filter,
  changes,
  follow,
  selection,
  onSelect,
  onTotal,
  onUserScroll,
}: {
  filter: FrameFilter | undefined
  /** The store's changes (main's counters): the table refreshes its rows from them without its parent rendering. */
  changes: FrameChangeSource
  follow: boolean
  selection: TableSelection
  onSelect(selection: TableSelection): void
  onTotal(total: number | undefined): void
  /** The user scrolled by hand (the page stops following the newest frame). */
  onUserScroll?(): void
}) {
  const { t } = useTranslation()
  const scrollRef = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(400)
  const anchor = useRef<number | undefined>(undefined)
  const focusedPosition = useRef<number | undefined>(undefined)
  // The scrollTop this table last gave its scroller (following): its scroll event is not the user's.
  const written = useRef<number | undefined>(undefined)
  const live = useRef({ follow, viewport, scrollTop })
  live.current = { follow, viewport, scrollTop }
  const bottomOf = (total: number, height: number) => scrollTopFor(total, { viewportHeight: height, total, rowHeight: ROW_HEIGHT })
  const pagesOptions = useMemo(
    () => ({
      windowFor(total: number) {
        const { follow, viewport, scrollTop } = live.current
        return frameWindow({ scrollTop: follow ? bottomOf(total, viewport) : scrollTop, viewportHeight: viewport, total, rowHeight: ROW_HEIGHT })
      },
      onRefreshed(total: number) {
        // In the same update as the new rows: the window moves to the end with them.
        const { follow, viewport } = live.current
        if (follow && total > 0) setScrollTop(bottomOf(total, viewport))
      },
    }),
    [],
  )
  const { total, error, rowAt, want, key } = useFramePages(filter, changes, pagesOptions)
  const knownTotal = total ?? 0
  const win = frameWindow({ scrollTop, viewportHeight: viewport, total: knownTotal, rowHeight: ROW_HEIGHT })
  const wanted = `${key} ${win.first} ${win.count}`
  useEffect(() => want(win.first, win.count), [want, wanted]) // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    onTotal(total)
  }, [total, onTotal])

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    setViewport(element.clientHeight)
    return () => observer.disconnect()
  }, [])

  // Following a live capture: keep the newest frame in view. Usually the refresh has already moved the window
  // (onRefreshed); this catches the rest (a new filter, a resize, following switched on).
  useEffect(() => {
    if (!follow || knownTotal === 0) return
    const bottom = bottomOf(knownTotal, viewport)
    if (Math.abs(live.current.scrollTop - bottom) >= 1) setScrollTop(bottom)
    // Not on scrollTop: a drag of the scrollbar while following shows where it went until the next frames come.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [follow, knownTotal, viewport])

  // Give the scroller the position the window shows (without reading its layout back).
  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element || !follow) return
    if (written.current !== undefined && Math.abs(written.current - scrollTop) < 1) return
    written.current = scrollTop
    element.scrollTop = scrollTop
  }, [follow, scrollTop, win.contentHeight])

  const choose = (position: number, row: FrameRow, event: { ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }) => {
    focusedPosition.current = position
    if (event.shiftKey && anchor.current !== undefined) {
      const marked = new Set(selection.marked)
      const [from, to] = anchor.current < position ? [anchor.current, position] : [position, anchor.current]
      for (let p = from; p <= to; p++) {
        const r = rowAt(p)
        if (r) marked.add(r.index)
      }
      onSelect({ focused: row.index, marked })
      return
    }
    anchor.current = position
    if (event.ctrlKey || event.metaKey) {
      const marked = new Set(selection.marked)
      if (marked.has(row.index)) marked.delete(row.index)
      else marked.add(row.index)
      onSelect({ focused: row.index, marked })
    } else onSelect({ focused: row.index, marked: new Set([row.index]) })
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End') return
    event.preventDefault()
    const last = knownTotal - 1
    const current = focusedPosition.current ?? win.first
    const next = event.key === 'Home' ? 0 : event.key === 'End' ? last : Math.min(last, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)))
    const element = scrollRef.current
    if (element && (next < win.first + 1 || next >= win.first + Math.floor(viewport / ROW_HEIGHT) - 1)) {
      element.scrollTop = scrollTopFor(Math.max(0, next - 2), { viewportHeight: viewport, total: knownTotal, rowHeight: ROW_HEIGHT })
      setScrollTop(element.scrollTop)
    }
    const row = rowAt(next)
    if (row) choose(next, row, { ctrlKey: false, metaKey: false, shiftKey: event.shiftKey })
    else focusedPosition.current = next
  }

  const header = useMemo(
    () => (
      <div className="frame-row frame-head" role="row" aria-rowindex={1}>
        <span role="columnheader">{t('frames.colNo')}</span>
        <span role="columnheader">{t('frames.colTime')}</span>
        <span role="columnheader">{t('frames.colChannel')}</span>
        <span role="columnheader">{t('frames.colSignal')}</span>
        <span role="columnheader">{t('frames.colType')}</span>
        <span role="columnheader">{t('frames.colSource')}</span>
        <span role="columnheader">{t('frames.colDestination')}</span>
        <span role="columnheader">{t('frames.colBssid')}</span>
        <span role="columnheader">{t('frames.colLength')}</span>
        <span role="columnheader">{t('frames.colInfo')}</span>
      </div>
    ),
    [t],
  )

  const chooseRef = useRef(choose)
  chooseRef.current = choose
  const onChoose = useCallback((position: number, row: FrameRow, event: MouseEvent) => chooseRef.current(position, row, event), [])

  const rows = []
  for (let k = 0; k < win.count; k++) {
    const position = win.first + k
    const row = rowAt(position)
    // Keyed by screen slot, and the same cells whether the row is loaded or not: as rows scroll past or pages
    // arrive, the same DOM nodes get new text instead of being torn down and rebuilt; a slot whose row, place and
    // selection did not change is not rendered again.
    rows.push(
      <FrameRowView
        key={k}
        position={position}
        row={row}
        top={win.offsetY + k * ROW_HEIGHT}
        selected={row ? selection.marked.has(row.index) || selection.focused === row.index : false}
        onChoose={onChoose}
      />,
    )
  }

  return (
    <div className="frame-table" role="table" aria-label={t('frames.tableLabel')} aria-rowcount={knownTotal + 1}>
      {header}
      <ErrorNotice error={error} />
      <div
        className="frame-scroll"
        ref={scrollRef}
        tabIndex={0}
        aria-label={t('frames.scrollLabel')}
        onScroll={(event) => {
          const top = event.currentTarget.scrollTop
          // The scroll this table made itself (following): the window is already there.
          if (written.current !== undefined && Math.abs(top - written.current) < 1) return
          written.current = undefined
          setScrollTop(top)
        }}
        onWheel={(event) => {
          if (event.deltaY < 0) onUserScroll?.()
        }}
        onKeyDown={onKeyDown}
      >
        <div role="rowgroup" className="frame-body" style={{ height: win.contentHeight }}>
          {rows}
        </div>
        {knownTotal === 0 && total !== undefined && <div className="frame-empty muted">{t('frames.noFrames')}</div>}
      </div>
    </div>
  )
})

const FrameRowView = memo(function FrameRowView({
  position,
  row,
  top,
  selected,
  onChoose,
}: {
  position: number
  row: FrameRow | undefined
  top: number
  selected: boolean
  onChoose(position: number, row: FrameRow, event: MouseEvent): void
}) {
  const classes = ['frame-row']
  if (!row) classes.push('frame-loading')
  else {
    if (row.claims.length > 0) classes.push('frame-claimed')
    if (row.malformed || row.fcs === 'bad') classes.push('frame-problem')
  }
  return (
    <div
      className={classes.join(' ')}
      role="row"
      aria-rowindex={position + 2}
      aria-selected={selected}
      data-frame-index={row?.index}
      style={{ transform: `translateY(${top}px)` }}
      onClick={row ? (event: MouseEvent) => onChoose(position, row, event) : undefined}
    >
      <span role="cell" className="num">{row?.index}</span>
      <span role="cell" className="mono">{row ? clockTime(row.time) : ''}</span>
      <span role="cell" className="num">{row?.channel ?? ''}</span>
      <span role="cell" className="num">{row?.signalDbm ?? ''}</span>
      <span role="cell">{row?.typeName}</span>
      <span role="cell" className="mono">{row?.source ?? ''}</span>
      <span role="cell" className="mono">{row?.destination ?? ''}</span>
      <span role="cell" className="mono">{row?.bssid ?? ''}</span>
      <span role="cell" className="num">{row?.length}</span>
      <span role="cell" className="frame-info">
        <span className="claim-chip">{row?.claims.join(', ')}</span>
        {row?.info}
      </span>
    </div>
  )
})
