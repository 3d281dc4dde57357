import fs from 'node:fs'
import { Option } from 'commander'
import { defaultDataDir } from '../runtime/data-dir'

export const dataDirOption = () => new Option('--data-dir <dir>', 'data folder (sessions, secrets, settings)').default(defaultDataDir(), 'the OS application-data folder')
export const profileOption = () => new Option('--profile <profile>', 'lab (virtual lab) or hardware (real radios)').choices(['lab', 'hardware']).default('lab')
export const scenarioOption = () => new Option('--scenario <file>', 'lab scenario JSON (default: resources/scenarios/default.json)')
export const jsonOption = () => new Option('--json', 'print machine-readable JSON on stdout')

/** A usage mistake: printed as one clear line, exit code 2, nothing else happens. */
export class UsageError extends Error {}

export function readSecretFile(file: string, what: string): string {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`Cannot read ${what} file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  return text.replace(/\r?\n$/, '')
}

/** Reads a line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    process.stderr.write(question)
    let value = ''
    const wasRaw = stdin.isRaw
    stdin.setRawMode?.(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          cleanup()
          process.stderr.write('\n')
          return resolve(value)
        }
        if (char === '\u0003') {
          cleanup()
          process.stderr.write('\n')
          return reject(new UsageError('Cancelled.'))
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1)
        else value += char
      }
    }
    const cleanup = () => {
      stdin.off('data', onData)
      stdin.setRawMode?.(wasRaw ?? false)
      stdin.pause()
    }
    stdin.on('data', onData)
  })
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

/**
 * The Wi-Fi password from --password-file, --password (with a warning: other local users can read a command line),
 * a hidden prompt on a terminal, or standard input when piped.
 */
export async function resolvePassword(opts: { password?: string; passwordFile?: string }, warn: (line: string) => void): Promise<string> {
  if (opts.password !== undefined && opts.passwordFile !== undefined) throw new UsageError('Give either --password or --password-file, not both.')
  if (opts.passwordFile !== undefined) return readSecretFile(opts.passwordFile, 'password')
  if (opts.password !== undefined) {
    warn('warning: --password is visible to other users of this machine (ps, shell history); prefer --password-file or the prompt.')
    return opts.password
  }
  if (process.stdin.isTTY) return promptHidden('Wi-Fi password: ')
  return readStdin()
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`
}
