import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import type { Result } from '../../../../main/codec/result'

/** Unwraps a Result in a test, failing with the codec's own reason. */
export function unwrap<T, E extends { reason: string; offset: number }>(result: Result<T, E>): T {
  if (!result.ok) expect.fail(`expected ok, got error: ${result.error.reason} @${result.error.offset}`)
  return result.value
}

export function errorOf<T, E>(result: Result<T, E>): E {
  if (result.ok) expect.fail('expected an error, got ok')
  return result.error
}

export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
export const bytes = (hexText: string): Uint8Array => new Uint8Array(Buffer.from(hexText.replace(/\s+/g, ''), 'hex'))
export const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString('utf8'))

// Fake secret used by every worked example of PROTOCOLS-awss.md.
export const PRODUCT_SECRET = 'abcdefghijklmnop'

/** ../shared/captures from the project root; absent in a user's own clone. */
export const CAPTURES_DIR = resolve(process.cwd(), '../shared/captures')
export const PROTOCOLS_DOC = resolve(process.cwd(), '../shared/PROTOCOLS-awss.md')

/**
 * For tests that need files outside the project: skip with a message naming the path, except under CI, where a
 * missing folder must fail.
 */
export function sharedFileAvailable(path: string): boolean {
  if (existsSync(path)) return true
  if (process.env.CI === 'true') throw new Error(`required shared file is missing under CI: ${path}`)
  console.warn(`skipping: ${path} is not present`)
  return false
}
