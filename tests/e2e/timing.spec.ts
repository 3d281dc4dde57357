import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import type { TimingReport } from '../../preload/contract'
import { SessionStore } from '../../main/sessions/store'
import { formatDuration } from '../../renderer/src/i18n/format'
import { insertSessions, syntheticSessions } from '../unit/stats/synthetic-sessions'
import { expectSessionOutcome, startWebcamSession } from './flows'
import { projectRoot, startStation, type RunningStation } from './station-process'

// The Timing view on a station of its own holding 10,000 stored sessions plus one real lab failure: the charts come
// from main's aggregates (the same numbers `provbench stats --json` prints), filters and A/B narrow them, failures
// by cause lead to a session with its cause and evidence, and its support bundle downloads and opens again offline.

const WRONG_PASSWORD = 'not-the-lab-pass-42'
const SYNTHETIC = 10_000
let station: RunningStation

test.beforeAll(async () => {
  station = await startStation()
  const store = SessionStore.open(station.dataDir)
  try {
    insertSessions(store.db, syntheticSessions({ count: SYNTHETIC, seed: 11 }))
  } finally {
    store.close()
  }
})
test.afterAll(async () => station?.stop())

function cliStats(...args: string[]): TimingReport {
  return JSON.parse(execFileSync(process.execPath, ['bin/provbench.mjs', 'stats', '--data-dir', station.dataDir, '--json', ...args], { cwd: projectRoot, encoding: 'utf8' }))
}

async function openTiming(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Timing' }).click()
  await expect(page.getByRole('heading', { name: 'Timing', level: 1 })).toBeVisible()
}

