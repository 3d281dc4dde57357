import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { AbSide, MethodId, StatsFacets, StatsFilter } from '../../../../preload/contract'
import { useCommand } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { abRows, edgeAt, methodColor } from './chart-data'

const pct = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`)

/** Two methods on one device model, same filter and same bins: which is faster, which succeeds more often. */
export function AbPanel({ facets, filter }: { facets: StatsFacets | undefined; filter: StatsFilter }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const methods = facets?.methods ?? []
  const [model, setModel] = useState('')
  const [a, setA] = useState<MethodId | ''>('')
  const [b, setB] = useState<MethodId | ''>('')
  const ready = model !== '' && a !== '' && b !== '' && a !== b
  const { deviceModel: _model, methods: _methods, ...rest } = filter
  const ab = useCommand('stats.compare', { filter: rest, deviceModel: model, methodA: (a || 'webcam-config') as MethodId, methodB: (b || 'webcam-config') as MethodId }, { enabled: ready })
  const fmt = (ms: number) => formatDuration(ms, language)
  const picker = (label: string, value: string, set: (v: string) => void, options: readonly string[], name: (v: string) => string) => (
    <label className="row">
      {label}
      <select value={value} onChange={(event) => set(event.target.value)}>
        <option value="">–</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {name(o)}
          </option>
        ))}
      </select>
    </label>
  )
  const report = ready ? ab.data : undefined
  const side = (key: 'a' | 'b', s: AbSide) => (
    <tr key={key} data-side={key}>
      <td>
        <span className="timing-swatch" style={{ background: key === 'a' ? methodColor(s.method) : '#c98a12' }} /> {key.toUpperCase()} · {t(`method.${s.method}.name`)}
      </td>
      <td>{s.total}</td>
      <td data-testid={`ab-rate-${key}`}>{pct(s.rate)}</td>
      <td data-testid={`ab-p50-${key}`}>{s.quantiles ? fmt(s.quantiles.p50) : '–'}</td>
      <td>{s.quantiles ? fmt(s.quantiles.p90) : '–'}</td>
      <td>{s.topCauses.map((c) => `${c.title} (${c.count})`).join(', ') || '–'}</td>
    </tr>
  )
  return (
    <section className="panel timing-chart" aria-labelledby="timing-ab">
      <h2 id="timing-ab">{t('timing.ab.title')}</h2>
      <div className="row">
        {picker(t('timing.filters.deviceModel'), model, setModel, facets?.deviceModels ?? [], (v) => v)}
        {picker(t('timing.ab.methodA'), a, (v) => setA(v as MethodId), methods, (m) => t(`method.${m}.name`))}
        {picker(t('timing.ab.methodB'), b, (v) => setB(v as MethodId), methods, (m) => t(`method.${m}.name`))}
      </div>
      {!ready && <p className="muted">{t('timing.ab.pick')}</p>}
      <ErrorNotice error={ready ? ab.error : undefined} />
      {report && (
        <>
          <div className="timing-plot" role="img" aria-label={t('timing.ab.chartLabel')} data-testid="ab-chart">
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={abRows(report)} barGap={0}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="mid" type="number" domain={[0, Math.max(1, report.binEdgesMs.length - 1)]} tickFormatter={(position: number) => fmt(edgeAt(report.binEdgesMs, position))} />
                <YAxis allowDecimals={false} width={48} />
                <Tooltip labelFormatter={(_, payload) => (payload?.[0] ? `${fmt(payload[0].payload.from)} – ${fmt(payload[0].payload.to)}` : '')} />
                <Legend formatter={(value: string) => `${value.toUpperCase()} · ${t(`method.${value === 'a' ? report.a.method : report.b.method}.name`)}`} />
                <Bar dataKey="a" fill={methodColor(report.a.method)} isAnimationActive={false} />
                <Bar dataKey="b" fill="#c98a12" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="data" aria-label={t('timing.ab.tableLabel')}>
            <thead>
              <tr>
                <th>{t('timing.method')}</th>
                <th>{t('timing.success.total')}</th>
                <th>{t('timing.success.rate')}</th>
                <th>p50</th>
                <th>p90</th>
                <th>{t('timing.ab.topCauses')}</th>
              </tr>
            </thead>
            <tbody>
              {side('a', report.a)}
              {side('b', report.b)}
            </tbody>
          </table>
          <p data-testid="ab-summary">
            {report.p50DeltaMs !== null &&
              t(report.p50DeltaMs <= 0 ? 'timing.ab.faster' : 'timing.ab.slower', { b: t(`method.${report.b.method}.name`), delta: fmt(Math.abs(report.p50DeltaMs)) })}{' '}
            {report.rateTest && t('timing.ab.rateTest', { p: report.rateTest.pValue < 0.001 ? '< 0.001' : report.rateTest.pValue.toFixed(3) })}
          </p>
        </>
      )}
    </section>
  )
}
