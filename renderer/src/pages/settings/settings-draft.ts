import { Settings } from '../../../../preload/contract'
import type { LanguageSetting } from '../../i18n/language'
import type { FieldProblem } from '../provision/wifi-validation'

/** The Settings form as typed: numbers stay text until saved, so a half-typed value is not lost or coerced. */
export interface SettingsDraft {
  language: LanguageSetting
  confirmTimeoutS: string
  captureInterface: string
  captureFilter: string
  frameStoreLimit: string
}

export function settingsDraftFrom(settings: Settings): SettingsDraft {
  return {
    language: settings.language,
    confirmTimeoutS: String(settings.confirmTimeoutMs / 1000),
    captureInterface: settings.captureInterface ?? '',
    captureFilter: settings.captureFilter ?? '',
    frameStoreLimit: String(settings.frameStoreLimit),
  }
}

/** Checks the draft against the contract's own Settings schema and names the field that is wrong. */
export function validateSettingsDraft(draft: SettingsDraft): {
  value: Settings | undefined
  problems: Partial<Record<keyof SettingsDraft, FieldProblem>>
} {
  const problems: Partial<Record<keyof SettingsDraft, FieldProblem>> = {}
  const seconds = Number(draft.confirmTimeoutS)
  const confirmTimeoutMs = Math.round(seconds * 1000)
  const frameStoreLimit = Number(draft.frameStoreLimit)
  const candidate = {
    language: draft.language,
    confirmTimeoutMs,
    frameStoreLimit,
    // Sent even when empty: settings.set only changes the fields it is given, so omitting one could not clear it.
    captureInterface: draft.captureInterface.trim(),
    captureFilter: draft.captureFilter.trim(),
  }
  const parsed = Settings.safeParse(candidate)
  if (parsed.success && draft.confirmTimeoutS.trim() !== '' && draft.frameStoreLimit.trim() !== '') {
    return { value: parsed.data, problems }
  }
  const fields = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])))
  if (draft.confirmTimeoutS.trim() === '' || fields.has('confirmTimeoutMs')) {
    problems.confirmTimeoutS = { key: 'validation.confirmTimeoutRange', values: { min: 1, max: 900 } }
  }
  if (draft.frameStoreLimit.trim() === '' || fields.has('frameStoreLimit')) {
    problems.frameStoreLimit = { key: 'validation.frameStoreLimitRange', values: { min: 1000, max: 10_000_000 } }
  }
  if (fields.has('captureInterface')) problems.captureInterface = { key: 'validation.tooLong', values: { max: 64 } }
  if (fields.has('captureFilter')) problems.captureFilter = { key: 'validation.tooLong', values: { max: 500 } }
  return { value: undefined, problems }
}
