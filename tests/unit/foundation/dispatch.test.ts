import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../main/runtime/log'
import { dispatchCall } from '../../../main/transport/dispatch'
import { CommandError, type HandlerTable } from '../../../main/transport/handlers'

const log = createLogger('test', { write: () => undefined })

describe('dispatchCall', () => {
  const handlers: HandlerTable = {
    'settings.get': () => ({ language: 'auto', confirmTimeoutMs: 60_000, frameStoreLimit: 1_000_000 }),
    // A handler that leaks a field the contract does not declare.
    'station.info': () => ({ secret: 'x' }) as never,
    'sessions.get': () => {
      throw new CommandError('not-found', 'No session nope.')
    },
  }

  it('answers known commands and validates their output against the contract', async () => {
    expect(await dispatchCall(handlers, 'settings.get', {}, log)).toMatchObject({ ok: true, output: { language: 'auto' } })
    expect(await dispatchCall(handlers, 'station.info', {}, log)).toMatchObject({ ok: false, error: { code: 'failed' } })
  })

  it('turns bad names, bad input and handler errors into coded replies', async () => {
    expect(await dispatchCall(handlers, 42, {}, log)).toMatchObject({ ok: false, error: { code: 'bad-message' } })
    expect(await dispatchCall(handlers, 'nope.nothing', {}, log)).toMatchObject({ ok: false, error: { code: 'unknown-command' } })
    expect(await dispatchCall(handlers, 'sessions.updated', {}, log)).toMatchObject({ ok: false, error: { code: 'unknown-command' } })
    expect(await dispatchCall(handlers, 'sessions.get', { id: 5 }, log)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await dispatchCall(handlers, 'sessions.get', { id: 'nope' }, log)).toMatchObject({ ok: false, error: { code: 'not-found', message: 'No session nope.' } })
    expect(await dispatchCall(handlers, 'sessions.list', {}, log)).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })

  it('never throws, whatever arrives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (name, input) => {
        const reply = await dispatchCall(handlers, name, input, log)
        expect(typeof reply.ok).toBe('boolean')
      }),
      { numRuns: 300 },
    )
  })
})
