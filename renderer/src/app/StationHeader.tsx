import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RadioState } from '../../../preload/contract'
import { useStationInfo } from './station-info'
import './StationHeader.css'

export function StationHeader() {
  const { t } = useTranslation()
  const { info } = useStationInfo()
  return (
    <header className="station-header" aria-label={t('header.label')}>
      <span className="brand">Provbench</span>
      {info && (
        <>
          <span className="header-fact" data-testid="profile">
            <span className="muted">{t('header.profile')}</span> <strong>{t(`profile.${info.profile}`)}</strong>
          </span>
          <span className="header-fact" data-testid="shell">
            <span className="muted">{t('header.shell')}</span> <strong>{t(`shell.${info.shell}`)}</strong>
          </span>
          <ul className="radio-list" aria-label={t('header.radios')}>
            {info.radios.map((radio) => (
              <li key={radio.radio}>
                <RadioChip radio={radio} />
              </li>
            ))}
          </ul>
          <span className="spacer" />
          <span className="muted header-version">v{info.version}</span>
        </>
      )}
    </header>
  )
}

function RadioChip({ radio }: { radio: RadioState }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const wrapRef = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    if (!open) return
    const closeOutside = (event: MouseEvent) => {
      if (!wrapRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', closeOutside)
    return () => document.removeEventListener('mousedown', closeOutside)
  }, [open])
  const panelId = `radio-panel-${radio.radio}`
  const name = t(`radio.${radio.radio}`)
  const status = t(`radioStatus.${radio.status}`)
  return (
    <span ref={wrapRef} className="radio-chip-wrap" onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <button
        type="button"
        className={`radio-chip radio-${radio.status}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('header.radioChip', { name, status })}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="radio-dot" aria-hidden="true" />
        {name}
        {radio.status !== 'ready' && <span className="radio-chip-status">{status}</span>}
      </button>
      {open && (
        <div id={panelId} className="radio-panel" role="region" aria-label={t('header.radioDetails', { name })}>
          <dl className="facts">
            <dt>{t('radioPanel.status')}</dt>
            <dd>{status}</dd>
            <dt>{t('radioPanel.driver')}</dt>
            <dd className="mono">{radio.driver}</dd>
            {radio.reason && (
              <>
                <dt>{t('radioPanel.reason')}</dt>
                <dd>{radio.reason}</dd>
              </>
            )}
            {radio.remedy && (
              <>
                <dt>{t('radioPanel.remedy')}</dt>
                <dd>{radio.remedy}</dd>
              </>
            )}
            {Object.entries(radio.details ?? {}).map(([key, value]) => (
              <FactRow key={key} name={key} value={value} />
            ))}
          </dl>
        </div>
      )}
    </span>
  )
}

function FactRow({ name, value }: { name: string; value: string | number | boolean | null }) {
  return (
    <>
      <dt className="mono">{name}</dt>
      <dd className="mono">{value === null ? '–' : String(value)}</dd>
    </>
  )
}

/** Unavailable radios are listed under the header with their reason and remedy, so nobody has to hunt for them. */
export function UnavailableRadios() {
  const { t } = useTranslation()
  const { info } = useStationInfo()
  const missing = info?.radios.filter((radio) => radio.status === 'unavailable') ?? []
  if (missing.length === 0) return null
  return (
    <details className="unavailable-radios">
      <summary>{t('header.unavailableSummary', { n: missing.length })}</summary>
      <ul>
        {missing.map((radio) => (
          <li key={radio.radio}>
            <strong>{t(`radio.${radio.radio}`)}</strong>
            {radio.reason && <> — {radio.reason}</>}
            {radio.remedy && (
              <div className="muted">
                {t('radioPanel.remedy')}: {radio.remedy}
              </div>
            )}
          </li>
        ))}
      </ul>
    </details>
  )
}
