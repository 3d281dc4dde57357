import { z } from 'zod'
import { type ContractError, lookup } from '../../preload/contract'
import type { Logger } from '../runtime/log'
import { CommandError, type HandlerTable } from './handlers'

export type CallReply = { ok: true; output: unknown } | { ok: false; error: ContractError }

/**
 * Every incoming call, from either shell, comes through here: the name must be in the contract, the input must
 * pass its schema, and whatever the handler does, the caller gets a reply and the station keeps running.
 */
export async function dispatchCall(handlers: HandlerTable, name: unknown, input: unknown, log: Logger): Promise<CallReply> {
  if (typeof name !== 'string') return failure('bad-message', 'Command name must be a string.')
  const spec = lookup(name)
  if (!spec || spec.kind !== 'command') return failure('unknown-command', `Unknown command "${name.slice(0, 100)}".`)
  const parsed = spec.input.safeParse(input ?? {})
  if (!parsed.success) return invalid(parsed.error)
  const handler = (handlers as Record<string, ((input: unknown) => unknown) | undefined>)[name]
  if (!handler) return failure('unavailable', `"${name}" is not available in this station.`)
  try {
    const output = await handler(parsed.data)
    // Output validation catches a handler leaking fields the contract does not promise (a password, say).
    const checked = spec.output.safeParse(output)
    if (!checked.success) {
      log.error('Handler output does not match the contract', { name, issues: checked.error.issues.length })
      return failure('failed', `"${name}" produced output that does not match the contract.`)
    }
    return { ok: true, output: checked.data }
  } catch (error) {
    if (error instanceof CommandError) return failure(error.code, error.message, error.issues)
    log.error('Command failed', { name, error: (error as Error).message })
    return failure('failed', (error as Error).message || 'Command failed.')
  }
}

export function isStreamName(name: unknown): name is string {
  return typeof name === 'string' && lookup(name)?.kind === 'stream'
}

function invalid(error: z.ZodError): CallReply {
  const issues = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
  const first = issues[0]
  return failure('invalid-input', first ? `${first.path || 'input'}: ${first.message}` : 'Invalid input.', issues)
}

export function failure(code: ContractError['code'], message: string, issues?: ContractError['issues']): CallReply {
  return { ok: false, error: { code, message, ...(issues ? { issues } : {}) } }
}
