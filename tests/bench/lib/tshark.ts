// tshark as an oracle: run it on a capture and get the requested fields per frame. Shared by the
// tshark-comparison tests and the codec-vs-tshark benchmark.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
/** Peers' captures live beside the project, never inside it. */
export const CAPTURES_DIR = path.resolve(PROJECT_ROOT, '../shared/captures')

export function tsharkAvailable(): boolean {
  const run = spawnSync('tshark', ['--version'], { encoding: 'utf8' })
  return run.status === 0
}

export function capturesAvailable(): boolean {
  return existsSync(CAPTURES_DIR)
}

/** Field name -> values (tshark lists every occurrence) for one frame. */
export type TsharkFrame = Record<string, string[]>

/** Runs `tshark -r file -T json -e f1 -e f2 ...` and returns one object per frame. */
export function tsharkFields(file: string, fields: readonly string[], extraArgs: readonly string[] = []): TsharkFrame[] {
  const args = ['-r', file, '-T', 'json', ...extraArgs, ...fields.flatMap((f) => ['-e', f])]
  const run = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 30 })
  if (run.status !== 0) throw new Error(`tshark failed on ${file}: ${run.stderr}`)
  const parsed = JSON.parse(run.stdout || '[]') as { _source: { layers: TsharkFrame } }[]
  return parsed.map((p) => p._source.layers)
}

/** One frame's whole dissection tree, as `tshark -T json --no-duplicate-keys` prints its layers. */
export type TsharkLayers = Record<string, unknown>

/** Runs `tshark -r file -T json --no-duplicate-keys` and returns every frame's dissection tree. */
export function tsharkTree(file: string): TsharkLayers[] {
  const run = spawnSync('tshark', ['-r', file, '-T', 'json', '--no-duplicate-keys'], { encoding: 'utf8', maxBuffer: 1 << 30 })
  if (run.status !== 0) throw new Error(`tshark failed on ${file}: ${run.stderr}`)
  return (JSON.parse(run.stdout) as { _source: { layers: TsharkLayers } }[]).map((p) => p._source.layers)
}

/** Every value of a field anywhere in a frame's tree (repeated fields arrive as arrays, subtrees are searched too). */
export function fieldValues(node: unknown, name: string): string[] {
  const found: string[] = []
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk)
    else if (n && typeof n === 'object')
      for (const [k, v] of Object.entries(n)) {
        if (k === name) (Array.isArray(v) ? v : [v]).forEach((x) => (typeof x === 'string' ? found.push(x) : walk(x)))
        else walk(v)
      }
  }
  walk(node)
  return found
}

export interface TsharkRead {
  frames: { hex: string; length: number; capturedLength: number; timeEpoch: string }[]
  /** stderr lines other than the root warning: tshark's complaints about the file. */
  complaints: string[]
}

/** One tshark pass (`-T json -x`): raw bytes, lengths and time of every frame, and what tshark complained about. */
export function tsharkRead(file: string): TsharkRead {
  const run = spawnSync('tshark', ['-r', file, '-T', 'json', '-x'], { encoding: 'utf8', maxBuffer: 1 << 30 })
  const complaints = `${run.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('Running as user "root"'))
  if (run.status !== 0) return { frames: [], complaints: complaints.length ? complaints : [`tshark exited with ${run.status}`] }
  type Layers = { frame_raw: [string, number, number]; frame: Record<string, string> }
  const parsed = JSON.parse(run.stdout || '[]') as { _source: { layers: Layers } }[]
  const frames = parsed.map(({ _source: { layers } }) => ({
    hex: layers.frame_raw[0],
    length: Number(layers.frame['frame.len']),
    capturedLength: Number(layers.frame['frame.cap_len']),
    timeEpoch: layers.frame['frame.time_epoch'],
  }))
  return { frames, complaints }
}

export interface Prerequisites {
  missing: string[]
  /** In CI a missing prerequisite fails the suite instead of skipping it. */
  mustFail: boolean
}

export function prerequisites(options: { captures: boolean }): Prerequisites {
  const missing: string[] = []
  if (!tsharkAvailable()) missing.push('tshark (not on PATH)')
  if (options.captures && !capturesAvailable()) missing.push(`captures folder ${CAPTURES_DIR}`)
  return { missing, mustFail: missing.length > 0 && process.env.CI === 'true' }
}
