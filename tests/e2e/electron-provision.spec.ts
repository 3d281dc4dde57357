import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron as electron, expect, test } from '@playwright/test'
import { LAB_PASSWORD, expectQrShown, expectSessionOutcome, setCameraScanDelay, startWebcamSession } from './flows'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The Electron binary's path, or why there is none (the runtime is downloaded by postinstall, which may fail). */
function electronRuntime(): { path: string } | { missing: string } {
  let binary: string
  try {
    binary = createRequire(import.meta.url)('electron') as string
  } catch (error) {
    return { missing: `require('electron') failed: ${(error as Error).message.split('\n')[0]}` }
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return { missing: `the Electron binary ${String(binary)} does not exist` }
  return { path: binary }
}

test('Electron app: the same webcam-config flow over IPC succeeds', async () => {
  const runtime = electronRuntime()
  test.skip('missing' in runtime, `Electron runtime not present (${'missing' in runtime ? runtime.missing : ''}); the headless-station tests cover the UI.`)
  if (!('path' in runtime)) return
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'provbench-electron-e2e-'))
  const app = await electron.launch({
    executablePath: runtime.path,
    args: [root, '--no-sandbox'],
    cwd: root,
    env: { ...process.env, PROVBENCH_DATA_DIR: dataDir },
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByTestId('shell')).toContainText('Desktop app')
    await setCameraScanDelay(page, 5_000)
    await startWebcamSession(page, LAB_PASSWORD)
    await expectQrShown(page, LAB_PASSWORD)
    await expectSessionOutcome(page, 'succeeded')
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
