import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AwssAnalysis, AwssSenderReport } from '../../../../preload/contract'
import { useClient, useCommand, useStream } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import './awss-oracle-panel.css'

/**
 * The smart-config air oracle in the Frames view: per sender on the air, what a device would decode, with which
 * cipher offset and why, when it locked and decoded. Live over what the Frames view captures or shows (lab air, live
 * interface, file), or over another capture file on the station. Passwords stay in main unless the user asks.
 */
export function AwssOraclePanel() {
  const { t } = useTranslation()
  const client = useClient()
  const live = useCommand('awss.live', { source: 'frames' })
  const [fileResult, setFileResult] = useState<{ path: string; analysis: AwssAnalysis } | undefined>(undefined)
  const [path, setPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ContractCallError | undefined>(undefined)
  const [revealed, setRevealed] = useState<AwssAnalysis | undefined>(undefined)

  const onUpdate = useCallback((event: AwssAnalysis) => event.source === 'frames' && live.setData(() => event), [live])
  useStream('awss.updated', onUpdate)

  const analyzeFile = async () => {
    setError(undefined)
    setBusy(true)
    try {
      setFileResult({ path, analysis: await client.call('awss.analyzeFile', { path }) })
      setRevealed(undefined)
    } catch (failure) {
      setError(asContractCallError(failure))
    } finally {
      setBusy(false)
    }
  }
  const reveal = async () => {
    setError(undefined)
    try {
      setRevealed(fileResult ? await client.call('awss.analyzeFile', { path: fileResult.path, reveal: true }) : await client.call('awss.live', { reveal: true, source: 'frames' }))
    } catch (failure) {
      setError(asContractCallError(failure))
    }
  }

  const shown = revealed ?? fileResult?.analysis ?? live.data
  return (
    <section className="panel stack awss-oracle" aria-label={t('awss.title')}>
      <div className="row">
        <h2>{t('awss.title')}</h2>
        <span className="muted">{fileResult ? t('awss.fromFile', { path: fileResult.path }) : t('awss.fromLive')}</span>
        <span className="spacer" />
        {fileResult && (
          <button type="button" onClick={() => (setFileResult(undefined), setRevealed(undefined))}>
            {t('awss.backToLive')}
          </button>
        )}
        <button type="button" disabled={!shown || shown.senders.every((s) => !s.password)} onClick={() => void (revealed ? setRevealed(undefined) : reveal())}>
          {revealed ? t('awss.hidePasswords') : t('awss.showPasswords')}
        </button>
      </div>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault()
          void analyzeFile()
        }}
      >
        <label className="row">
          {t('awss.filePath')}
          <input value={path} onChange={(event) => setPath(event.target.value)} placeholder="/path/to/capture.pcapng" />
        </label>
        <button type="submit" disabled={busy || path.trim() === ''}>
          {t('awss.analyze')}
        </button>
      </form>
      <ErrorNotice error={error ?? live.error} />
      {shown && <AnalysisView analysis={shown} />}
    </section>
  )
}

export function AnalysisView({ analysis }: { analysis: AwssAnalysis }) {
  const { t } = useTranslation()
  const origin = analysis.startedAtMs ?? 0
  const rel = (ms: number | undefined) => (ms === undefined ? '–' : `+${((ms - origin) / 1000).toFixed(2)} s`)
  return (
    <div className="stack">
      <p className="muted">
        {t('awss.summary', { frames: analysis.frames, aps: analysis.accessPoints.length, senders: analysis.senders.length })}
        {analysis.firstLockedSender && analysis.senders.length > 1 ? ` ${t('awss.firstLocked', { sender: analysis.firstLockedSender })}` : ''}
      </p>
      {analysis.senders.length === 0 ? (
        <p className="muted">{t('awss.none')}</p>
      ) : (
        <table className="awss-senders" data-testid="awss-senders">
          <thead>
            <tr>
              <th>{t('awss.sender')}</th>
              <th>{t('awss.encoding')}</th>
              <th>{t('awss.status')}</th>
              <th>{t('awss.offset')}</th>
              <th>{t('awss.locked')}</th>
              <th>{t('awss.decoded')}</th>
              <th>{t('awss.received')}</th>
              <th>{t('awss.checksum')}</th>
              <th>{t('awss.ssid')}</th>
              <th>{t('awss.password')}</th>
            </tr>
          </thead>
          <tbody>
            {analysis.senders.map((s) => (
              <SenderRow key={`${s.encoding}|${s.sender}`} sender={s} rel={rel} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}

function SenderRow({ sender: s, rel }: { sender: AwssSenderReport; rel: (ms: number | undefined) => string }) {
  const { t } = useTranslation()
  const notes = [...(s.decodableWith.length ? [t('awss.wouldDecodeWith', { ciphers: s.decodableWith.join('/').toUpperCase() })] : []), ...s.notes]
  return (
    <tr className={`awss-status-${s.status}`}>
      <td>
        <code>{s.sender}</code>
        {s.bssid ? <div className="muted">{t('awss.via', { bssid: s.bssid, channel: s.channel ?? '?' })}</div> : null}
      </td>
      <td>{s.encoding}</td>
      <td>
        {t(`awss.statuses.${s.status}`)}
        {notes.map((note) => (
          <div key={note} className="muted awss-note">
            {note}
          </div>
        ))}
      </td>
      <td title={s.offset?.explanation}>{s.offset ? `${s.offset.bytes} (${s.offset.cipher.toUpperCase()}, ${t(`awss.reasons.${s.offset.reason}`)})` : '–'}</td>
      <td>{rel(s.lockedAtMs)}</td>
      <td>{rel(s.decodedAtMs)}</td>
      <td>
        {s.received.count}
        {s.received.expected !== undefined ? ` / ${s.received.expected}` : ''}
        {s.cycles.length > 0 ? <div className="muted">{t('awss.cycles', { n: s.cycles.length })}</div> : null}
      </td>
      <td>{s.checksum ? (s.checksum.ok ? t('awss.checksumOk') : t('awss.checksumBad')) : '–'}</td>
      <td>{s.ssid ? `${s.ssid.display}${s.ssid.source === 'ap-list' ? ` (${t('awss.fromApList')})` : ''}` : '–'}</td>
      <td>
        {s.password
          ? s.password.revealed !== undefined
            ? <code>{s.password.revealed}</code>
            : t('awss.passwordBytes', { n: s.password.length, product: s.productKey ?? '' })
          : s.structure
            ? <span className="muted">{t('awss.ciphertext', { hex: s.structure.ciphertextHex })}</span>
            : '–'}
      </td>
    </tr>
  )
}
