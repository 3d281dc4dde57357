import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { TimingReport } from '../../../../preload/contract'
import { formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { binPosition, distributionRows, edgeAt, methodColor } from './chart-data'

/** About eight evenly spaced bin boundaries. */
function ticksOf(bins: number): number[] {
  const every = Math.max(1, Math.ceil(bins / 8))
  const ticks: number[] = []
  for (let i = 0; i <= bins; i += every) ticks.push(i)
  if (ticks[ticks.length - 1] !== bins) ticks.push(bins)
  return ticks
}

/** Time-to-confirmed per method: a shared-bin histogram with each method's p50 and p90, and the quantiles as a table. */
export function DistributionChart({ report }: { report: TimingReport }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const rows = distributionRows(report)
  const methods = report.distribution.methods
  const edges = report.distribution.binEdgesMs
  const fmt = (ms: number) => formatDuration(ms, language)
  return (
    <section className="panel timing-chart timing-wide" aria-labelledby="timing-distribution">
      <h2 id="timing-distribution">{t('timing.distribution.title')}</h2>
      {methods.length === 0 ? (
        <p className="muted">{t('timing.noSuccess')}</p>
      ) : (
        <>
          <div className="timing-plot" role="img" aria-label={t('timing.distribution.chartLabel')} data-testid="distribution-chart">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={rows} barGap={0} barCategoryGap={1}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis
                  dataKey="mid"
                  type="number"
                  domain={[0, edges.length - 1]}
                  ticks={ticksOf(edges.length - 1)}
                  tickFormatter={(position: number) => `${position === edges.length - 1 && edges.length > 2 ? '≤ ' : ''}${fmt(edgeAt(edges, position))}`}
                />
                <YAxis allowDecimals={false} width={48} />
                <Tooltip labelFormatter={(_, payload) => (payload?.[0] ? `${fmt(payload[0].payload.from)} – ${fmt(payload[0].payload.to)}` : '')} />
                <Legend formatter={(value: string) => t(`method.${value}.name`)} />
                {methods.map((m) => (
                  <Bar key={m.method} dataKey={m.method} fill={methodColor(m.method)} isAnimationActive={false} />
                ))}
                {methods.flatMap((m) =>
                  m.quantiles
                    ? [
                        <ReferenceLine key={`${m.method}-p50`} x={binPosition(edges, m.quantiles.p50)} stroke={methodColor(m.method)} strokeWidth={2} label={{ value: 'p50', position: 'top', fontSize: 10 }} />,
                        <ReferenceLine key={`${m.method}-p90`} x={binPosition(edges, m.quantiles.p90)} stroke={methodColor(m.method)} strokeDasharray="4 3" label={{ value: 'p90', position: 'top', fontSize: 10 }} />,
                      ]
                    : [],
                )}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="timing-table-scroll">
            <table className="data timing-quantiles" aria-label={t('timing.distribution.tableLabel')}>
              <thead>
                <tr>
                  <th>{t('timing.method')}</th>
                  <th>{t('timing.distribution.n')}</th>
                  <th>p10</th>
                  <th>p25</th>
                  <th>p50</th>
                  <th>p75</th>
                  <th>p90</th>
                  <th>{t('timing.distribution.max')}</th>
                </tr>
              </thead>
              <tbody>
                {methods.map((m) => (
                  <tr key={m.method} data-method={m.method}>
                    <td>
                      <span className="timing-swatch" style={{ background: methodColor(m.method) }} /> {t(`method.${m.method}.name`)}
                    </td>
                    <td>{m.count}</td>
                    {m.quantiles ? (
                      <>
                        <td>{fmt(m.quantiles.p10)}</td>
                        <td>{fmt(m.quantiles.p25)}</td>
                        <td data-testid={`p50-${m.method}`}>{fmt(m.quantiles.p50)}</td>
                        <td>{fmt(m.quantiles.p75)}</td>
                        <td data-testid={`p90-${m.method}`}>{fmt(m.quantiles.p90)}</td>
                        <td>{fmt(m.quantiles.max)}</td>
                      </>
                    ) : (
                      <td colSpan={6}>–</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
