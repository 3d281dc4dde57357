import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BundleView } from '../../../../preload/contract'
import { useClient, useCommand } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { SessionView } from '../../components/session/SessionView'
import { formatDateTime } from '../../i18n/format'
import type { UiLanguage } from '../../i18n/language'
import { uploadAndOpen } from './bundle-transfer'

const PAGE = 500

/** Offline triage: a support bundle opened again shows its session, environment and frames as they were. */
export function BundleViewer() {
  const { t } = useTranslation()
  const client = useClient()
  const [view, setView] = useState<BundleView | undefined>(undefined)
  const [opening, setOpening] = useState(false)
  const [error, setError] = useState<ContractCallError | undefined>(undefined)
  const open = async (file: File | undefined) => {
    if (!file) return
    setOpening(true)
    setError(undefined)
    try {
      if (view) await client.call('bundle.close', { bundleId: view.bundleId }).catch(() => undefined)
      setView(await uploadAndOpen(client, file))
    } catch (failure) {
      setView(undefined)
      setError(asContractCallError(failure))
    } finally {
      setOpening(false)
    }
  }
  return (
    <div className="stack">
      <section className="panel stack" aria-labelledby="timing-bundle-open">
        <h2 id="timing-bundle-open">{t('timing.bundle.openTitle')}</h2>
        <p className="muted">{t('timing.bundle.openHint')}</p>
        <label className="row">
          {t('timing.bundle.file')}
          <input type="file" accept=".tar,application/x-tar" disabled={opening} onChange={(event) => void open(event.target.files?.[0])} />
        </label>
        {opening && <span role="status">{t('common.loading')}</span>}
        <ErrorNotice error={error} action={t('timing.bundle.openFailed')} />
      </section>
      {view && <OpenedBundle view={view} />}
    </div>
  )
}

function OpenedBundle({ view }: { view: BundleView }) {
  const { t, i18n } = useTranslation()
  const language = i18n.language as UiLanguage
  const env = view.environment
  return (
    <div className="stack" data-testid="opened-bundle">
      <section className="panel" aria-label={t('timing.bundle.aboutLabel')}>
        <h2>{view.fileName}</h2>
        <dl className="facts">
          <dt>{t('timing.bundle.created')}</dt>
          <dd>
            {formatDateTime(view.manifest.createdAt, language)} · Provbench {view.manifest.appVersion}
          </dd>
          <dt>{t('timing.bundle.frames')}</dt>
          <dd data-testid="bundle-frame-summary">
            {t('timing.bundle.frameSummary', { n: view.manifest.frames.count, source: view.manifest.frames.source })}
            {view.manifest.frames.truncated ? ` · ${t('timing.bundle.truncated')}` : ''}
          </dd>
          <dt>{t('timing.bundle.redacted')}</dt>
          <dd>{view.manifest.redaction.replaced}</dd>
          <dt>{t('timing.bundle.station')}</dt>
          <dd>
            {env.app.name} {env.app.version} · {t(`profile.${env.app.profile}`)} · {env.os.platform} {env.os.release} ({env.os.arch}) · Node {env.os.node}
            {env.os.electron ? ` · Electron ${env.os.electron}` : ''}
          </dd>
          <dt>{t('timing.bundle.adapters')}</dt>
          <dd>
            <ul className="timing-adapters" aria-label={t('timing.bundle.adapters')}>
              {env.radios.map((r) => (
                <li key={r.radio}>
                  <strong>{t(`radio.${r.radio}`)}</strong> {t(`radioStatus.${r.status}`)} <span className="mono muted">{r.driver}</span>
                  {r.reason ? ` · ${r.reason}` : ''}
                </li>
              ))}
            </ul>
          </dd>
          {env.lab && (
            <>
              <dt>{t('timing.bundle.lab')}</dt>
              <dd>
                {env.lab.scenarioName} · {env.lab.routers.map((r) => `${r.ssid} (${r.band}, ch ${r.channel})`).join(', ')}
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="panel" aria-label={t('timing.bundle.sessionLabel')}>
        <SessionView session={view.session} />
      </section>
      <BundleFrames view={view} />
    </div>
  )
}

function BundleFrames({ view }: { view: BundleView }) {
  const { t } = useTranslation()
  const [offset, setOffset] = useState(0)
  const page = useCommand('bundle.frames', { bundleId: view.bundleId, offset, limit: PAGE })
  const rows = page.data?.rows ?? []
  const total = page.data?.total ?? view.manifest.frames.count
  return (
    <section className="panel" aria-labelledby="timing-bundle-frames">
      <h2 id="timing-bundle-frames">{t('timing.bundle.framesTitle', { n: total })}</h2>
      <ErrorNotice error={page.error} />
      <div className="timing-frames-scroll">
        <table className="data timing-frames" aria-label={t('timing.bundle.framesLabel')}>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('timing.bundle.time')}</th>
              <th>{t('timing.bundle.kind')}</th>
              <th>{t('timing.bundle.channel')}</th>
              <th>{t('timing.bundle.signal')}</th>
              <th>{t('timing.bundle.source')}</th>
              <th>{t('timing.bundle.destination')}</th>
              <th>{t('timing.bundle.info')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.index}>
                <td>{r.index + 1}</td>
                <td className="mono">{(r.offsetMs / 1000).toFixed(3)}</td>
                <td>{r.kind}</td>
                <td>{r.channel ?? ''}</td>
                <td>{r.signalDbm ?? ''}</td>
                <td className="mono">{r.source ?? ''}</td>
                <td className="mono">{r.destination ?? ''}</td>
                <td>{r.info}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > PAGE && (
        <div className="row">
          <button type="button" disabled={offset === 0} onClick={() => setOffset((o) => Math.max(0, o - PAGE))}>
            {t('timing.bundle.previous')}
          </button>
          <span className="muted">{t('timing.bundle.range', { from: offset + 1, to: Math.min(total, offset + PAGE), n: total })}</span>
          <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset((o) => o + PAGE)}>
            {t('timing.bundle.next')}
          </button>
        </div>
      )}
    </section>
  )
}
