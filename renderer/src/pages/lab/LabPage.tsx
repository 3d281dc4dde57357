import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { KnobSpec, LabDeviceView, LabView } from '../../../../preload/contract'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { useClient, useCommand, useStream } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { KnobControl, type KnobValue } from './KnobControl'
import './LabPage.css'

type KnobScope = 'air' | 'router' | 'device'

export function LabPage() {
  const { t } = useTranslation()
  const client = useClient()
  const lab = useCommand('lab.view', {})
  useStream('lab.updated', (view) => lab.setData(() => view))
  const [actionError, setActionError] = useState<{ action: string; error: ContractCallError } | undefined>(undefined)

  const act = async <T,>(action: string, run: () => Promise<T>): Promise<T | undefined> => {
    setActionError(undefined)
    try {
      return await run()
    } catch (failure) {
      setActionError({ action, error: asContractCallError(failure) })
      return undefined
    }
  }

  const setKnob = (scope: KnobScope, id: string | undefined, knob: string, value: KnobValue) =>
    act(t('lab.setKnobFailed', { knob }), async () => {
      const view = await client.call('lab.setKnob', { scope, ...(id ? { id } : {}), knob, value })
      lab.setData(() => view)
    })

  const removeDevice = (device: LabDeviceView) =>
    act(t('lab.removeFailed', { label: device.label }), async () => {
      await client.call('lab.removeDevice', { id: device.id })
      lab.setData((view) => (view ? { ...view, devices: view.devices.filter((d) => d.id !== device.id) } : view))
    })

  const view = lab.data
  return (
    <div className="lab-page stack">
      <div className="page-title">
        <h1>{t('lab.title')}</h1>
        {view && (
          <span className="muted">
            {t('lab.scenario', { name: view.scenarioName, seed: view.seed })}
          </span>
        )}
      </div>
      <ErrorNotice error={lab.error} />
      {actionError && <ErrorNotice error={actionError.error} action={actionError.action} />}
      {!view && !lab.error && <div className="muted">{t('common.loading')}</div>}
      {view && (
        <>
          <section className="panel" aria-labelledby="lab-air">
            <h2 id="lab-air">{t('lab.air')}</h2>
            <KnobGrid specs={view.knobSpecs.air} values={view.airKnobs} onChange={(knob, value) => setKnob('air', undefined, knob, value)} />
          </section>
          <RoutersPanel view={view} onKnob={(id, knob, value) => setKnob('router', id, knob, value)} />
          <DevicesPanel
            view={view}
            onKnob={(id, knob, value) => setKnob('device', id, knob, value)}
            onRemove={removeDevice}
            onAdd={(kind, label) =>
              act(t('lab.addFailed'), async () => {
                const device = await client.call('lab.addDevice', { kind, ...(label ? { label } : {}) })
                lab.setData((current) =>
                  current && !current.devices.some((d) => d.id === device.id) ? { ...current, devices: [...current.devices, device] } : current,
                )
              })
            }
          />
        </>
      )}
    </div>
  )
}

function KnobGrid({
  specs,
  values,
  onChange,
}: {
  specs: readonly KnobSpec[]
  values: Record<string, KnobValue>
  onChange(knob: string, value: KnobValue): void
}) {
  const { t } = useTranslation()
  if (specs.length === 0) return <div className="muted">{t('lab.noKnobs')}</div>
  return (
    <div className="knob-grid">
      {specs.map((spec) => (
        <KnobControl key={spec.name} spec={spec} value={values[spec.name]} onChange={(value) => onChange(spec.name, value)} />
      ))}
    </div>
  )
}

