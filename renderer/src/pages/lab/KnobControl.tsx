import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { KnobSpec } from '../../../../preload/contract'

export type KnobValue = number | boolean | string

const SLIDER_SEND_DELAY_MS = 120

/** One fault knob, its control generated from its spec: number -> slider + input, boolean -> switch, choice -> select. */
export function KnobControl({
  spec,
  value,
  onChange,
  disabled,
}: {
  spec: KnobSpec
  value: KnobValue | undefined
  onChange(value: KnobValue): void
  disabled?: boolean
}) {
  const id = useId()
  if (spec.type === 'boolean') {
    return (
      <div className="knob knob-boolean">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={value === true}
          aria-checked={value === true}
          disabled={disabled}
          onChange={(event) => onChange(event.target.checked)}
        />
        <label htmlFor={id}>{spec.label}</label>
      </div>
    )
  }
  if (spec.type === 'choice') {
    const choices = spec.choices ?? []
    return (
      <div className="knob knob-choice">
        <label htmlFor={id}>{spec.label}</label>
        <select id={id} value={String(value ?? '')} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
          {!choices.includes(String(value ?? '')) && <option value={String(value ?? '')}>{String(value ?? '')}</option>}
          {choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      </div>
    )
  }
  return <NumberKnob id={id} spec={spec} value={typeof value === 'number' ? value : undefined} onChange={onChange} disabled={disabled} />
}

function NumberKnob({
  id,
  spec,
  value,
  onChange,
  disabled,
}: {
  id: string
  spec: KnobSpec
  value: number | undefined
  onChange(value: number): void
  disabled?: boolean
}) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState(value === undefined ? '' : String(value))
  const editing = useRef(false)
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  // Live updates from main win, except while the user is mid-edit in this very control.
  useEffect(() => {
    if (!editing.current) setDraft(value === undefined ? '' : String(value))
  }, [value])
  useEffect(() => () => clearTimeout(pending.current), [])

  const min = spec.min ?? 0
  const max = spec.max ?? 100
  const step = spec.step ?? 1
  const clamp = (n: number) => Math.min(max, Math.max(min, n))

  const commit = (text: string) => {
    editing.current = false
    const parsed = Number(text)
    if (text.trim() === '' || !Number.isFinite(parsed)) {
      setDraft(value === undefined ? '' : String(value))
      return
    }
    const next = clamp(parsed)
    setDraft(String(next))
    if (next !== value) onChange(next)
  }

  return (
    <div className="knob knob-number">
      <label htmlFor={id}>{spec.label}</label>
      <div className="knob-number-controls">
        <input
          type="range"
          min={min}
          max={max}
          step={step}
          value={draft === '' ? min : clamp(Number(draft))}
          disabled={disabled}
          aria-label={t('lab.sliderFor', { label: spec.label })}
          onChange={(event) => {
            const text = event.target.value
            setDraft(text)
            clearTimeout(pending.current)
            pending.current = setTimeout(() => onChange(clamp(Number(text))), SLIDER_SEND_DELAY_MS)
          }}
        />
        <input
          id={id}
          type="number"
          min={min}
          max={max}
          step={step}
          value={draft}
          disabled={disabled}
          onFocus={() => {
            editing.current = true
          }}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={(event) => commit(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit((event.target as HTMLInputElement).value)
          }}
        />
      </div>
    </div>
  )
}
