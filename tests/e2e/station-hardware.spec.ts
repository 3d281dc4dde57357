import { expect, test } from '@playwright/test'
import { startStation, type RunningStation } from './station-process'

// This machine has no Bluetooth or Wi-Fi radio, so a hardware-profile station reports them unavailable: the UI must
// say which, why, and what to do, in the header and under it.
let station: Pick<RunningStation, 'url' | 'stop'> | undefined

test.beforeAll(async () => {
  // As for the lab station, a running one can be named for debugging.
  const given = process.env.PROVBENCH_E2E_HARDWARE_URL
  station = given ? { url: given, stop: async () => {} } : await startStation(['--profile', 'hardware', '--lan-port', '0'])
})
test.afterAll(async () => {
  await station?.stop()
})

test('hardware profile: every unavailable radio shows its reason and remedy', async ({ page }) => {
  await page.goto(station!.url)
  await expect(page.getByTestId('profile')).toContainText('Hardware')
  const radios = page.getByRole('list', { name: 'Radios' })
  const unavailable = radios.getByRole('button', { name: /radio: unavailable$/ })
  await expect(unavailable.first()).toBeVisible()
  // Driver probes answer one by one (each in its own child process): count once none is still being checked.
  await expect(radios.getByRole('button', { name: /radio: checking$/ })).toHaveCount(0, { timeout: 30_000 })
  const count = await unavailable.count()
  expect(count).toBeGreaterThan(0)

  const summary = page.locator('.unavailable-radios')
  await expect(summary.locator('summary')).toHaveText(`Radios unavailable: ${count} (reasons and remedies)`)
  await summary.locator('summary').click()
  await expect(summary.getByRole('listitem')).toHaveCount(count)
  for (const item of await summary.getByRole('listitem').all()) await expect(item).toContainText('Remedy:')

  await unavailable.first().click()
  const panel = page.getByRole('region', { name: /radio details$/ })
  await expect(panel.getByText('Reason', { exact: true })).toBeVisible()
  await expect(panel.getByText('Remedy', { exact: true })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(panel).toHaveCount(0)
})