function RoutersPanel({ view, onKnob }: { view: LabView; onKnob(id: string, knob: string, value: KnobValue): void }) {
  const { t } = useTranslation()
  return (
    <section className="panel stack" aria-labelledby="lab-routers">
      <h2 id="lab-routers">{t('lab.routers')}</h2>
      {view.routers.length === 0 && <div className="muted">{t('lab.noRouters')}</div>}
      {view.routers.map((router) => (
        <article key={router.id} className="lab-card" aria-label={t('lab.routerLabel', { ssid: router.ssid })}>
          <dl className="lab-facts">
            <div>
              <dt>{t('lab.ssid')}</dt>
              <dd>{router.ssid}</dd>
            </div>
            <div>
              <dt>{t('lab.bssid')}</dt>
              <dd className="mono">{router.bssid}</dd>
            </div>
            <div>
              <dt>{t('lab.channel')}</dt>
              <dd>{router.channel}</dd>
            </div>
            <div>
              <dt>{t('lab.band')}</dt>
              <dd>{router.band}</dd>
            </div>
            <div>
              <dt>{t('lab.security')}</dt>
              <dd>
                {t(`lab.securityValue.${router.security}`)}
                {router.security !== 'open' && (router.hasPassword ? '' : ` (${t('lab.noPassword')})`)}
              </dd>
            </div>
          </dl>
          <KnobGrid specs={view.knobSpecs.router} values={router.knobs} onChange={(knob, value) => onKnob(router.id, knob, value)} />
        </article>
      ))}
    </section>
  )
}

function DevicesPanel({
  view,
  onKnob,
  onRemove,
  onAdd,
}: {
  view: LabView
  onKnob(id: string, knob: string, value: KnobValue): void
  onRemove(device: LabDeviceView): void
  onAdd(kind: string, label: string): Promise<unknown>
}) {
  const { t } = useTranslation()
  const [kind, setKind] = useState('')
  const [label, setLabel] = useState('')
  const chosenKind = kind || view.deviceKinds[0]?.kind || ''
  const add = async (event: FormEvent) => {
    event.preventDefault()
    if (!chosenKind) return
    await onAdd(chosenKind, label.trim())
    setLabel('')
  }
  return (
    <section className="panel stack" aria-labelledby="lab-devices">
      <h2 id="lab-devices">{t('lab.devices')}</h2>
      <form className="row lab-add" onSubmit={add} aria-label={t('lab.addDevice')}>
        <label className="row">
          {t('lab.kind')}
          <select value={chosenKind} onChange={(event) => setKind(event.target.value)}>
            {view.deviceKinds.map((option) => (
              <option key={option.kind} value={option.kind}>
                {option.label} ({option.methods.join(', ')})
              </option>
            ))}
          </select>
        </label>
        <label className="row">
          {t('lab.deviceLabel')}
          <input type="text" maxLength={64} value={label} placeholder={t('lab.optional')} onChange={(event) => setLabel(event.target.value)} />
        </label>
        <button type="submit" disabled={!chosenKind}>
          {t('lab.add')}
        </button>
      </form>
      {view.devices.length === 0 && <div className="muted">{t('lab.noDevices')}</div>}
      <div className="lab-devices">
        {view.devices.map((device) => (
          <article key={device.id} className="lab-card" aria-label={device.label}>
            <div className="row">
              <h3>{device.label}</h3>
              <span className="lab-state" data-state={device.state}>
                {device.state}
              </span>
              <span className="spacer" />
              <button type="button" className="danger" onClick={() => onRemove(device)} aria-label={t('lab.removeNamed', { label: device.label })}>
                {t('lab.remove')}
              </button>
            </div>
            <dl className="lab-facts">
              <div>
                <dt>{t('lab.kind')}</dt>
                <dd>{device.kind}</dd>
              </div>
              <div>
                <dt>{t('lab.model')}</dt>
                <dd>{device.model}</dd>
              </div>
              <div>
                <dt>{t('lab.ip')}</dt>
                <dd className="mono">{device.ip ?? '–'}</dd>
              </div>
              <div>
                <dt>{t('lab.joined')}</dt>
                <dd>{device.joinedSsid ?? '–'}</dd>
              </div>
              <div>
                <dt>{t('lab.methods')}</dt>
                <dd className="mono">{device.methods.join(', ')}</dd>
              </div>
            </dl>
            <KnobGrid
              specs={view.knobSpecs.device[device.kind] ?? []}
              values={device.knobs}
              onChange={(knob, value) => onKnob(device.id, knob, value)}
            />
          </article>
        ))}
      </div>
    </section>
  )
}
