import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, app, ipcMain, safeStorage, session, shell } from 'electron'
import { Station } from './station'
import { safeStorageBox } from './sessions/secret-box'
import { bindIpc } from './transport/ipc'

// The Electron shell: thin by design. Everything it shows comes from the same Station the headless shell runs.
const here = path.dirname(fileURLToPath(import.meta.url))
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

function profileFromArgs(): 'lab' | 'hardware' {
  const index = process.argv.indexOf('--profile')
  return process.argv[index + 1] === 'hardware' ? 'hardware' : 'lab'
}

async function main(): Promise<void> {
  await app.whenReady()
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } })
  })
  // No remote content, no new windows, no navigation away from the app.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url)
      return { action: 'deny' }
    })
    contents.on('will-navigate', (event) => event.preventDefault())
  })

  const station = await Station.create({
    profile: profileFromArgs(),
    dataDir: app.getPath('userData'),
    shell: 'electron',
    secretBox: safeStorage.isEncryptionAvailable() ? safeStorageBox(safeStorage) : undefined,
  })
  bindIpc(ipcMain, { handlers: station.handlers, bus: station.bus, log: station.log.child('ipc') })

  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Provbench',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  await window.loadFile(path.join(here, '../renderer/index.html'))

  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', (event) => {
    event.preventDefault()
    station.close().finally(() => app.exit(0))
  })
}

main().catch((error: Error) => {
  console.error(`Provbench failed to start: ${error.message}`)
  app.exit(1)
})
