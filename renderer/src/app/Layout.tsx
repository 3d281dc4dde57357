import { useTranslation } from 'react-i18next'
import { ConnectionBanner } from './ConnectionBanner'
import { hrefFor, useHashSegments } from './hash-route'
import { DEFAULT_ROUTE, routes } from './routes'
import { StationHeader, UnavailableRadios } from './StationHeader'
import './Layout.css'

export function Layout() {
  const { t } = useTranslation()
  const [first = DEFAULT_ROUTE, ...params] = useHashSegments()
  const route = routes.find((entry) => entry.path === first)
  return (
    <div className="app-layout">
      <a className="skip-link" href="#page-content">
        {t('nav.skipToContent')}
      </a>
      <StationHeader />
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {routes.map((entry) => (
            <li key={entry.path}>
              <a href={hrefFor(entry.path)} aria-current={entry === route ? 'page' : undefined}>
                {t(entry.labelKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="app-main" id="page-content" tabIndex={-1}>
        <ConnectionBanner />
        <UnavailableRadios />
        {route ? (
          <route.Page key={route.path} params={params} />
        ) : (
          <div className="notice" role="alert">
            {t('nav.notFound')} <a href={hrefFor(DEFAULT_ROUTE)}>{t('nav.provision')}</a>
          </div>
        )}
      </main>
    </div>
  )
}
