import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'

const BYTES_PER_LINE = 16

/** Offset | hex | ASCII, 16 bytes a line; the selected tree node's bytes are highlighted, a byte click picks a node. */
export function HexView({ hex, highlight, onPick }: { hex: string; highlight: { offset: number; length: number } | undefined; onPick(offset: number): void }) {
  const { t } = useTranslation()
  const ref = useRef<HTMLDivElement>(null)
  const size = hex.length / 2
  const byte = (k: number) => Number.parseInt(hex.slice(k * 2, k * 2 + 2), 16)
  const lit = (k: number) => highlight !== undefined && k >= highlight.offset && k < highlight.offset + highlight.length

  useEffect(() => {
    if (!highlight) return
    ref.current?.querySelector(`[data-offset="${highlight.offset}"]`)?.scrollIntoView({ block: 'nearest' })
  }, [highlight])

  const lines = []
  for (let start = 0; start < size; start += BYTES_PER_LINE) {
    const cells = []
    const text = []
    for (let k = start; k < Math.min(size, start + BYTES_PER_LINE); k++) {
      const value = byte(k)
      const on = lit(k)
      cells.push(
        <span key={k} data-offset={k} className={on ? 'hex-byte lit' : 'hex-byte'} onClick={() => onPick(k)}>
          {hex.slice(k * 2, k * 2 + 2)}
        </span>,
      )
      text.push(
        <span key={k} className={on ? 'lit' : undefined}>
          {value >= 0x20 && value < 0x7f ? String.fromCharCode(value) : '.'}
        </span>,
      )
    }
    lines.push(
      <div key={start} className="hex-line">
        <span className="hex-offset">{start.toString(16).padStart(4, '0')}</span>
        <span className="hex-bytes">{cells}</span>
        <span className="hex-text">{text}</span>
      </div>,
    )
  }
  return (
    <div className="hex-view mono" ref={ref} role="region" aria-label={t('frames.hexLabel')} data-highlight={highlight ? `${highlight.offset}+${highlight.length}` : undefined}>
      {lines}
    </div>
  )
}
