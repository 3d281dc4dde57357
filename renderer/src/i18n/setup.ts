import { createInstance, type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { UiLanguage } from './language'
import { en } from './resources/en'
import { zhCN } from './resources/zh-CN'

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const

/** One i18next instance per app; resources are bundled, so it is ready synchronously. */
export function createI18n(language: UiLanguage): i18n {
  const instance = createInstance()
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  })
  return instance
}
