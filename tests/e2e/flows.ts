import { expect, type Locator, type Page, type TestInfo } from '@playwright/test'

// The user's steps, shared by the browser (headless station) and Electron e2e tests.
export const LAB_SSID = 'LabNet'
export const LAB_PASSWORD = 'provbench-lab'
export const LAB_CAMERA = 'Lab camera 1'

export function stationUrl(): string {
  const url = process.env.PROVBENCH_E2E_URL
  if (!url) throw new Error('PROVBENCH_E2E_URL is not set: the global setup did not start the station.')
  return url
}

/** Secrets on screen: the password field and the QR (which encodes the password). */
export function secretAreas(page: Page): Locator[] {
  return [page.locator('input[data-secret]'), page.locator('img.qr-image')]
}

/** Screenshots for the report, with every secret masked. */
export async function maskedScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true, mask: secretAreas(page), animations: 'disabled' })
}

/**
 * The lab camera decodes the QR 400 ms after it appears by default; a slower camera keeps the QR on screen long
 * enough for the test to inspect it before the session ends and the UI takes it down.
 */
export async function setCameraScanDelay(page: Page, ms: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Lab' }).click()
  const delay = page.getByRole('article', { name: LAB_CAMERA }).getByRole('spinbutton', { name: 'Time to focus and decode (ms)' })
  await delay.fill(String(ms))
  await delay.press('Enter')
  await expect(delay).toHaveValue(String(ms))
}

export async function startWebcamSession(page: Page, password: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Provision' }).click()
  await page.getByRole('radio', { name: /Camera QR code/ }).check()
  await page.getByLabel('SSID', { exact: true }).fill(LAB_SSID)
  await page.getByLabel('Password', { exact: true }).fill(password)
  const devicePicker = page.getByLabel('Device', { exact: true })
  await expect(devicePicker.locator('option', { hasText: LAB_CAMERA })).toHaveCount(1)
  const value = await devicePicker.locator('option', { hasText: LAB_CAMERA }).getAttribute('value')
  await devicePicker.selectOption(value!)
  await page.getByRole('button', { name: 'Start', exact: true }).click()
}

/**
 * The QR is a loaded image at least 320 px square, and the payload beside it names the SSID but not the password.
 * Read in one step inside the page: the QR is taken down the moment the session ends, which on a loaded machine
 * can fall between two separate reads.
 */
export async function expectQrShown(page: Page, password: string): Promise<void> {
  const seen = await page.waitForFunction(
    ({ password, ssid }) => {
      const img = document.querySelector<HTMLImageElement>('img.qr-image')
      const payload = document.querySelector('[data-testid="qr-payload"]')
      if (!img || !payload || !img.complete || img.naturalWidth === 0) return undefined
      const box = img.getBoundingClientRect()
      const text = payload.textContent ?? ''
      return {
        alt: img.alt,
        src: img.src.slice(0, 22),
        width: box.width,
        height: box.height,
        naturalWidth: img.naturalWidth,
        payloadNamesSsid: text.includes(`"${ssid}"`),
        // Booleans only, so a failure cannot print the password in the report.
        payloadHasPassword: text.includes(password),
        pageHasPassword: document.body.innerText.includes(password),
      }
    },
    { password, ssid: LAB_SSID },
    { polling: 50 },
  )
  const qr = (await seen.jsonValue())!
  expect(qr.alt).toBe('Wi-Fi provisioning QR code')
  expect(qr.src).toBe('data:image/png;base64,')
  expect(qr.width).toBeGreaterThanOrEqual(320)
  expect(qr.height).toBeGreaterThanOrEqual(320)
  expect(qr.naturalWidth).toBeGreaterThan(0)
  expect(qr.payloadNamesSsid).toBe(true)
  expect(qr.payloadHasPassword, 'the masked QR payload must not contain the password').toBe(false)
  expect(qr.pageHasPassword, 'no visible text may contain the password').toBe(false)
}

export async function expectSessionOutcome(page: Page, outcome: 'succeeded' | 'failed', timeout = 90_000): Promise<void> {
  await expect(page.getByRole('img', { name: 'Wi-Fi provisioning QR code' }), 'the QR is taken down when the session ends').toHaveCount(0, { timeout })
  await expect(page.getByTestId('session-outcome').locator('[data-outcome]')).toHaveAttribute('data-outcome', /^(running|succeeded|failed|cancelled|interrupted)$/)
  await expect(page.getByTestId('session-outcome').locator('[data-outcome]')).toHaveAttribute('data-outcome', outcome, { timeout })
  await expect(page.getByTestId('session-outcome')).toContainText(outcome)
}

/** Bars of the live session's timeline: name, attempt, outcome. */
export async function timelineBars(scope: Locator): Promise<{ label: string; outcome: string }[]> {
  const bars = scope.getByRole('group', { name: 'Step timeline' }).locator('button.timeline-bar')
  return bars.evaluateAll((nodes) => nodes.map((n) => ({ label: n.getAttribute('aria-label') ?? '', outcome: n.getAttribute('data-outcome') ?? '' })))
}
