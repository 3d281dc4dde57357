import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { SessionSummary } from '../../../../preload/contract'
import { hrefFor } from '../../app/hash-route'
import { OutcomeBadge } from '../../components/common/OutcomeBadge'
import { formatDateTime, formatDateTimeShort, formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'

const ROW_HEIGHT = 34

/** Newest first, virtualised: a station that ran a batch of thousands stays responsive. Arrow keys move the selection. */
export function SessionTable({
  sessions,
  selectedId,
  onSelect,
}: {
  sessions: readonly SessionSummary[]
  selectedId: string | undefined
  onSelect(id: string): void
}) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: sessions.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })

  const move = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    const index = sessions.findIndex((session) => session.id === selectedId)
    const next = Math.min(sessions.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))
    if (sessions[next]) {
      onSelect(sessions[next].id)
      virtualizer.scrollToIndex(next)
    }
  }

  return (
    <div className="session-table" role="table" aria-label={t('sessions.listLabel')} aria-rowcount={sessions.length + 1}>
      <div className="session-row session-head" role="row">
        <span role="columnheader">{t('sessions.colStarted')}</span>
        <span role="columnheader">{t('sessions.colMethod')}</span>
        <span role="columnheader">{t('sessions.colDevice')}</span>
        <span role="columnheader">{t('sessions.colNetwork')}</span>
        <span role="columnheader">{t('sessions.colOutcome')}</span>
        <span role="columnheader">{t('sessions.colDuration')}</span>
      </div>
      <div className="session-scroll" ref={scrollRef} onKeyDown={move}>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const session = sessions[item.index]
            return (
              <div
                key={session.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={session.id === selectedId}
                className="session-row"
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(session.id)}
              >
                <span role="cell">
                  <a href={hrefFor('sessions', session.id)} title={formatDateTime(session.startedAt, language)}>
                    {formatDateTimeShort(session.startedAt, language)}
                  </a>
                </span>
                <span role="cell" className="mono">
                  {session.method}
                </span>
                <span role="cell" title={session.deviceLabel ?? session.deviceId}>
                  {session.deviceLabel ?? session.deviceId ?? '–'}
                </span>
                <span role="cell" title={session.target.ssid}>
                  {session.target.ssid}
                </span>
                <span role="cell">
                  <OutcomeBadge outcome={session.outcome} />
                </span>
                <span role="cell">{session.endedAt !== undefined ? formatDuration(session.endedAt - session.startedAt, language) : '…'}</span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
