import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { projectRoot, startStation } from './station-process'

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
    builtAt = statSync(path.join(projectRoot, 'out/renderer/index.html')).mtimeMs
  } catch {
    // never built
  }
  const sourcesAt = Math.max(newestMtime(path.join(projectRoot, 'renderer')), newestMtime(path.join(projectRoot, 'preload')))
  if (builtAt > sourcesAt && !process.env.PROVBENCH_E2E_REBUILD) return
  execFileSync('npx', ['electron-vite', 'build'], { cwd: projectRoot, stdio: 'inherit' })
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureBuilt()
  // Pointing the tests at a station that is already running (for debugging one) skips starting a fresh one.
  if (process.env.PROVBENCH_E2E_URL) return async () => {}
  const station = await startStation()
  process.env.PROVBENCH_E2E_URL = station.url
  process.env.PROVBENCH_E2E_DATA_DIR = station.dataDir
  return () => station.stop()
}
