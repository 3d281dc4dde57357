import type { ComponentType } from 'react'
import { FramesPage } from '../pages/frames/FramesPage'
import { LabPage } from '../pages/lab/LabPage'
import { ProvisionPage } from '../pages/provision/ProvisionPage'
import { ScannerPage } from '../pages/scanner/ScannerPage'
import { SessionsPage } from '../pages/sessions/SessionsPage'
import { SettingsPage } from '../pages/settings/SettingsPage'
import { TimingPage } from '../pages/timing/TimingPage'

export interface PageProps {
  /** Hash path segments after the page's own, e.g. the session id in #/sessions/<id>. */
  params: string[]
}

export interface PageRoute {
  /** First hash segment, e.g. "sessions" for #/sessions. */
  path: string
  /** i18n key of the navigation label (add it to both resources/en.ts and resources/zh-CN.ts). */
  labelKey: string
  Page: ComponentType<PageProps>
}

/** Adding a page is one entry here (Frames, Timing, Batch and Scanner go between Lab and Settings). */
export const routes: readonly PageRoute[] = [
  { path: 'provision', labelKey: 'nav.provision', Page: ProvisionPage },
  { path: 'sessions', labelKey: 'nav.sessions', Page: SessionsPage },
  { path: 'lab', labelKey: 'nav.lab', Page: LabPage },
  { path: 'frames', labelKey: 'nav.frames', Page: FramesPage },
  { path: 'scanner', labelKey: 'nav.scanner', Page: ScannerPage },
  { path: 'timing', labelKey: 'nav.timing', Page: TimingPage },
  { path: 'settings', labelKey: 'nav.settings', Page: SettingsPage },
]

export const DEFAULT_ROUTE = 'provision'
