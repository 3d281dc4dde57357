import { memo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FramesStatus } from '../../../../preload/contract'
import { useStationInfo } from '../../app/station-info'
import { useClient, useCommand } from '../../client/hooks'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { uploadCapture } from './frames-http'

/** Where frames come from: the lab air, a live interface, or a file (dialog, upload, or a path on the station). */
export const SourceBar = memo(function SourceBar({ running, onStatus }: { running: boolean; onStatus(status: FramesStatus): void }) {
  const { t } = useTranslation()
  const client = useClient()
  const { info } = useStationInfo()
  const interfaces = useCommand('frames.interfaces', {})
  const [iface, setIface] = useState('')
  const [bpf, setBpf] = useState('')
  const [stationPath, setStationPath] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ContractCallError | undefined>(undefined)
  const fileInput = useRef<HTMLInputElement>(null)
  const electron = info?.shell === 'electron'
  const chosenInterface = iface || interfaces.data?.configured || interfaces.data?.interfaces.find((i) => i.wireless)?.name || ''

  const run = async (action: () => Promise<FramesStatus>) => {
    setBusy(true)
    setError(undefined)
    try {
      onStatus(await action())
    } catch (failure) {
      setError(asContractCallError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="frames-sources stack">
      <div className="row">
        {info?.profile === 'lab' && (
          <button type="button" className="primary" disabled={busy} onClick={() => run(() => client.call('frames.startLab', {}))}>
            {t('frames.startLab')}
          </button>
        )}
        <label className="row">
          {t('frames.interface')}
          <select value={chosenInterface} onChange={(event) => setIface(event.target.value)}>
            {!chosenInterface && <option value="">{t('frames.noInterface')}</option>}
            {interfaces.data?.interfaces.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name}
                {i.wireless ? ` (${t('frames.wireless')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          {t('frames.bpfFilter')}
          <input type="text" className="mono" value={bpf} placeholder="udp port 5683" onChange={(event) => setBpf(event.target.value)} />
        </label>
        <button
          type="button"
          disabled={busy || !chosenInterface}
          onClick={() => run(() => client.call('frames.startLive', { interface: chosenInterface, ...(bpf.trim() ? { filter: bpf.trim() } : {}) }))}
        >
          {t('frames.startLive')}
        </button>
        <button type="button" className="danger" disabled={busy || !running} onClick={() => run(() => client.call('frames.stop', {}))}>
          {t('frames.stop')}
        </button>
        <span className="spacer" />
        {electron ? (
          <button type="button" disabled={busy} onClick={() => run(() => client.call('frames.chooseFile', {}))}>
            {t('frames.openFile')}
          </button>
        ) : (
          <>
            <input
              ref={fileInput}
              type="file"
              accept=".pcap,.pcapng,.cap"
              className="visually-hidden"
              aria-label={t('frames.uploadLabel')}
              onChange={(event) => {
                const file = event.target.files?.[0]
                event.target.value = ''
                if (file) void run(() => uploadCapture(file))
              }}
            />
            <button type="button" disabled={busy} onClick={() => fileInput.current?.click()}>
              {t('frames.uploadFile')}
            </button>
            <form
              className="row"
              onSubmit={(event) => {
                event.preventDefault()
                if (stationPath.trim()) void run(() => client.call('frames.openFile', { path: stationPath.trim() }))
              }}
            >
              <input type="text" className="mono" value={stationPath} aria-label={t('frames.stationPath')} placeholder={t('frames.stationPathPlaceholder')} onChange={(event) => setStationPath(event.target.value)} />
              <button type="submit" disabled={busy || !stationPath.trim()}>
                {t('frames.openPath')}
              </button>
            </form>
          </>
        )}
      </div>
      <ErrorNotice error={error} />
      <ErrorNotice error={interfaces.error} />
    </div>
  )
})
