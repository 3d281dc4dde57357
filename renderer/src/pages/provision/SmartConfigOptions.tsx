import { useTranslation } from 'react-i18next'
import type { Encoding } from '../../../../preload/contract'
import { FormField } from '../../components/common/FormField'
import { InputField } from '../../components/common/InputField'
import type { ProvisionField } from './contract-issues'
import type { ProvisionDraft } from './provision-draft'

const ENCODINGS: readonly Encoding[] = ['bcast', 'mcast', 'p2p']

export type SmartConfigDraft = Pick<ProvisionDraft, 'encoding' | 'sendIntervalMs' | 'sendCycles' | 'sendDurationS'>

/** How smart-config sends: encoding and pacing. Every field may stay empty for the station's default. */
export function SmartConfigOptions({
  draft,
  onChange,
  errorFor,
}: {
  draft: SmartConfigDraft
  onChange(changes: Partial<SmartConfigDraft>, field: ProvisionField): void
  errorFor(field: ProvisionField): string | undefined
}) {
  const { t } = useTranslation()
  return (
    <>
      <FormField label={t('provision.encoding')} error={errorFor('encoding')}>
        {(control) => (
          <select {...control} value={draft.encoding} onChange={(event) => onChange({ encoding: event.target.value as Encoding | '' }, 'encoding')}>
            <option value="">{t('provision.encodingDefault')}</option>
            {ENCODINGS.map((encoding) => (
              <option key={encoding} value={encoding}>
                {t(`encoding.${encoding}`)}
              </option>
            ))}
          </select>
        )}
      </FormField>
      <InputField
        label={t('provision.sendInterval')}
        hint={t('provision.sendIntervalHint')}
        error={errorFor('sendInterval')}
        type="number"
        min={1}
        max={1000}
        step={1}
        placeholder={t('provision.stationDefault')}
        value={draft.sendIntervalMs}
        onValueChange={(value) => onChange({ sendIntervalMs: value }, 'sendInterval')}
      />
      <InputField
        label={t('provision.sendCycles')}
        hint={t('provision.sendCyclesHint')}
        error={errorFor('sendCycles')}
        type="number"
        min={1}
        max={100000}
        step={1}
        placeholder={t('provision.stationDefault')}
        value={draft.sendCycles}
        onValueChange={(value) => onChange({ sendCycles: value }, 'sendCycles')}
      />
      <InputField
        label={t('provision.sendDuration')}
        hint={t('provision.sendDurationHint')}
        error={errorFor('sendDuration')}
        type="number"
        min={1}
        max={900}
        step={1}
        placeholder={t('provision.stationDefault')}
        value={draft.sendDurationS}
        onValueChange={(value) => onChange({ sendDurationS: value }, 'sendDuration')}
      />
    </>
  )
}
