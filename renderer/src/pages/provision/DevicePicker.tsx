import { useTranslation } from 'react-i18next'
import type { MethodId } from '../../../../preload/contract'
import { FormField } from '../../components/common/FormField'
import { useCommand } from '../../client/hooks'

/** Devices main knows for the chosen method (lab devices, scan results); "any" lets the method pick the first. */
export function DevicePicker({
  method,
  value,
  onChange,
  error,
}: {
  method: MethodId
  value: string
  onChange(deviceId: string): void
  error?: string
}) {
  const { t } = useTranslation()
  const devices = useCommand('devices.list', { method })
  const list = devices.data ?? []
  const known = value === '' || list.some((device) => device.id === value)
  return (
    <div className="row device-picker">
      <FormField
        label={t('provision.device')}
        error={error ?? (devices.error ? devices.error.message : undefined)}
        hint={devices.loading ? t('common.loading') : list.length === 0 ? t('provision.noDevices') : undefined}
      >
        {(control) => (
          <select {...control} value={known ? value : ''} onChange={(event) => onChange(event.target.value)}>
            <option value="">{t('provision.anyDevice')}</option>
            {list.map((device) => (
              <option key={device.id} value={device.id}>
                {device.label}
                {device.model ? ` · ${device.model}` : ''}
                {device.rssi !== undefined ? ` · ${device.rssi} dBm` : ''}
                {` · ${t(`deviceSource.${device.source}`)}`}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <button type="button" className="device-refresh" onClick={devices.reload} aria-label={t('provision.refreshDevices')}>
        {t('common.refresh')}
      </button>
    </div>
  )
}
