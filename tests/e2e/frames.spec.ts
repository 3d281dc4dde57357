import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test, type Page } from '@playwright/test'
import { stationUrl } from './flows'

// The Frames view in chromium against the headless lab station: the lab air streams in, the filter narrows it, the
// detail tree and the hex view point at the same bytes, and an export downloads a pcapng that tshark reads.
const CAPTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/captures/aircrack-ng__test__test1.pcap')

async function openFrames(page: Page): Promise<void> {
  await page.goto(stationUrl())
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Frames' }).click()
  await expect(page.getByRole('heading', { name: 'Frames' })).toBeVisible()
}

const stored = async (page: Page) => Number(((await page.getByTestId('frames-stored').textContent()) ?? '0').split('/')[0].replace(/\D/g, ''))

test.describe('Frames view', () => {
  test('lab air: rows stream in, the filter narrows them, tree and hex view are linked, export opens in tshark', async ({ page }, testInfo) => {
    await openFrames(page)
    await page.getByRole('button', { name: 'Capture the lab air' }).click()
    await expect(page.getByText(/Lab air: lab air · capturing/)).toBeVisible()
    await expect.poll(() => stored(page)).toBeGreaterThan(20)

    // A filter that does not parse is explained next to the field, and the table keeps what it showed.
    await page.getByLabel('Filter', { exact: true }).fill('type=bacon')
    await page.getByRole('button', { name: 'Apply' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'unknown frame type "bacon"' })).toBeVisible()

    await page.getByLabel('Filter', { exact: true }).fill('type=beacon ssid=LabNet')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByLabel('Follow the newest frame').uncheck()
    const rows = page.getByRole('table', { name: 'Captured frames' }).locator('[data-frame-index]')
    await expect(rows.first()).toBeVisible()
    const infos = await rows.locator('.frame-info').allTextContents()
    expect(infos.length).toBeGreaterThan(3)
    for (const info of infos) expect(info).toMatch(/^Beacon, SN=\d+, SSID="LabNet"$/)

    await rows.nth(1).click()
    const detail = page.getByRole('region', { name: 'Frame detail' })
    const tree = detail.getByRole('tree', { name: 'Decoded fields' })
    await expect(tree.getByRole('treeitem').filter({ hasText: '802.11 header' }).first()).toBeVisible()
    await tree.getByRole('button', { name: /^SSID: "LabNet"/ }).click()
    const hex = detail.getByRole('region', { name: 'Frame bytes' })
    // The SSID element's bytes: id 0, length 6, "LabNet".
    await expect.poll(async () => (await hex.locator('.hex-byte.lit').allTextContents()).join('')).toBe('00064c61624e6574')
    // And back: a byte inside the BSSID field selects that field in the tree.
    await tree.getByRole('button', { name: /^802\.11 header/ }).click()
    const header = Number((await hex.getAttribute('data-highlight'))!.split('+')[0])
    await hex.locator(`[data-offset="${header + 16 + 2}"]`).click()
    await expect(tree.locator('li[aria-selected="true"]')).toHaveCount(1)
    await expect(tree.locator('li[aria-selected="true"] > .tree-line')).toContainText('Address 3 (BSSID)')
    await expect(hex).toHaveAttribute('data-highlight', `${header + 16}+6`)
    await page.screenshot({ path: testInfo.outputPath('frames-lab.png') })

    const downloadPromise = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Export filtered (pcapng)' }).click()
    const download = await downloadPromise
    expect(download.suggestedFilename()).toMatch(/^provbench-frames-.*\.pcapng$/)
    const file = testInfo.outputPath('export.pcapng')
    await download.saveAs(file)
    const note = await page.getByRole('status').filter({ hasText: 'frames exported' }).textContent()
    const exported = Number(note!.replace(/\D/g, ''))
    const read = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'wlan.fc.type_subtype', '-e', 'wlan.ssid'], { encoding: 'utf8' })
    expect(read.status).toBe(0)
    const lines = read.stdout.trim().split('\n')
    expect(lines).toHaveLength(exported)
    // Every exported frame is a beacon (0x0008) of LabNet (hex of the SSID bytes).
    for (const line of lines) expect(line).toBe(`0x0008\t${Buffer.from('LabNet').toString('hex')}`)

    await page.getByRole('button', { name: 'Stop' }).click()
    await expect(page.getByText(/Lab air: lab air · ended/)).toBeVisible()
  })

  test('an uploaded capture file is read in full; its frame count matches tshark', async ({ page }) => {
    test.skip(!existsSync(CAPTURE) && process.env.CI !== 'true', `needs ${CAPTURE}`)
    await openFrames(page)
    await page.getByLabel('Capture file to upload').setInputFiles(CAPTURE)
    await expect(page.getByText(/File: aircrack-ng__test__test1\.pcap · ended/)).toBeVisible()
    const count = spawnSync('tshark', ['-r', CAPTURE, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' }).stdout.trim().split('\n').length
    await expect.poll(() => stored(page)).toBe(count)
    await page.getByLabel('Provisioning-related only').check()
    await expect(page.getByTestId('frames-matching')).toHaveText('0')
  })
})
