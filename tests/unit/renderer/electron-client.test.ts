import { describe, expect, it } from 'vitest'
import { ElectronContractClient, type PreloadApi } from '../../../renderer/src/client/electron-client'

// A stand-in for window.provbench as preload/index.ts builds it; `invoke` answers with the reply envelope as data.
function preload(reply: { ok: true; output: unknown } | { ok: false; error: { code: string; message: string; issues?: { path: string; message: string }[] } }, withInvoke = true) {
  const calls: [string, unknown][] = []
  const listeners = new Map<string, (payload: unknown) => void>()
  const api: PreloadApi = {
    call: async (name, input) => {
      calls.push([name, input])
      if (reply.ok) return reply.output
      // What survives contextBridge: the message, not the custom properties.
      throw new Error(reply.error.message)
    },
    subscribe: (name, listener) => {
      listeners.set(name, listener)
      return () => listeners.delete(name)
    },
    ...(withInvoke
      ? {
          invoke: async (name: string, input: unknown) => {
            calls.push([name, input])
            return reply
          },
        }
      : {}),
  }
  return { api, calls, listeners }
}

describe('ElectronContractClient', () => {
  it('resolves with the output through invoke', async () => {
    const { api, calls } = preload({ ok: true, output: { removed: true } })
    await expect(new ElectronContractClient(api).call('lab.removeDevice', { id: 'cam-1' })).resolves.toEqual({ removed: true })
    expect(calls).toEqual([['lab.removeDevice', { id: 'cam-1' }]])
  })

  it('keeps main’s error code and field issues when the preload offers invoke', async () => {
    const issues = [{ path: 'target.ssid', message: 'too long' }]
    const { api } = preload({ ok: false, error: { code: 'invalid-input', message: 'target.ssid: too long', issues } })
    const failure = await new ElectronContractClient(api)
      .call('sessions.start', { method: 'webcam-config', target: { ssid: 'x', password: '' } })
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ name: 'ContractCallError', code: 'invalid-input', issues })
  })

  it('without invoke, still rejects with the message (the code is lost across contextBridge)', async () => {
    const { api } = preload({ ok: false, error: { code: 'not-found', message: 'No session x.' } }, false)
    const failure = await new ElectronContractClient(api).call('sessions.get', { id: 'x' }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'failed', message: 'No session x.', issues: [] })
  })

  it('passes stream events through and unsubscribes', () => {
    const { api, listeners } = preload({ ok: true, output: null })
    const seen: unknown[] = []
    const stop = new ElectronContractClient(api).subscribe('lab.updated', (view) => seen.push(view))
    listeners.get('lab.updated')!({ scenarioName: 'x' })
    expect(seen).toEqual([{ scenarioName: 'x' }])
    stop()
    expect(listeners.has('lab.updated')).toBe(false)
  })
})
