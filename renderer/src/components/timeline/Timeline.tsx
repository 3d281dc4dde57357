import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Step } from '../../../../preload/contract'
import { formatAxisTick, formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { OutcomeBadge } from '../common/OutcomeBadge'
import { useNow } from '../common/use-now'
import { layoutTimeline, type TimelineBar } from './timeline-layout'
import './Timeline.css'

export interface TimelineProps {
  steps: readonly Step[]
  /** Epoch ms the axis starts at (the session start). */
  startedAt: number
  /** When the whole run ended, if it has; stretches the axis to cover it. */
  endedAt?: number
  /** Accessible name of the chart, e.g. "Step timeline". */
  label?: string
  /** Fixed "now" for static renders (reports, tests); omitted, running steps grow with the clock. */
  now?: number
}

/** Steps as horizontal bars on a shared time axis (ms from the session start), one row per step name. */
export function Timeline({ steps, startedAt, endedAt, label, now: fixedNow }: TimelineProps) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const live = fixedNow === undefined && steps.some((step) => step.outcome === 'running' && step.endedAt === undefined)
  const clock = useNow(live)
  const now = fixedNow ?? clock
  const model = layoutTimeline(steps, startedAt, now, endedAt)
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined)
  const [hoveredKey, setHoveredKey] = useState<string | undefined>(undefined)
  const detailId = useId()
  const bars = model.rows.flatMap((row) => row.bars)
  const shown = bars.find((bar) => bar.key === (hoveredKey ?? selectedKey))

  if (steps.length === 0) {
    return (
      <div className="timeline timeline-empty muted" role="group" aria-label={label ?? t('timeline.label')}>
        {t('timeline.noSteps')}
      </div>
    )
  }

  return (
    <div className="timeline" role="group" aria-label={label ?? t('timeline.label')}>
      <div className="timeline-grid">
        <div className="timeline-axis-spacer" />
        <div className="timeline-axis" aria-hidden="true">
          {model.ticks.map((tick) => (
            <span key={tick} className="timeline-tick" style={{ left: `${(tick / model.domainMs) * 100}%` }}>
              {formatAxisTick(tick, model.domainMs, language)}
            </span>
          ))}
        </div>
        {model.rows.map((row) => (
          <TimelineRowView
            key={row.name}
            name={row.name}
            bars={row.bars}
            ticks={model.ticks}
            domainMs={model.domainMs}
            selectedKey={selectedKey}
            detailId={detailId}
            onSelect={(key) => setSelectedKey((current) => (current === key ? undefined : key))}
            onHover={setHoveredKey}
          />
        ))}
      </div>
      <div id={detailId} className="timeline-detail" aria-live="polite">
        {shown ? <StepDetail bar={shown} /> : <span className="muted">{t('timeline.pickHint')}</span>}
      </div>
    </div>
  )
}

interface RowProps {
  name: string
  bars: TimelineBar[]
  ticks: number[]
  domainMs: number
  selectedKey: string | undefined
  detailId: string
  onSelect(key: string): void
  onHover(key: string | undefined): void
}

function TimelineRowView({ name, bars, ticks, domainMs, selectedKey, detailId, onSelect, onHover }: RowProps) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  return (
    <>
      <div className="timeline-row-label" title={name}>
        <span className="mono">{name}</span>
        {bars.length > 1 && <span className="timeline-attempts">×{bars.length}</span>}
      </div>
      <div className="timeline-track">
        {ticks.map((tick) => (
          <span key={tick} className="timeline-gridline" style={{ left: `${(tick / domainMs) * 100}%` }} aria-hidden="true" />
        ))}
        {bars.map((bar) => (
          <button
            key={bar.key}
            type="button"
            className={`timeline-bar bar-${bar.step.outcome}${bar.growing ? ' bar-growing' : ''}`}
            style={{ left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }}
            data-outcome={bar.step.outcome}
            aria-pressed={selectedKey === bar.key}
            aria-describedby={detailId}
            aria-label={t('timeline.barLabel', {
              name: bar.step.name,
              attempt: bar.step.attempt,
              outcome: t(`outcome.${bar.step.outcome}`),
              start: formatDuration(bar.startMs, language),
              duration: formatDuration(bar.endMs - bar.startMs, language),
            })}
            onClick={() => onSelect(bar.key)}
            onMouseEnter={() => onHover(bar.key)}
            onMouseLeave={() => onHover(undefined)}
            onFocus={() => onHover(bar.key)}
            onBlur={() => onHover(undefined)}
          />
        ))}
      </div>
    </>
  )
}

function StepDetail({ bar }: { bar: TimelineBar }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const { step } = bar
  return (
    <div className="step-detail">
      <div className="row">
        <strong className="mono">{step.name}</strong>
        <OutcomeBadge outcome={step.outcome} />
        <span className="muted">{t('timeline.attempt', { attempt: step.attempt })}</span>
      </div>
      <dl className="facts">
        <dt>{t('timeline.start')}</dt>
        <dd>+{formatDuration(bar.startMs, language)}</dd>
        <dt>{t('timeline.duration')}</dt>
        <dd>
          {formatDuration(bar.endMs - bar.startMs, language)}
          {bar.growing && <> ({t('outcome.running')})</>}
        </dd>
        {Object.entries(step.detail ?? {}).map(([key, value]) => (
          <DetailRow key={key} name={key} value={value} />
        ))}
      </dl>
    </div>
  )
}

function DetailRow({ name, value }: { name: string; value: string | number | boolean | null }) {
  return (
    <>
      <dt className="mono">{name}</dt>
      <dd className="mono">{value === null ? '–' : String(value)}</dd>
    </>
  )
}
