import { useTranslation } from 'react-i18next'
import type { MethodId, TimingReport } from '../../../../preload/contract'
import { causeTable } from './chart-data'

export interface CausePick {
  method: MethodId
  causeId: string
}

/** Failures counted by cause (rows) and method (columns); a count opens the sessions behind it. */
export function FailuresByCause({ report, picked, onPick }: { report: TimingReport; picked: CausePick | undefined; onPick: (pick: CausePick) => void }) {
  const { t } = useTranslation()
  const table = causeTable(report)
  const max = Math.max(1, ...table.causes.map((c) => c.total))
  return (
    <section className="panel timing-chart" aria-labelledby="timing-failures">
      <h2 id="timing-failures">{t('timing.failures.title')}</h2>
      {table.causes.length === 0 ? (
        <p className="muted">{t('timing.failures.none')}</p>
      ) : (
        <table className="data timing-failures" aria-label={t('timing.failures.tableLabel')}>
          <thead>
            <tr>
              <th>{t('timing.failures.cause')}</th>
              {table.methods.map((m) => (
                <th key={m}>{t(`method.${m}.name`)}</th>
              ))}
              <th>{t('timing.failures.total')}</th>
            </tr>
          </thead>
          <tbody>
            {table.causes.map((cause) => (
              <tr key={cause.causeId} data-cause={cause.causeId}>
                <td>
                  <div>{cause.title}</div>
                  <div className="mono muted">{cause.causeId}</div>
                </td>
                {table.methods.map((m) => {
                  const n = table.count(m, cause.causeId)
                  const active = picked?.method === m && picked.causeId === cause.causeId
                  return (
                    <td key={m}>
                      {n > 0 ? (
                        <button
                          type="button"
                          className={`link${active ? ' timing-picked' : ''}`}
                          aria-pressed={active}
                          aria-label={t('timing.failures.open', { n, cause: cause.title, method: t(`method.${m}.name`) })}
                          onClick={() => onPick({ method: m, causeId: cause.causeId })}
                        >
                          {n}
                        </button>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                  )
                })}
                <td>
                  <div className="timing-cause-bar" style={{ width: `${(cause.total / max) * 100}%` }} />
                  {cause.total}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
