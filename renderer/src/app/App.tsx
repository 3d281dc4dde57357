import type { i18n } from 'i18next'
import { I18nextProvider } from 'react-i18next'
import { ClientProvider } from '../client/hooks'
import type { StationClient } from '../client/station-client'
import { Layout } from './Layout'
import { SettingsProvider } from './settings-context'
import { StationInfoProvider } from './station-info'

export function App({ client, i18n }: { client: StationClient; i18n: i18n }) {
  return (
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={client}>
        <SettingsProvider>
          <StationInfoProvider>
            <Layout />
          </StationInfoProvider>
        </SettingsProvider>
      </ClientProvider>
    </I18nextProvider>
  )
}
