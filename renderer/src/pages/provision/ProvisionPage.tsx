import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { MethodId, StartSession } from '../../../../preload/contract'
import { useSettings } from '../../app/settings-context'
import { useStationInfo } from '../../app/station-info'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { useClient, useStream } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { FormField } from '../../components/common/FormField'
import { InputField } from '../../components/common/InputField'
import { useLiveSession } from '../../components/session/use-live-session'
import { issuesByField, type ProvisionField } from './contract-issues'
import { DevicePicker } from './DevicePicker'
import { LiveSessionPanel } from './LiveSessionPanel'
import { MethodPicker } from './MethodPicker'
import { rememberDraft, rememberedDraft, type ProvisionDraft } from './provision-draft'
import { SmartConfigOptions } from './SmartConfigOptions'
import {
  PASSWORD_MAX_BYTES,
  SSID_MAX_BYTES,
  checkConfirmTimeout,
  checkOptionalInt,
  utf8Bytes,
  validateWifiTarget,
  type FieldProblem,
} from './wifi-validation'
import './ProvisionPage.css'

export function ProvisionPage() {
  const { t } = useTranslation()
  const client = useClient()
  const { info } = useStationInfo()
  const { settings } = useSettings()
  const [draft, setDraft] = useState<ProvisionDraft>(rememberedDraft)
  const [password, setPassword] = useState('')
  const [showPassword, setShowPassword] = useState(false)
  const [submitted, setSubmitted] = useState(false)
  const [serverIssues, setServerIssues] = useState<Partial<Record<ProvisionField, string>>>({})
  const [generalIssues, setGeneralIssues] = useState<string[]>([])
  const [startError, setStartError] = useState<ContractCallError | undefined>(undefined)
  const [starting, setStarting] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const current = useLiveSession(draft.sessionId)
  // Keeps the event stream open from before sessions.start, so the live panel misses no step of a fast session.
  useStream('sessions.updated', () => {})

  useEffect(() => rememberDraft(draft), [draft])

  // After a refused submit the error messages render first; then the first field in error takes the focus.
  const [refusedSubmits, setRefusedSubmits] = useState(0)
  useEffect(() => {
    if (refusedSubmits > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [refusedSubmits])

  const methods = info?.methods ?? []
  const method = draft.method && methods.some((m) => m.id === draft.method && m.available) ? draft.method : methods.find((m) => m.available)?.id

  const update = (changes: Partial<ProvisionDraft>, fields: ProvisionField[]) => {
    setDraft((previous) => ({ ...previous, ...changes }))
    clearServerIssues(fields)
  }
  const clearServerIssues = (fields: ProvisionField[]) =>
    setServerIssues((previous) => {
      if (!fields.some((field) => previous[field])) return previous
      const next = { ...previous }
      for (const field of fields) delete next[field]
      return next
    })

  const problems: Partial<Record<ProvisionField, FieldProblem>> = {
    ...validateWifiTarget({ ssid: draft.ssid, bssid: draft.bssid, password }),
  }
  const timeoutProblem = checkConfirmTimeout(draft.confirmTimeoutS)
  if (timeoutProblem) problems.confirmTimeout = timeoutProblem
  if (method === 'smart-config') {
    // Limits of MethodOptions in preload/contract/sessions.ts.
    const interval = checkOptionalInt(draft.sendIntervalMs, 1, 1_000)
    const cycles = checkOptionalInt(draft.sendCycles, 1, 100_000)
    const duration = checkOptionalInt(draft.sendDurationS, 1, 900)
    if (interval) problems.sendInterval = interval
    if (cycles) problems.sendCycles = cycles
    if (duration) problems.sendDuration = duration
  }

  // Messages appear from the first Start on, then follow the typing. Not on blur: a message appearing as focus
  // leaves a field shifts the Start button away from the pointer that is about to click it.
  const errorFor = (field: ProvisionField): string | undefined => {
    const problem = problems[field]
    if (problem && submitted) return t(problem.key, problem.values)
    return serverIssues[field]
  }

  const running = current.session?.outcome === 'running'

  const start = async (event: FormEvent) => {
    event.preventDefault()
    setSubmitted(true)
    setStartError(undefined)
    setGeneralIssues([])
    if (!method) return
    if (Object.keys(problems).length > 0) {
      setRefusedSubmits((n) => n + 1)
      return
    }
    const request: StartSession = {
      method,
      target: { ssid: draft.ssid, password, ...(draft.bssid.trim() ? { bssid: draft.bssid.trim() } : {}) },
      ...(draft.deviceId ? { deviceId: draft.deviceId } : {}),
    }
    const options: NonNullable<StartSession['options']> = {}
    if (draft.confirmTimeoutS.trim()) options.confirmTimeoutMs = Math.round(Number(draft.confirmTimeoutS) * 1000)
    if (method === 'smart-config') {
      if (draft.encoding) options.encoding = draft.encoding
      if (draft.sendIntervalMs.trim()) options.sendIntervalMs = Number(draft.sendIntervalMs)
      if (draft.sendCycles.trim()) options.sendCycles = Number(draft.sendCycles)
      if (draft.sendDurationS.trim()) options.sendDurationMs = Number(draft.sendDurationS) * 1000
    }
    if (Object.keys(options).length > 0) request.options = options
    setStarting(true)
    try {
      const summary = await client.call('sessions.start', request)
      setDraft((previous) => ({ ...previous, sessionId: summary.id }))
      setSubmitted(false)
    } catch (failure) {
      const error = asContractCallError(failure)
      if (error.code === 'invalid-input' && error.issues.length > 0) {
        const placed = issuesByField(error.issues)
        setServerIssues(placed.fields)
        setGeneralIssues(placed.general)
      } else {
        setStartError(error)
      }
    } finally {
      setStarting(false)
    }
  }

  const defaultTimeoutS = settings ? settings.confirmTimeoutMs / 1000 : undefined

  return (
    <div className="provision-page">
      <div className="page-title">
        <h1>{t('provision.title')}</h1>
      </div>
      <div className="provision-columns">
        <form ref={formRef} className="panel stack provision-form" onSubmit={start} noValidate aria-label={t('provision.formLabel')}>
          {info ? (
            <MethodPicker
              methods={methods}
              value={method}
              onChange={(id: MethodId) => update({ method: id }, ['method', 'device', 'encoding', 'sendInterval', 'sendCycles', 'sendDuration'])}
              error={serverIssues.method}
            />
          ) : (
            <div className="muted">{t('common.loading')}</div>
          )}
          {info && !method && <div className="notice">{t('provision.noMethods')}</div>}

          <fieldset className="stack">
            <legend>{t('provision.network')}</legend>
            <InputField
              label={t('provision.ssid')}
              hint={<ByteCount bytes={utf8Bytes(draft.ssid)} max={SSID_MAX_BYTES} />}
              error={errorFor('ssid')}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={draft.ssid}
              onValueChange={(value) => update({ ssid: value }, ['ssid'])}
            />
            <InputField
              label={t('provision.bssid')}
              hint={t('provision.bssidHint')}
              error={errorFor('bssid')}
              type="text"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              placeholder="AA:BB:CC:DD:EE:FF"
              value={draft.bssid}
              onValueChange={(value) => update({ bssid: value }, ['bssid'])}
            />
            <FormField
              label={t('provision.password')}
              hint={<ByteCount bytes={utf8Bytes(password)} max={PASSWORD_MAX_BYTES} />}
              error={errorFor('password')}
            >
              {(control) => (
                <div className="password-row">
                  <input
                    {...control}
                    type={showPassword ? 'text' : 'password'}
                    autoComplete="off"
                    spellCheck={false}
                    data-secret="true"
                    value={password}
                    onChange={(event) => {
                      setPassword(event.target.value)
                      clearServerIssues(['password'])
                    }}
                  />
                  <button
                    type="button"
                    aria-pressed={showPassword}
                    aria-controls={control.id}
                    onClick={() => setShowPassword((value) => !value)}
                  >
                    {showPassword ? t('provision.hidePassword') : t('provision.showPassword')}
                  </button>
                </div>
              )}
            </FormField>
          </fieldset>

          {method && (
            <DevicePicker
              method={method}
              value={draft.deviceId}
              onChange={(deviceId) => update({ deviceId }, ['device'])}
              error={serverIssues.device}
            />
          )}

          <details className="advanced-options">
            <summary>{t('provision.advanced')}</summary>
            <div className="stack">
              <InputField
                label={t('provision.confirmTimeout')}
                hint={
                  defaultTimeoutS !== undefined
                    ? t('provision.confirmTimeoutHint', { seconds: defaultTimeoutS })
                    : undefined
                }
                error={errorFor('confirmTimeout')}
                type="number"
                min={1}
                max={900}
                step={1}
                placeholder={defaultTimeoutS !== undefined ? String(defaultTimeoutS) : undefined}
                value={draft.confirmTimeoutS}
                onValueChange={(value) => update({ confirmTimeoutS: value }, ['confirmTimeout'])}
              />
              {method === 'smart-config' && (
                <SmartConfigOptions draft={draft} onChange={(changes, field) => update(changes, [field])} errorFor={errorFor} />
              )}
            </div>
          </details>

          {generalIssues.length > 0 && (
            <div role="alert" className="error-notice">
              <strong>{t('provision.rejected')}</strong>
              <ul>
                {generalIssues.map((issue) => (
                  <li key={issue}>{issue}</li>
                ))}
              </ul>
            </div>
          )}
          <ErrorNotice error={startError} action={t('provision.startFailed')} />
          <div className="row">
            <button type="submit" className="primary" disabled={!method || starting || running}>
              {starting ? t('provision.starting') : t('provision.start')}
            </button>
            {running && <span className="muted">{t('provision.sessionRunning')}</span>}
          </div>
        </form>
        <div className="provision-session">
          {draft.sessionId ? (
            <LiveSessionPanel sessionId={draft.sessionId} live={current} />
          ) : (
            <div className="panel muted">{t('provision.noSessionYet')}</div>
          )}
        </div>
      </div>
    </div>
  )
}

/** Live byte count; it turns red past the limit before any message is shown. */
function ByteCount({ bytes, max }: { bytes: number; max: number }) {
  const { t } = useTranslation()
  return <span className={bytes > max ? 'over-limit' : undefined}>{t('provision.bytesUsed', { bytes, max })}</span>
}
