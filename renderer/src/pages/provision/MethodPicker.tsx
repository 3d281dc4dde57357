import { useTranslation } from 'react-i18next'
import type { MethodId, StationInfo } from '../../../../preload/contract'

/** Every method is listed; the ones the station cannot run now are disabled with main's reason beside them. */
export function MethodPicker({
  methods,
  value,
  onChange,
  error,
}: {
  methods: StationInfo['methods']
  value: MethodId | undefined
  onChange(method: MethodId): void
  error?: string
}) {
  const { t } = useTranslation()
  return (
    <fieldset className="method-picker" aria-invalid={Boolean(error)}>
      <legend>{t('provision.method')}</legend>
      {methods.map((method) => (
        <label key={method.id} className={`method-option${method.available ? '' : ' method-unavailable'}`}>
          <input
            type="radio"
            name="method"
            value={method.id}
            checked={value === method.id}
            disabled={!method.available}
            onChange={() => onChange(method.id)}
          />
          <span className="method-text">
            <span className="method-name">
              {t(`method.${method.id}.name`)} <span className="mono muted">{method.id}</span>
            </span>
            <span className="method-summary muted">
              {method.available ? t(`method.${method.id}.summary`) : (method.reason ?? t('provision.methodUnavailable'))}
            </span>
          </span>
        </label>
      ))}
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
    </fieldset>
  )
}
