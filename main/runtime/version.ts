import { readFileSync } from 'node:fs'

let cached: string | undefined

export function appVersion(): string {
  if (cached) return cached
  for (const candidate of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === 'provbench' && pkg.version) return (cached = pkg.version)
    } catch {
      // try the next layout (sources vs. built bundle)
    }
  }
  return (cached = '0.0.0')
}
