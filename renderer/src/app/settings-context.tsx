import { createContext, useCallback, useContext, useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Settings } from '../../../preload/contract'
import { useClient, useCommand } from '../client/hooks'
import type { ContractCallError } from '../client/contract-error'
import { resolveLanguage } from '../i18n/language'

interface SettingsState {
  settings: Settings | undefined
  error: ContractCallError | undefined
  save(changes: Partial<Settings>): Promise<Settings>
}

const SettingsContext = createContext<SettingsState | null>(null)

/** Loads the station's settings and keeps the UI language in step with them. */
export function SettingsProvider({ children }: { children: ReactNode }) {
  const client = useClient()
  const { i18n } = useTranslation()
  const { data, error, setData } = useCommand('settings.get', {})

  useEffect(() => {
    const language = resolveLanguage(data?.language, navigator.language)
    if (i18n.language !== language) void i18n.changeLanguage(language)
  }, [data?.language, i18n])

  useEffect(() => {
    const apply = (language: string) => {
      document.documentElement.lang = language
    }
    apply(i18n.language)
    i18n.on('languageChanged', apply)
    return () => i18n.off('languageChanged', apply)
  }, [i18n])

  const save = useCallback(
    async (changes: Partial<Settings>) => {
      const saved = await client.call('settings.set', changes)
      setData(() => saved)
      return saved
    },
    [client, setData],
  )

  return <SettingsContext.Provider value={{ settings: data, error, save }}>{children}</SettingsContext.Provider>
}

export function useSettings(): SettingsState {
  const state = useContext(SettingsContext)
  if (!state) throw new Error('useSettings outside SettingsProvider')
  return state
}
