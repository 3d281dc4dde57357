import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { MethodId, Profile, StatsFacets, StatsFilter } from '../../../../preload/contract'
import { dateInputToMs } from './chart-data'

interface Draft {
  from: string
  to: string
  method: string
  deviceModel: string
  ssid: string
  profile: string
}

const EMPTY: Draft = { from: '', to: '', method: '', deviceModel: '', ssid: '', profile: '' }

function toFilter(draft: Draft): StatsFilter {
  const from = dateInputToMs(draft.from, false)
  const to = dateInputToMs(draft.to, true)
  return {
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(draft.method ? { methods: [draft.method as MethodId] } : {}),
    ...(draft.deviceModel ? { deviceModel: draft.deviceModel } : {}),
    ...(draft.ssid ? { ssid: draft.ssid } : {}),
    ...(draft.profile ? { profile: draft.profile as Profile } : {}),
  }
}

/** Date range, method, device model, Wi-Fi target, lab or hardware: every change applies at once. */
export function TimingFilters({ facets, onChange }: { facets: StatsFacets | undefined; onChange: (filter: StatsFilter) => void }) {
  const { t } = useTranslation()
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch }
    setDraft(next)
    onChange(toFilter(next))
  }
  const select = (key: keyof Draft, label: string, options: readonly string[], optionLabel: (value: string) => string = (v) => v) => (
    <label className="row">
      {label}
      <select value={draft[key]} onChange={(event) => update({ [key]: event.target.value })}>
        <option value="">{t('timing.filters.all')}</option>
        {options.map((value) => (
          <option key={value} value={value}>
            {optionLabel(value)}
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <form className="row timing-filters" aria-label={t('timing.filters.label')} onSubmit={(event) => event.preventDefault()}>
      <label className="row">
        {t('timing.filters.from')}
        <input type="date" value={draft.from} onChange={(event) => update({ from: event.target.value })} />
      </label>
      <label className="row">
        {t('timing.filters.to')}
        <input type="date" value={draft.to} onChange={(event) => update({ to: event.target.value })} />
      </label>
      {select('method', t('timing.filters.method'), facets?.methods ?? [], (m) => t(`method.${m}.name`))}
      {select('deviceModel', t('timing.filters.deviceModel'), facets?.deviceModels ?? [])}
      {select('ssid', t('timing.filters.ssid'), facets?.ssids ?? [])}
      {select('profile', t('timing.filters.profile'), ['lab', 'hardware'], (p) => t(`profile.${p}`))}
      <button
        type="button"
        onClick={() => {
          setDraft(EMPTY)
          onChange({})
        }}
      >
        {t('timing.filters.reset')}
      </button>
    </form>
  )
}
