// `npm start`: the desktop app where the Electron runtime exists, otherwise the headless station serving the same
// UI; either way on the virtual lab unless told otherwise (`npm start -- --profile hardware`).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

const build = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
})
if (build.status !== 0) {
  console.error('provbench: the build failed (see above); fix it or run `npm run build` for details.')
  process.exit(1)
}

function electronRuntime() {
  const dir = path.join(root, 'node_modules/electron')
  if (!existsSync(dir)) return { ok: false, reason: 'electron is not installed' }
  const pathFile = path.join(dir, 'path.txt')
  if (!existsSync(pathFile)) return { ok: false, reason: 'Electron runtime not downloaded (its download failed at install)' }
  const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  if (!existsSync(binary)) return { ok: false, reason: 'Electron runtime binary missing' }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { ok: false, reason: 'no display (DISPLAY unset)' }
  return { ok: true, binary }
}

const runtime = electronRuntime()
const child = runtime.ok
  ? spawn(runtime.binary, [root, ...args], { cwd: root, stdio: 'inherit' })
  : spawn(process.execPath, [path.join(root, 'bin/provbench.mjs'), 'serve', '--reason', runtime.reason, ...args], { cwd: root, stdio: 'inherit' })
if (runtime.ok) console.log('provbench: starting the desktop app (Electron)')
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
