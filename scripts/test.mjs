// `npm test`: every test. Unit and integration (vitest), then the UI end to end (Playwright on Debian chromium).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => path.join(root, 'node_modules/.bin', name)
const started = Date.now()
const results = []

function run(label, command, args) {
  console.log(`\n=== ${label} ===`)
  const t0 = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  results.push({ label, ok: result.status === 0, seconds: ((Date.now() - t0) / 1000).toFixed(0) })
}

// The build comes first: the preload test checks the built CommonJS bundle, and e2e serves the built renderer.
run('build (electron-vite)', bin('electron-vite'), ['build'])
run('unit and integration tests (vitest)', bin('vitest'), ['run'])
run('end-to-end tests (playwright, chromium)', bin('playwright'), ['test'])

console.log('\n=== summary ===')
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.label}  (${r.seconds} s)`)
console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`)
process.exit(results.every((r) => r.ok) ? 0 : 1)
