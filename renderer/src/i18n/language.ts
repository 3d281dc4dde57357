import type { Language } from '../../../preload/contract'

export type UiLanguage = Language
export type LanguageSetting = 'auto' | UiLanguage

export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'zh-CN']

/** `auto` follows the OS / browser language: any Chinese tag shows Simplified Chinese, everything else English. */
export function resolveLanguage(setting: LanguageSetting | undefined, systemLanguage: string | undefined): UiLanguage {
  if (setting && setting !== 'auto') return setting
  return systemLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}
