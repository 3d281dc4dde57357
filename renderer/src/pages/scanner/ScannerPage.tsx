import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { BleDeviceView } from '../../../../preload/contract'
import { navigate } from '../../app/hash-route'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { useClient, useCommand, useStream } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { useNow } from '../../components/common/use-now'
import { rememberDraft, rememberedDraft } from '../provision/provision-draft'
import { RssiSparkline } from './RssiSparkline'
import { breezeFlagKeys, foldUpdate, rowsFrom, SCANNER_SORTS, type Rows, type ScannerFilter, type ScannerSort, visibleRows } from './scanner-rows'
import './ScannerPage.css'

const SCAN_MS = 5 * 60_000

/** Live list of Bluetooth LE devices, the same with noble and with the lab; Breeze devices can be provisioned from here. */
export function ScannerPage() {
  const { t } = useTranslation()
  const client = useClient()
  const initial = useCommand('ble.devices', {})
  const [rows, setRows] = useState<Rows | undefined>(undefined)
  const [status, setStatus] = useState(initial.data?.status)
  const [filter, setFilter] = useState<ScannerFilter>({ text: '', breezeOnly: false, sort: 'rssi' })
  const [actionError, setActionError] = useState<ContractCallError | undefined>(undefined)
  const current = rows ?? (initial.data ? rowsFrom(initial.data.devices) : new Map())
  const scanStatus = status ?? initial.data?.status
  useStream('ble.updated', (update) => {
    setRows((previous) => foldUpdate(previous ?? (initial.data ? rowsFrom(initial.data.devices) : new Map()), update))
    setStatus(update.status)
  })
  const scanning = !!scanStatus?.scanning
  const now = useNow(scanning, 1_000)
  const shown = useMemo(() => visibleRows(current, filter), [current, filter])

  const toggle = async () => {
    setActionError(undefined)
    try {
      setStatus(scanning ? await client.call('ble.stopScan', {}) : await client.call('ble.startScan', { durationMs: SCAN_MS }))
    } catch (failure) {
      setActionError(asContractCallError(failure))
    }
  }

  const provision = (device: BleDeviceView) => {
    rememberDraft({ ...rememberedDraft(), method: 'ble-config', deviceId: device.deviceId, sessionId: undefined })
    navigate('provision')
  }

  const radio = scanStatus?.radio
  return (
    <div className="scanner-page stack">
      <div className="page-title">
        <h1>{t('scanner.title')}</h1>
        <span className="muted" role="status">
          {scanning ? t('scanner.scanning', { n: current.size }) : t('scanner.notScanning')}
        </span>
      </div>
      <ErrorNotice error={initial.error} />
      <ErrorNotice error={actionError} action={scanning ? t('scanner.stopFailed') : t('scanner.startFailed')} />
      {radio && radio.status !== 'ready' && (
        <div className="notice" role="alert">
          <strong>{t('scanner.radioUnavailable')}</strong> {radio.reason} {radio.remedy && <span>{t('scanner.remedy', { remedy: radio.remedy })}</span>}
        </div>
      )}
      <section className="panel stack" aria-label={t('scanner.listLabel')}>
        <div className="row scanner-controls">
          <button type="button" className={scanning ? '' : 'primary'} onClick={toggle} disabled={!radio || (radio.status !== 'ready' && !scanning)}>
            {scanning ? t('scanner.stop') : t('scanner.start')}
          </button>
          <label className="row">
            {t('scanner.filter')}
            <input
              type="search"
              value={filter.text}
              placeholder={t('scanner.filterPlaceholder')}
              onChange={(event) => setFilter((f) => ({ ...f, text: event.target.value }))}
            />
          </label>
          <label className="row">
            <input type="checkbox" checked={filter.breezeOnly} onChange={(event) => setFilter((f) => ({ ...f, breezeOnly: event.target.checked }))} />
            {t('scanner.breezeOnly')}
          </label>
          <label className="row">
            {t('scanner.sortBy')}
            <select value={filter.sort} onChange={(event) => setFilter((f) => ({ ...f, sort: event.target.value as ScannerSort }))}>
              {SCANNER_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`scanner.sort.${sort}`)}
                </option>
              ))}
            </select>
          </label>
          <span className="spacer" />
          <span className="muted">{t('scanner.shown', { shown: shown.length, total: current.size })}</span>
        </div>
        {shown.length === 0 ? (
          <div className="muted">{current.size === 0 ? (scanning ? t('scanner.listening') : t('scanner.empty')) : t('scanner.noMatch')}</div>
        ) : (
          <table className="scanner-table">
            <thead>
              <tr>
                <th scope="col">{t('scanner.col.name')}</th>
                <th scope="col">{t('scanner.col.address')}</th>
                <th scope="col">{t('scanner.col.rssi')}</th>
                <th scope="col">{t('scanner.col.product')}</th>
                <th scope="col">{t('scanner.col.flags')}</th>
                <th scope="col">{t('scanner.col.lastSeen')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('scanner.col.action')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((device) => (
                <tr key={device.address} data-address={device.address}>
                  <td>{device.name ?? <span className="muted">{t('scanner.unnamed')}</span>}</td>
                  <td className="mono">
                    {device.address}
                    {device.addressType === 'random' && <span className="muted"> {t('scanner.random')}</span>}
                  </td>
                  <td>
                    <div className="scanner-rssi">
                      <span className="mono">{t('scanner.dbm', { rssi: device.rssi })}</span>
                      <RssiSparkline history={device.rssiHistory} label={t('scanner.trend', { rssi: device.rssi, n: device.rssiHistory.length })} />
                    </div>
                  </td>
                  <td className="mono">{device.breeze ? device.breeze.productId : '–'}</td>
                  <td>
                    {device.breeze ? (
                      <span className="scanner-flags">
                        <span className="chip">{t('scanner.flag.version', { version: device.breeze.version })}</span>
                        {breezeFlagKeys(device.breeze).map((key) => (
                          <span key={key} className="chip">
                            {t(`scanner.flag.${key}`)}
                          </span>
                        ))}
                      </span>
                    ) : (
                      <span className="muted">{device.manufacturer ? t('scanner.company', { id: device.manufacturer.companyId.toString(16).padStart(4, '0') }) : '–'}</span>
                    )}
                  </td>
                  <td className="muted">{t('scanner.secondsAgo', { s: Math.max(0, Math.round((now - device.lastSeenAt) / 1000)) })}</td>
                  <td>
                    {device.breeze && (
                      <button type="button" onClick={() => provision(device)} aria-label={t('scanner.provisionNamed', { device: device.name ?? device.address })}>
                        {t('scanner.provision')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
