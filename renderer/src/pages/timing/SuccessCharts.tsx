import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { MethodSuccess, SuccessOverTime } from '../../../../preload/contract'
import type { UiLanguage } from '../../i18n/language'
import { methodColor, overTimeRows } from './chart-data'

const pct = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`)

/** Success rate per method (cancelled and running sessions decide nothing), and over time per method. */
export function SuccessCharts({ success, overTime }: { success: readonly MethodSuccess[]; overTime: SuccessOverTime }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const perMethod = success.map((s) => ({ method: s.method, rate: s.rate === null ? 0 : Math.round(s.rate * 1000) / 10 }))
  const { rows, methods } = overTimeRows(overTime)
  const dateFormat = new Intl.DateTimeFormat(language, overTime.bucketMs < 86_400_000 ? { month: '2-digit', day: '2-digit', hour: '2-digit' } : { month: '2-digit', day: '2-digit' })
  return (
    <section className="panel timing-chart" aria-labelledby="timing-success">
      <h2 id="timing-success">{t('timing.success.title')}</h2>
      <div className="timing-two">
        <div className="timing-plot" role="img" aria-label={t('timing.success.perMethodLabel')} data-testid="success-chart">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={perMethod} layout="vertical">
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <YAxis type="category" dataKey="method" width={132} tickFormatter={(m: string) => t(`method.${m}.name`)} />
              <XAxis type="number" domain={[0, 100]} unit="%" />
              <Tooltip formatter={(value) => `${value} %`} labelFormatter={(m) => t(`method.${m}.name`)} />
              <Bar dataKey="rate" isAnimationActive={false}>
                {perMethod.map((row) => (
                  <Cell key={row.method} fill={methodColor(row.method)} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <div className="timing-plot" role="img" aria-label={t('timing.success.overTimeLabel', { bucket: t(`timing.bucket.${bucketName(overTime.bucketMs)}`) })} data-testid="success-over-time-chart">
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={rows}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="start" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={(ms: number) => dateFormat.format(ms)} />
              <YAxis domain={[0, 100]} unit="%" width={48} />
              <Tooltip labelFormatter={(ms) => dateFormat.format(Number(ms))} formatter={(value) => `${value} %`} />
              <Legend formatter={(value: string) => t(`method.${value}.name`)} />
              {methods.map((m) => (
                <Line key={m} dataKey={m} stroke={methodColor(m)} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </div>
      <div className="timing-table-scroll">
        <table className="data" aria-label={t('timing.success.tableLabel')}>
          <thead>
            <tr>
              <th>{t('timing.method')}</th>
              <th>{t('timing.success.total')}</th>
              <th>{t('outcome.succeeded')}</th>
              <th>{t('outcome.failed')}</th>
              <th>{t('outcome.cancelled')}</th>
              <th>{t('outcome.interrupted')}</th>
              <th>{t('timing.success.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {success.map((s) => (
              <tr key={s.method} data-method={s.method}>
                <td>{t(`method.${s.method}.name`)}</td>
                <td>{s.total}</td>
                <td>{s.succeeded}</td>
                <td>{s.failed}</td>
                <td>{s.cancelled}</td>
                <td>{s.interrupted}</td>
                <td data-testid={`rate-${s.method}`}>{pct(s.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function bucketName(ms: number): string {
  if (ms <= 3_600_000) return 'hour'
  if (ms <= 6 * 3_600_000) return 'sixHours'
  if (ms <= 86_400_000) return 'day'
  if (ms <= 7 * 86_400_000) return 'week'
  return 'month'
}
