import { memo, useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { FrameFilter, FramesStatus } from '../../../../preload/contract'
import type { PageProps } from '../../app/routes'
import { useStationInfo } from '../../app/station-info'
import { useClient, useCommand, useStream } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { FilterBar } from './FilterBar'
import { FrameDetailPane } from './FrameDetailPane'
import { FrameTable, type TableSelection } from './FrameTable'
import { AwssOraclePanel } from './awss-oracle-panel'
import { downloadExport } from './frames-http'
import { FramesStatusStore } from './frames-status-store'
import { SourceBar } from './SourceBar'
import './FramesPage.css'

const formats = new Map<string, (n: number) => string>()
/** Counters redraw ten times a second: one NumberFormat per language, not one per call. */
function numberFormat(language: string): (n: number) => string {
  let format = formats.get(language)
  if (!format) {
    const intl = new Intl.NumberFormat(language)
    format = (n) => intl.format(n)
    formats.set(language, format)
  }
  return format
}

/**
 * The counters main pushes (at most ten times a second): the only part of the page that redraws with them, so a push
 * costs a few text nodes, not a render of the whole view.
 */
const FramesCounters = memo(function FramesCounters({ store }: { store: FramesStatusStore }) {
  const { t, i18n } = useTranslation()
  const status = useSyncExternalStore(store.subscribe, store.current)
  const matching = useSyncExternalStore(store.subscribe, store.matching)
  if (!status) return null
  const source = status.source
  const number = numberFormat(i18n.language)
  return (
    <dl className="frames-counters" aria-label={t('frames.countersLabel')}>
      <div>
        <dt>{t('frames.stored')}</dt>
        <dd data-testid="frames-stored">
          {number(status.stored)} / {number(status.limit)}
        </dd>
      </div>
      <div>
        <dt>{t('frames.received')}</dt>
        <dd>{number(status.received)}</dd>
      </div>
      <div className={status.dropped > 0 ? 'counter-warn' : undefined}>
        <dt>{t('frames.dropped')}</dt>
        <dd data-testid="frames-dropped">{number(status.dropped)}</dd>
      </div>
      {source && source.droppedByCapture > 0 && (
        <div className="counter-warn">
          <dt>{t('frames.droppedByCapture')}</dt>
          <dd>{number(source.droppedByCapture)}</dd>
        </div>
      )}
      <div>
        <dt>{t('frames.provisioning')}</dt>
        <dd>{number(status.provisioning)}</dd>
      </div>
      <div>
        <dt>{t('frames.rate')}</dt>
        <dd>{t('frames.perSecond', { n: number(status.rate) })}</dd>
      </div>
      {matching !== undefined && (
        <div>
          <dt>{t('frames.matching')}</dt>
          <dd data-testid="frames-matching">{number(matching)}</dd>
        </div>
      )}
    </dl>
  )
})

/** The Frames view: what was really on the air (or the wire), from the lab, a live interface or a file. */
export function FramesPage(_props: PageProps) {
  const { t } = useTranslation()
  const client = useClient()
  const { info } = useStationInfo()
  const initial = useCommand('frames.status', {})
  // Live counters live in this store, not in the page's state: see FramesCounters.
  const [store] = useState(() => new FramesStatusStore())
  const source = useSyncExternalStore(store.subscribe, store.currentSource)
  const hasStatus = useSyncExternalStore(store.subscribe, () => store.current() !== undefined)
  const anyMatching = useSyncExternalStore(store.subscribe, () => (store.matching() ?? 0) > 0)
  const [filter, setFilter] = useState<FrameFilter>({})
  const [filterProblem, setFilterProblem] = useState<string | undefined>(undefined)
  const [selection, setSelection] = useState<TableSelection>({ focused: undefined, marked: new Set() })
  const [follow, setFollow] = useState(true)
  const [exportError, setExportError] = useState<ContractCallError | undefined>(undefined)
  const [exportNote, setExportNote] = useState<string | undefined>(undefined)

  const take = useCallback((next: FramesStatus) => store.take(next), [store])
  useEffect(() => {
    if (initial.data) store.take(initial.data)
  }, [initial.data, store])
  useStream('frames.counters', take)
  const setMatching = useCallback((total: number | undefined) => store.setMatching(total), [store])

  const stopFollowing = useCallback(() => setFollow(false), [])

  const applyFilter = useCallback((next: FrameFilter) => {
    setFilterProblem(undefined)
    // The filter is checked by main on the first page request; check it now to say what is wrong next to the field.
    client.call('frames.page', { offset: 0, limit: 1, filter: next }).then(
      () => {
        setFilter(next)
        setSelection({ focused: undefined, marked: new Set() })
      },
      (failure: unknown) => {
        const error = asContractCallError(failure)
        setFilterProblem(error.issues.find((i) => i.path.startsWith('filter'))?.message ?? error.message)
      },
    )
  }, [client])

  const exportFrames = async (which: 'filtered' | 'selected') => {
    setExportError(undefined)
    setExportNote(undefined)
    try {
      const destination = info?.shell === 'electron' ? ({ kind: 'dialog' } as const) : ({ kind: 'download' } as const)
      const result = await client.call('frames.export', which === 'selected' ? { indices: [...selection.marked], destination } : { filter, destination })
      if (result.downloadPath) downloadExport(result.downloadPath)
      if (!result.cancelled) setExportNote(t('frames.exported', { n: result.frames }))
    } catch (failure) {
      setExportError(asContractCallError(failure))
    }
  }

  return (
    <div className="frames-page">
      <div className="page-title">
        <h1>{t('frames.title')}</h1>
        {source && (
          <span className={`source-state state-${source.state}`}>
            {t(`frames.source.${source.kind}`)}: {source.label} · {t(`frames.state.${source.state}`)}
            {source.kind === 'live' && source.monitorMode === false ? ` · ${t('frames.notMonitor')}` : ''}
          </span>
        )}
      </div>
      <section className="panel stack" aria-label={t('frames.sourceLabel')}>
        <SourceBar running={source?.state === 'running' || source?.state === 'starting'} onStatus={take} />
        {source?.error && (
          <div className="error-notice" role="alert">
            <strong>{source.error.message}</strong> {source.error.remedy}
          </div>
        )}
        {hasStatus && <FramesCounters store={store} />}
        <ErrorNotice error={initial.error} />
      </section>
      <AwssOraclePanel />
      <section className="panel stack frames-main" aria-label={t('frames.listLabel')}>
        <FilterBar applied={filter} problem={filterProblem} onApply={applyFilter} />
        <div className="row">
          <label className="row">
            <input type="checkbox" checked={follow} onChange={(event) => setFollow(event.target.checked)} />
            {t('frames.follow')}
          </label>
          <span className="spacer" />
          <button type="button" disabled={!anyMatching} onClick={() => void exportFrames('filtered')}>
            {t('frames.exportFiltered')}
          </button>
          <button type="button" disabled={selection.marked.size === 0} onClick={() => void exportFrames('selected')}>
            {t('frames.exportSelected', { n: selection.marked.size })}
          </button>
          {exportNote && (
            <span className="muted" role="status">
              {exportNote}
            </span>
          )}
        </div>
        <ErrorNotice error={exportError} />
        <div className="frames-columns">
          <FrameTable filter={filter} changes={store} follow={follow} selection={selection} onSelect={setSelection} onTotal={setMatching} onUserScroll={stopFollowing} />
          {selection.focused !== undefined ? <FrameDetailPane index={selection.focused} /> : <section className="panel frame-detail muted">{t('frames.pickOne')}</section>}
        </div>
      </section>
    </div>
  )
}