test('Timing: charts of 10,000 sessions, filters, A/B, failures by cause to a session, its bundle out and back in', async ({ page }, testInfo) => {
  test.setTimeout(180_000)
  await page.goto(station.url)
  // One real failure on the lab, through the Provision page, so there is a session with frames and evidence.
  await startWebcamSession(page, WRONG_PASSWORD)
  await expectSessionOutcome(page, 'failed')

  await openTiming(page)
  const all = cliStats()
  expect(all.sessions).toBe(SYNTHETIC + 1)
  await expect(page.getByTestId('timing-count')).toHaveText(`${all.sessions} sessions match`)

  // Distribution: bars and the p50/p90 lines drawn, the quantiles the CLI computed, formatted as the UI does.
  const distribution = page.getByTestId('distribution-chart')
  await expect(distribution.locator('.recharts-bar-rectangle').first()).toBeVisible()
  expect(await distribution.locator('.recharts-reference-line').count()).toBe(2 * all.distribution.methods.length)
  for (const m of all.distribution.methods) {
    await expect(page.getByTestId(`p50-${m.method}`)).toHaveText(formatDuration(m.quantiles!.p50, 'en'))
    await expect(page.getByTestId(`p90-${m.method}`)).toHaveText(formatDuration(m.quantiles!.p90, 'en'))
  }
  for (const s of all.success) await expect(page.getByTestId(`rate-${s.method}`)).toHaveText(`${(s.rate! * 100).toFixed(1)} %`)
  // Stacked steps: one bar segment per (method, step) with time in it; success over time has a line per method.
  const segments = all.steps.reduce((n, b) => n + b.steps.filter((s) => s.meanMs >= 1).length, 0)
  await expect(page.getByTestId('steps-chart').locator('.recharts-bar-rectangle')).toHaveCount(segments)
  await expect(page.getByTestId('success-over-time-chart').locator('.recharts-line')).toHaveCount(all.success.length)
  await page.screenshot({ path: testInfo.outputPath('timing-charts.png'), fullPage: true })

  // Filters: lab or hardware and a method narrow the aggregates exactly as the CLI filter does.
  await page.getByRole('form', { name: 'Filters' }).getByLabel('Method').selectOption({ label: 'Bluetooth-assisted' })
  await page.getByRole('form', { name: 'Filters' }).getByLabel('Lab or hardware').selectOption('hardware')
  const narrowed = cliStats('--method', 'ble-config', '--profile', 'hardware')
  await expect(page.getByTestId('timing-count')).toHaveText(`${narrowed.sessions} sessions match`)
  await expect(page.getByTestId('p50-ble-config')).toHaveText(formatDuration(narrowed.distribution.methods[0].quantiles!.p50, 'en'))
  await page.getByRole('button', { name: 'Reset filters' }).click()
  await expect(page.getByTestId('timing-count')).toHaveText(`${all.sessions} sessions match`)

  // A/B on the model that supports both smart-config and BLE.
  const ab = page.getByRole('region', { name: 'A/B: two methods on one device model' })
  await ab.getByLabel('Device model').selectOption('Combo Bulb B3')
  await ab.getByLabel('Method A').selectOption('smart-config')
  await ab.getByLabel('Method B').selectOption('ble-config')
  await expect(ab.getByTestId('ab-chart').locator('.recharts-bar-rectangle').first()).toBeVisible()
  await expect(ab.getByTestId('ab-summary')).toContainText('faster at the median')

  // Failures by cause: the real lab failure is the newest wrong-password failure of webcam-config.
  const failures = page.getByRole('table', { name: 'Failed sessions counted by cause and method' })
  const wrongPassword = all.failures.find((f) => f.method === 'webcam-config' && f.causeId === 'wifi.wrong-password')!
  await failures.getByRole('button', { name: `${wrongPassword.count} sessions of Camera QR code failed with “Wrong Wi-Fi password”: show them` }).click()
  const detail = page.getByTestId('timing-session-detail')
  const cause = detail.getByRole('region', { name: 'Failure cause' })
  await expect(cause).toContainText('Wrong Wi-Fi password')
  await expect(cause).toContainText('EAPOL 2/4')
  await expect(cause).toContainText('EAPOL 3/4, EAPOL 4/4')
  await expect(detail.getByRole('group', { name: 'Step timeline' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('timing-failure-detail.png'), fullPage: true })

  // The support bundle downloads, holds no password, and opens again with its timeline and frames.
  const downloading = page.waitForEvent('download')
  await detail.getByRole('button', { name: 'Export support bundle' }).click()
  const download = await downloading
  const file = testInfo.outputPath(download.suggestedFilename())
  await download.saveAs(file)
  expect(download.suggestedFilename()).toMatch(/^provbench-webcam-config-.+\.tar$/)
  const bytes = readFileSync(file)
  expect(bytes.includes(Buffer.from(WRONG_PASSWORD)), 'the bundle must not contain the typed password').toBe(false)
  expect(bytes.includes(Buffer.from('provbench-lab')), 'the bundle must not contain the router password').toBe(false)

  await page.getByRole('navigation', { name: 'Timing views' }).getByRole('link', { name: 'Open a bundle' }).click()
  await page.getByLabel('Bundle file').setInputFiles(file)
  const opened = page.getByTestId('opened-bundle')
  await expect(opened.getByRole('region', { name: 'Failure cause' })).toContainText('Wrong Wi-Fi password')
  await expect(opened.getByRole('group', { name: 'Step timeline' }).locator('button.timeline-bar')).not.toHaveCount(0)
  await expect(opened.getByTestId('bundle-frame-summary')).toContainText('frames from lab-air')
  const frames = opened.getByRole('table', { name: 'Frames in the bundle' })
  await expect(frames.getByRole('cell', { name: 'Beacon', exact: true }).first()).toBeVisible()
  await expect(frames.getByRole('cell', { name: 'Deauthentication', exact: true }).first()).toBeVisible()
  await expect(opened.getByRole('list', { name: 'Adapters' })).toContainText('Wi-Fi')
  await page.screenshot({ path: testInfo.outputPath('timing-bundle.png'), fullPage: true })

  // A file that is not a bundle is refused with the reason.
  await page.getByLabel('Bundle file').setInputFiles({ name: 'junk.tar', mimeType: 'application/x-tar', buffer: Buffer.from('junk') })
  await expect(page.getByRole('alert')).toContainText('Not a Provbench support bundle')
})
