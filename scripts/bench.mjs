// `npm run bench [-- name-filter]`: runs every benchmark under tests/bench/ (each prints its own figures and ratios).
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const dir = path.join(root, 'tests/bench')
const filter = process.argv[2] ?? ''
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f.includes(filter)).sort()
let failed = 0
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, bench)], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
