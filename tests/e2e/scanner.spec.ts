import { expect, test } from '@playwright/test'
import { LAB_PASSWORD, LAB_SSID, expectSessionOutcome, maskedScreenshot, stationUrl, timelineBars } from './flows'

// The Scanner page against the lab station: the Breeze devices of the default scenario appear live with product id,
// flags and an RSSI trend; filter and sort work; "Provision" opens the Provision page with the device picked, and
// ble-config runs to success from there.
const BULB = '02:00:1c:00:00:01'
const PLUG = '02:00:1c:00:00:02'

test.describe('Scanner page (lab)', () => {
  test('lists lab BLE devices live, filters and sorts them, and provisions one', async ({ page }, testInfo) => {
    await page.goto(stationUrl())
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Scanner' }).click()
    await expect(page.getByRole('heading', { name: 'Bluetooth LE scanner' })).toBeVisible()
    const start = page.getByRole('button', { name: 'Start scanning' })
    const stop = page.getByRole('button', { name: 'Stop scanning' })
    if (await start.isVisible()) await start.click()
    await expect(stop).toBeVisible()

    const list = page.getByRole('region', { name: 'Bluetooth LE devices heard' })
    const bulb = list.locator(`tr[data-address="${BULB}"]`)
    const plug = list.locator(`tr[data-address="${PLUG}"]`)
    await expect(bulb).toBeVisible()
    await expect(plug).toBeVisible()
    await expect(bulb).toContainText('4215301')
    await expect(bulb).toContainText('secret per product')
    await expect(plug).toContainText('secret per device')
    await expect(bulb).toContainText(/-\d+ dBm/)
    // The trend line grows as pushes arrive (two a second at most).
    const trend = bulb.getByRole('img', { name: /RSSI trend/ })
    await expect(trend).toHaveAttribute('aria-label', /over ([3-9]|\d\d+) samples/, { timeout: 15_000 })
    await expect(trend.locator('polyline')).toHaveCount(1)

    await page.getByRole('searchbox', { name: 'Filter' }).fill('4215302')
    await expect(plug).toBeVisible()
    await expect(bulb).toHaveCount(0)
    await page.getByRole('searchbox', { name: 'Filter' }).fill('')
    await page.getByLabel('Breeze (ble-config) devices only').check()
    await page.getByLabel('Sort by').selectOption('address')
    await expect(list.locator('tbody tr').first()).toHaveAttribute('data-address', BULB)
    await page.getByLabel('Sort by').selectOption('product')
    await expect(list.locator('tbody tr').nth(1)).toHaveAttribute('data-address', PLUG)
    await maskedScreenshot(page, testInfo, 'scanner')

    await bulb.getByRole('button', { name: /^Provision/ }).click()
    await expect(page.getByRole('heading', { name: 'Provision a device' })).toBeVisible()
    await expect(page.getByRole('radio', { name: /Bluetooth-assisted/ })).toBeChecked()
    await expect(page.getByLabel('Device', { exact: true })).toHaveValue('bulb-1')
    await page.getByLabel('SSID', { exact: true }).fill(LAB_SSID)
    await page.getByLabel('Password', { exact: true }).fill(LAB_PASSWORD)
    await page.getByRole('button', { name: 'Start', exact: true }).click()
    await expectSessionOutcome(page, 'succeeded')
    const bars = await timelineBars(page.getByRole('region', { name: 'Current session' }))
    expect(bars.length).toBe(10)
    expect(bars.every((bar) => bar.outcome === 'succeeded')).toBe(true)
    expect(await page.locator('body').innerText()).not.toContain(LAB_PASSWORD)
    await maskedScreenshot(page, testInfo, 'ble-config-succeeded')

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Scanner' }).click()
    await page.getByRole('button', { name: 'Stop scanning' }).click()
    await expect(page.getByRole('button', { name: 'Start scanning' })).toBeVisible()
  })
})
