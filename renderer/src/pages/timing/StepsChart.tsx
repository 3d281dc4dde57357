import { useTranslation } from 'react-i18next'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { StepBreakdown } from '../../../../preload/contract'
import { formatDuration } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { stepColor, stepRows } from './chart-data'

/** Where the time goes: each method's mean time per step, stacked, over its successful sessions. */
export function StepsChart({ steps }: { steps: readonly StepBreakdown[] }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const { rows, stepNames } = stepRows(steps)
  const fmt = (ms: number) => formatDuration(ms, language)
  return (
    <section className="panel timing-chart" aria-labelledby="timing-steps">
      <h2 id="timing-steps">{t('timing.steps.title')}</h2>
      {steps.length === 0 ? (
        <p className="muted">{t('timing.noSuccess')}</p>
      ) : (
        <div className="timing-plot" role="img" aria-label={t('timing.steps.chartLabel')} data-testid="steps-chart">
          <ResponsiveContainer width="100%" height={80 + steps.length * 48}>
            <BarChart data={rows} layout="vertical" margin={{ left: 16 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tickFormatter={fmt} />
              <YAxis type="category" dataKey="method" width={120} tickFormatter={(m: string) => t(`method.${m}.name`)} />
              <Tooltip formatter={(value) => fmt(Number(value))} labelFormatter={(m) => t(`method.${m}.name`)} />
              <Legend />
              {stepNames.map((name, index) => (
                <Bar key={name} dataKey={name} stackId="steps" fill={stepColor(index)} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  )
}
