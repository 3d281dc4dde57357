import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const STATION_URL = /http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s"']+/
const START_TIMEOUT_MS = 60_000

function newestMtime(dir: string): number {
  let newest = 0
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    const stat = statSync(full)
    newest = Math.max(newest, stat.isDirectory() ? newestMtime(full) : stat.mtimeMs)
  }
  return newest
}

/** The station serves out/renderer; rebuild it when the renderer or the contract changed since the last build. */
function ensureBuilt(): void {
  let builtAt = 0
  try {
    builtAt = statSync(path.join(root, 'out/renderer/index.html')).mtimeMs
  } catch {
    // never built
  }
  const sourcesAt = Math.max(newestMtime(path.join(root, 'renderer')), newestMtime(path.join(root, 'preload')))
  if (builtAt > sourcesAt && !process.env.PROVBENCH_E2E_REBUILD) return
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => fail(new Error(`the station printed no URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = STATION_URL.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    const fail = (error: Error) => {
      clearTimeout(timer)
      // The station's own output never contains a Wi-Fi password (main redacts secrets), so it is safe to show.
      reject(new Error(`${error.message}\n--- station output ---\n${output.slice(-4_000)}`))
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code, signal) => fail(new Error(`the station exited early (code ${code}, signal ${signal})`)))
  })
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureBuilt()
  // Pointing the tests at a station that is already running (for debugging one) skips starting a fresh one.
  if (process.env.PROVBENCH_E2E_URL) return async () => {}
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'provbench-e2e-'))
  // node --import tsx is what `npx tsx` runs, minus the wrapper process, so the PID below is the station itself.
  const station = spawn(process.execPath, ['--import', 'tsx', 'main/server.ts', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env: { ...process.env, PROVBENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let url: string
  try {
    url = await waitForUrl(station)
  } catch (error) {
    station.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  process.env.PROVBENCH_E2E_URL = url
  process.env.PROVBENCH_E2E_DATA_DIR = dataDir

  return async () => {
    if (station.exitCode === null) {
      const exited = new Promise((resolve) => station.once('exit', resolve))
      station.kill('SIGTERM')
      const timer = setTimeout(() => station.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }
}
