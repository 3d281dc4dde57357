import { expect, test, type WebSocketRoute } from '@playwright/test'
import {
  LAB_PASSWORD,
  expectQrShown,
  expectSessionOutcome,
  maskedScreenshot,
  setCameraScanDelay,
  startWebcamSession,
  stationUrl,
  timelineBars,
} from './flows'

test.describe('headless station in chromium', () => {
  test('the access token leaves the address bar and the header shows the lab station', async ({ page }) => {
    await page.goto(stationUrl())
    await expect(page.getByTestId('profile')).toContainText('Virtual lab')
    await expect(page.getByTestId('shell')).toContainText('Headless station')
    expect(page.url()).not.toContain('token=')
    // The token survives a reload through sessionStorage.
    await page.reload()
    await expect(page.getByTestId('profile')).toContainText('Virtual lab')
    await expect(page.getByRole('status').filter({ hasText: 'access token' })).toHaveCount(0)
  })

  test('webcam-config on the lab: big QR, masked payload, succeeded on the timeline', async ({ page }, testInfo) => {
    await page.goto(stationUrl())
    await setCameraScanDelay(page, 5_000)
    await startWebcamSession(page, LAB_PASSWORD)
    await expectQrShown(page, LAB_PASSWORD)
    await expectSessionOutcome(page, 'succeeded')
    const live = page.getByRole('region', { name: 'Current session' })
    const bars = await timelineBars(live)
    expect(bars.length).toBeGreaterThanOrEqual(3)
    expect(bars.every((bar) => bar.outcome === 'succeeded')).toBe(true)
    await expect(live.getByRole('region', { name: 'Failure cause' })).toHaveCount(0)
    await maskedScreenshot(page, testInfo, 'webcam-succeeded')
  })

  test('a wrong password ends failed, with the cause, advice and evidence shown', async ({ page }, testInfo) => {
    await page.goto(stationUrl())
    await startWebcamSession(page, 'not-the-lab-password')
    await expectSessionOutcome(page, 'failed')
    const cause = page.getByRole('region', { name: 'Current session' }).getByRole('region', { name: 'Failure cause' })
    await expect(cause).toBeVisible()
    await expect(cause.getByRole('heading')).not.toBeEmpty()
    await expect(cause.getByText('What to do')).toBeVisible()
    const bars = await timelineBars(page.getByRole('region', { name: 'Current session' }))
    expect(bars.some((bar) => bar.outcome === 'failed')).toBe(true)
    await maskedScreenshot(page, testInfo, 'webcam-wrong-password')
  })

  test('client-side validation keeps what was typed and starts nothing', async ({ page }) => {
    await page.goto(stationUrl())
    await page.getByRole('radio', { name: /Camera QR code/ }).check()
    const ssid = page.getByLabel('SSID', { exact: true })
    const tooLong = '路由器'.repeat(4) // 36 bytes in UTF-8
    await ssid.fill(tooLong)
    await page.getByLabel('BSSID (optional)').fill('12:34')
    await page.getByRole('button', { name: 'Start', exact: true }).click()
    await expect(page.getByText('The SSID is 36 bytes in UTF-8; at most 32 are allowed.')).toBeVisible()
    await expect(page.getByText('A BSSID has 12 hex digits; this one has 4.')).toBeVisible()
    await expect(ssid).toHaveValue(tooLong)
    await expect(ssid).toBeFocused()
    await expect(page.getByRole('region', { name: 'Current session' })).toHaveCount(0)
  })

  test('main’s own invalid-input issues appear next to the field, and nothing typed is lost', async ({ page }) => {
    // Stand-in for a rule main enforces that the form does not: the outgoing sessions.start is given an SSID main
    // must refuse, so the reply, its issues and their paths are main's own.
    await page.routeWebSocket(/\/ws\?token=/, (socket) => {
      const server = socket.connectToServer()
      socket.onMessage((frame) => {
        const message = JSON.parse(String(frame)) as { t: string; name?: string; input?: { target?: { ssid?: string } } }
        if (message.t === 'call' && message.name === 'sessions.start' && message.input?.target) {
          message.input.target.ssid = 'x'.repeat(33)
          server.send(JSON.stringify(message))
        } else server.send(frame)
      })
    })
    await page.goto(stationUrl())
    await page.getByRole('radio', { name: /Camera QR code/ }).check()
    await page.getByLabel('SSID', { exact: true }).fill('LabNet')
    const password = page.getByLabel('Password', { exact: true })
    await password.fill(LAB_PASSWORD)
    await page.getByRole('button', { name: 'Start', exact: true }).click()
    const ssidField = page.locator('.form-field').filter({ has: page.getByLabel('SSID', { exact: true }) })
    await expect(ssidField.getByRole('alert')).toContainText('SSID must be 1 to 32 bytes')
    await expect(page.getByLabel('SSID', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByLabel('SSID', { exact: true })).toHaveValue('LabNet')
    expect(await password.evaluate((input: HTMLInputElement, typed) => input.value === typed, LAB_PASSWORD)).toBe(true)
    await expect(page.getByRole('region', { name: 'Current session' })).toHaveCount(0)
    // Editing the field clears main's message for it.
    await page.getByLabel('SSID', { exact: true }).fill('LabNet2')
    await expect(ssidField.getByRole('alert')).toHaveCount(0)
  })

  test('Sessions lists both runs, filters by outcome, and shows a failed run’s timeline and cause', async ({ page }) => {
    await page.goto(stationUrl())
    await page.getByRole('link', { name: 'Sessions' }).click()
    const table = page.getByRole('table', { name: 'Session list' })
    await expect(table.getByRole('row').filter({ hasText: 'webcam-config' }).first()).toBeVisible()
    await page.getByLabel('Outcome').selectOption('failed')
    const rows = table.getByRole('row').filter({ hasText: 'webcam-config' })
    await expect(rows.first()).toBeVisible()
    await expect(rows.locator('[data-outcome]:not([data-outcome="failed"])')).toHaveCount(0)
    await expect(rows.locator('[data-outcome="failed"]').first()).toBeVisible()
    await rows.first().click()
    expect(page.url()).toMatch(/#\/sessions\/.+/)
    const detail = page.getByRole('region', { name: 'Session detail' })
    await expect(detail.getByRole('region', { name: 'Failure cause' })).toBeVisible()
    const bars = detail.getByRole('group', { name: 'Step timeline' }).locator('button.timeline-bar')
    await bars.last().click()
    await expect(detail.locator('.timeline-detail')).toContainText('Duration')
  })

  test('Lab: a knob changes live, and a device can be added and removed', async ({ page }) => {
    await page.goto(stationUrl())
    await page.getByRole('link', { name: 'Lab' }).click()
    const camera = page.getByRole('article', { name: 'Lab camera 1' })
    const delay = camera.getByRole('spinbutton', { name: 'Time to focus and decode (ms)' })
    await delay.fill('1200')
    await delay.press('Enter')
    await page.reload()
    await expect(page.getByRole('article', { name: 'Lab camera 1' }).getByRole('spinbutton', { name: 'Time to focus and decode (ms)' })).toHaveValue('1200')

    const label = `e2e camera ${Date.now()}`
    await page.getByLabel('Label', { exact: true }).fill(label)
    await page.getByRole('button', { name: 'Add device' }).click()
    const added = page.getByRole('article', { name: label })
    await expect(added).toBeVisible()
    await added.getByRole('button', { name: `Remove ${label}` }).click()
    await expect(added).toHaveCount(0)
  })

  test('Settings: switching to 简体中文 applies at once and is kept; auto follows the browser', async ({ page }) => {
    await page.goto(stationUrl())
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByLabel('Language').selectOption('zh-CN')
    const nav = page.getByRole('navigation')
    await expect(nav.getByRole('link', { name: '配网' })).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await page.reload()
    await expect(page.getByRole('navigation').getByRole('link', { name: '设置' })).toBeVisible()
    await page.getByLabel('语言').selectOption('auto')
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Settings' })).toBeVisible()
  })

  test('a dropped connection shows the banner, reconnects, and re-reads what changed meanwhile', async ({ page, browser }) => {
    const label = `added while offline ${Date.now()}`
    let accept = true
    const routes: WebSocketRoute[] = []
    await page.routeWebSocket(/\/ws\?token=/, (socket) => {
      routes.push(socket)
      if (accept) socket.connectToServer()
      else void socket.close({ code: 4000, reason: 'station unreachable (test)' })
    })
    await page.goto(stationUrl())
    await page.getByRole('link', { name: 'Lab' }).click()
    await expect(page.getByRole('article', { name: 'Lab camera 1' })).toBeVisible()

    accept = false
    await routes[0].close({ code: 4000, reason: 'dropped (test)' })
    const banner = page.getByRole('status').filter({ hasText: 'Connection to the station lost' })
    await expect(banner).toBeVisible()
    await expect(banner.getByRole('button', { name: 'Retry now' })).toBeVisible()

    // While this page is cut off, another window adds a device; its lab.updated event never reaches this page.
    const other = await browser.newPage()
    await other.goto(stationUrl())
    await other.getByRole('link', { name: 'Lab' }).click()
    await other.getByLabel('Label', { exact: true }).fill(label)
    await other.getByRole('button', { name: 'Add device' }).click()
    await expect(other.getByRole('article', { name: label })).toBeVisible()

    accept = true
    // The back-off timer may reconnect before the click lands; either way the banner must go.
    await banner
      .getByRole('button', { name: 'Retry now' })
      .click({ timeout: 2_000 })
      .catch(() => undefined)
    await expect(banner).toHaveCount(0)
    await expect(page.getByRole('article', { name: label })).toBeVisible()
    await page.getByRole('button', { name: `Remove ${label}` }).click()
    await expect(other.getByRole('article', { name: label })).toHaveCount(0)
    await other.close()
  })

  test('a wrong token is refused with a clear message instead of retrying forever', async ({ page }) => {
    const url = new URL(stationUrl())
    url.searchParams.set('token', 'wrong-token')
    await page.goto(url.toString())
    await expect(page.getByRole('status').filter({ hasText: 'did not accept this page’s access token' })).toBeVisible()
  })
})
