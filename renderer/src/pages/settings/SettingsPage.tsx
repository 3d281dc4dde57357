import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Settings } from '../../../../preload/contract'
import { useSettings } from '../../app/settings-context'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { FormField } from '../../components/common/FormField'
import { InputField } from '../../components/common/InputField'
import type { LanguageSetting } from '../../i18n/language'
import { ProductsSection } from './ProductsSection'
import { settingsDraftFrom, validateSettingsDraft, type SettingsDraft } from './settings-draft'
import './SettingsPage.css'

export function SettingsPage() {
  const { t } = useTranslation()
  const { settings, error, save } = useSettings()
  const [draft, setDraft] = useState<SettingsDraft | undefined>(undefined)
  const [saveError, setSaveError] = useState<ContractCallError | undefined>(undefined)
  const [savedAt, setSavedAt] = useState<number | undefined>(undefined)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (settings && !draft) setDraft(settingsDraftFrom(settings))
  }, [settings, draft])

  if (!settings || !draft) {
    return (
      <div className="settings-page">
        <h1>{t('settings.title')}</h1>
        <ErrorNotice error={error} />
        {!error && <div className="muted">{t('common.loading')}</div>}
      </div>
    )
  }

  const checked = validateSettingsDraft(draft)
  const fieldError = (field: keyof SettingsDraft) => {
    const problem = checked.problems[field]
    return problem ? t(problem.key, problem.values) : undefined
  }

  // The language applies (and is stored) as soon as it is picked: nobody should need to find "Save" in a language
  // they cannot read.
  const changeLanguage = async (language: LanguageSetting) => {
    setDraft({ ...draft, language })
    setSaveError(undefined)
    try {
      await save({ language })
    } catch (failure) {
      setSaveError(asContractCallError(failure))
    }
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!checked.value) return
    setSaving(true)
    setSaveError(undefined)
    try {
      const saved: Settings = await save(checked.value)
      setDraft(settingsDraftFrom(saved))
      setSavedAt(Date.now())
    } catch (failure) {
      setSaveError(asContractCallError(failure))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="settings-page">
      <div className="page-title">
        <h1>{t('settings.title')}</h1>
      </div>
      <form className="panel stack settings-form" onSubmit={submit} noValidate aria-label={t('settings.title')}>
        <FormField label={t('settings.language')} hint={t('settings.languageHint')}>
          {(control) => (
            <select {...control} value={draft.language} onChange={(event) => void changeLanguage(event.target.value as LanguageSetting)}>
              <option value="auto">{t('settings.languageAuto')}</option>
              <option value="en">English</option>
              <option value="zh-CN">简体中文</option>
            </select>
          )}
        </FormField>
        <InputField
          label={t('settings.confirmTimeout')}
          hint={t('settings.confirmTimeoutHint')}
          error={fieldError('confirmTimeoutS')}
          type="number"
          min={1}
          max={900}
          value={draft.confirmTimeoutS}
          onValueChange={(value) => setDraft({ ...draft, confirmTimeoutS: value })}
        />
        <InputField
          label={t('settings.captureInterface')}
          hint={t('settings.captureInterfaceHint')}
          error={fieldError('captureInterface')}
          type="text"
          className="mono"
          spellCheck={false}
          value={draft.captureInterface}
          onValueChange={(value) => setDraft({ ...draft, captureInterface: value })}
        />
        <InputField
          label={t('settings.captureFilter')}
          hint={t('settings.captureFilterHint')}
          error={fieldError('captureFilter')}
          type="text"
          className="mono"
          spellCheck={false}
          value={draft.captureFilter}
          onValueChange={(value) => setDraft({ ...draft, captureFilter: value })}
        />
        <InputField
          label={t('settings.frameStoreLimit')}
          hint={t('settings.frameStoreLimitHint')}
          error={fieldError('frameStoreLimit')}
          type="number"
          min={1000}
          max={10_000_000}
          step={1000}
          value={draft.frameStoreLimit}
          onValueChange={(value) => setDraft({ ...draft, frameStoreLimit: value })}
        />
        <ErrorNotice error={saveError} action={t('settings.saveFailed')} />
        <div className="row">
          <button type="submit" className="primary" disabled={saving || !checked.value}>
            {t('settings.save')}
          </button>
          {savedAt !== undefined && (
            <span role="status" className="muted">
              {t('settings.saved')}
            </span>
          )}
        </div>
      </form>
      <ProductsSection />
    </div>
  )
}
