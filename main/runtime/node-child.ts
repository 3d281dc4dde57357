import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Starts one of our own modules as a plain Node child process: from TypeScript sources in development (through
 * tsx), from the built .js next to this bundle in the packaged app, and with ELECTRON_RUN_AS_NODE under Electron so
 * native drivers load against Node's ABI, outside the main process.
 */
export function spawnNodeModule(moduleUrl: URL, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  let file = fileURLToPath(moduleUrl)
  if (!existsSync(file) && file.endsWith('.js') && existsSync(file.replace(/\.js$/, '.ts'))) file = file.replace(/\.js$/, '.ts')
  const nodeArgs = file.endsWith('.ts') ? ['--import', 'tsx', file, ...args] : [file, ...args]
  return spawn(process.execPath, nodeArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, ...(process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {}) },
  })
}
