// Electron's own install script is denied in package.json (allowScripts) because it downloads a binary
// from outside the npm registry, which fails on closed machines. We try that download here and tolerate
// failure: without the runtime, `npm start` serves the same UI from the headless station instead.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

const require = createRequire(import.meta.url)

function electronInstallScript() {
  try {
    return path.join(path.dirname(require.resolve('electron/package.json')), 'install.js')
  } catch {
    return null
  }
}

const script = electronInstallScript()
if (!script || !existsSync(script)) {
  console.log('provbench: electron is not installed (production install?); the headless station will be used.')
} else if (process.env.PROVBENCH_SKIP_ELECTRON_DOWNLOAD) {
  console.log('provbench: Electron runtime download skipped (PROVBENCH_SKIP_ELECTRON_DOWNLOAD); the headless station will be used.')
} else {
  const run = spawnSync(process.execPath, [script], { stdio: 'pipe', timeout: 120_000, encoding: 'utf8' })
  if (run.status === 0) {
    console.log('provbench: Electron runtime downloaded; `npm start` opens the desktop app.')
  } else {
    const why = (run.stderr || run.stdout || run.error?.message || 'unknown error').trim().split('\n').filter(Boolean).pop()
    console.log(`provbench: Electron runtime not available (${why}); \`npm start\` will serve the headless station instead.`)
  }
}
