import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { StatsFilter } from '../../../../preload/contract'
import { hrefFor } from '../../app/hash-route'
import type { PageProps } from '../../app/routes'
import { useCommand, useStream } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { AbPanel } from './AbPanel'
import { BundleViewer } from './BundleViewer'
import { DistributionChart } from './DistributionChart'
import { FailedSessions, SessionDetail } from './FailedSessions'
import { FailuresByCause, type CausePick } from './FailuresByCause'
import { StepsChart } from './StepsChart'
import { SuccessCharts } from './SuccessCharts'
import { TimingFilters } from './TimingFilters'
import './TimingPage.css'

const REFRESH_AFTER_MS = 1_000

/** Per-method timing and failures, aggregated in main over every stored session; and support bundles reopened. */
export function TimingPage({ params }: PageProps) {
  const { t } = useTranslation()
  const bundle = params[0] === 'bundle'
  // #/timing/session/<id>: any stored session with its cause, evidence and an export button (deep links, reports).
  const sessionId = params[0] === 'session' ? params[1] : undefined
  return (
    <div className="timing-page stack">
      <div className="page-title row">
        <h1>{t('timing.title')}</h1>
        <nav className="row timing-tabs" aria-label={t('timing.tabs')}>
          <a href={hrefFor('timing')} aria-current={bundle ? undefined : 'page'}>
            {t('timing.chartsTab')}
          </a>
          <a href={hrefFor('timing', 'bundle')} aria-current={bundle ? 'page' : undefined}>
            {t('timing.bundleTab')}
          </a>
        </nav>
      </div>
      {sessionId ? (
        <section className="panel" aria-label={t('timing.sessionLabel')}>
          <SessionDetail id={sessionId} />
        </section>
      ) : bundle ? (
        <BundleViewer />
      ) : (
        <TimingCharts />
      )}
    </div>
  )
}

function TimingCharts() {
  const { t } = useTranslation()
  const facets = useCommand('stats.facets', {})
  const [filter, setFilter] = useState<StatsFilter>({})
  const report = useCommand('stats.timing', filter)
  const [pick, setPick] = useState<CausePick | undefined>(undefined)

  // Sessions that end while the page is open join the charts (once a second at most: main does the counting).
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const { reload } = report
  const reloadFacets = facets.reload
  useStream('sessions.updated', (event) => {
    if (event.kind !== 'ended' || pending.current) return
    pending.current = setTimeout(() => {
      pending.current = undefined
      reload()
      reloadFacets()
    }, REFRESH_AFTER_MS)
  })
  useEffect(() => () => clearTimeout(pending.current), [])

  const data = report.data
  return (
    <>
      <section className="panel">
        <TimingFilters
          facets={facets.data}
          onChange={(next) => {
            setFilter(next)
            setPick(undefined)
          }}
        />
        <div className="muted" role="status" data-testid="timing-count">
          {data ? t('timing.count', { n: data.sessions }) : t('common.loading')}
        </div>
      </section>
      <ErrorNotice error={report.error ?? facets.error} />
      {data && data.sessions === 0 && <p className="muted">{t('timing.empty')}</p>}
      {data && data.sessions > 0 && (
        <div className="timing-grid">
          <DistributionChart report={data} />
          <StepsChart steps={data.steps} />
          <SuccessCharts success={data.success} overTime={data.overTime} />
          <AbPanel facets={facets.data} filter={filter} />
          <FailuresByCause report={data} picked={pick} onPick={setPick} />
          {pick && <FailedSessions key={`${pick.method} ${pick.causeId}`} pick={pick} filter={filter} />}
        </div>
      )}
    </>
  )
}
