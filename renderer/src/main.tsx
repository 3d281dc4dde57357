import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { createStationClient } from './client/station-client'
import { resolveLanguage } from './i18n/language'
import { createI18n } from './i18n/setup'
import './styles/base.css'

// Until settings arrive from main the UI follows the OS language; SettingsProvider switches if they say otherwise.
const client = createStationClient(window)
const i18n = createI18n(resolveLanguage('auto', navigator.language))

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} i18n={i18n} />
  </StrictMode>,
)
