import { expect, test } from '@playwright/test'
import { maskedScreenshot } from './flows'
import { startStation, type RunningStation } from './station-process'

// Settings → Products: a support engineer saves the product of a real device; the secret goes to main and never
// comes back to the page, a bad product id is said plainly before anything is sent, and the product can be removed.

const SECRET = 'p7Rk2LmQ9xVb4NzA'
let station: RunningStation

test.beforeAll(async () => {
  station = await startStation()
})
test.afterAll(async () => station?.stop())

test('Settings: save a product with its secret, see only that it is saved, refuse a bad id, remove it', async ({ page }, testInfo) => {
  await page.goto(station.url)
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Products (real devices)' })
  const table = section.getByRole('table', { name: 'Products' })
  // The lab scenario's products are listed, read-only.
  await expect(table.getByRole('row').filter({ hasText: 'Lab scenario' }).first()).toBeVisible()

  const form = section.getByRole('form', { name: 'Add or update a product' })
  await form.getByLabel('Product key').fill('a1RealPlug')
  await form.getByLabel('Model').fill('Real plug')
  await form.getByLabel('BLE product id').fill('0xZZ')
  await expect(form.getByRole('alert')).toHaveText(/number from 0 to 4294967295/)
  await expect(form.getByRole('button', { name: 'Save product' })).toBeDisabled()
  await form.getByLabel('BLE product id').fill('0x2a')
  await form.getByLabel('Product secret').fill(SECRET)
  await maskedScreenshot(page, testInfo, 'products-form')
  await form.getByRole('button', { name: 'Save product' }).click()

  const row = table.getByRole('row').filter({ hasText: 'a1RealPlug' })
  await expect(row).toContainText('Real plug')
  await expect(row).toContainText('42 (0x2a)')
  await expect(row).toContainText('Saved')
  // Main has it; the page kept nothing: the field is cleared and the secret is nowhere in the document.
  await expect(form.getByLabel('Product secret')).toHaveValue('')
  expect(await page.content()).not.toContain(SECRET)

  // A lab product cannot be overwritten from here: main says why, and the form keeps what was typed but the secret.
  const labKey = await table.getByRole('row').filter({ hasText: 'Lab scenario' }).first().getByRole('cell').first().textContent()
  await form.getByLabel('Product key').fill(labKey!.trim())
  await form.getByLabel('Product secret').fill('another-secret-123')
  await form.getByRole('button', { name: 'Save product' }).click()
  await expect(section.getByRole('alert').filter({ hasText: 'Could not save the product.' })).toContainText('scenario')
  await expect(form.getByLabel('Product key')).toHaveValue(labKey!.trim())
  await expect(form.getByLabel('Product secret')).toHaveValue('')

  await row.getByRole('button', { name: 'Remove' }).click()
  await expect(table.getByRole('row').filter({ hasText: 'a1RealPlug' })).toHaveCount(0)
})
