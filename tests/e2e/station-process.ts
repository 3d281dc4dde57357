import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const STATION_URL = /http:\/\/127\.0\.0\.1:\d+\/\?token=[^\s"']+/
const START_TIMEOUT_MS = 60_000

export interface RunningStation {
  url: string
  dataDir: string
  stop(): Promise<void>
}

/**
 * Starts a headless station on a free loopback port with a fresh data folder, as `provbench serve` does
 * (`main/cli.ts serve`, the lead's entry for main/server.ts), and returns the URL it printed.
 */
export async function startStation(extraArgs: string[] = []): Promise<RunningStation> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'provbench-e2e-'))
  // node --import tsx is what `npx tsx` runs, minus the wrapper process, so the PID below is the station itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: projectRoot,
    env: { ...process.env, PROVBENCH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let url: string
  try {
    url = await waitForUrl(child)
  } catch (error) {
    child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
    throw error
  }
  return {
    url,
    dataDir,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const fail = (error: Error) => {
      clearTimeout(timer)
      // The station's own output never contains a Wi-Fi password (main redacts secrets), so it is safe to show.
      reject(new Error(`${error.message}\n--- station output ---\n${output.slice(-4_000)}`))
    }
    const timer = setTimeout(() => fail(new Error(`the station printed no URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = STATION_URL.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code, signal) => fail(new Error(`the station exited early (code ${code}, signal ${signal})`)))
  })
}
