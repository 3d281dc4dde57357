import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../main/runtime/log'
import { EventBus } from '../../../main/transport/bus'
import { bindIpc } from '../../../main/transport/ipc'

describe('the contract over Electron IPC', () => {
  it('validates calls and fans events out only to windows that subscribed', async () => {
    type Listener = (event: { sender: never }, ...args: unknown[]) => unknown
    const handles = new Map<string, Listener>()
    const listeners = new Map<string, Listener>()
    const ipcMain = {
      handle: (channel: string, fn: Listener) => void handles.set(channel, fn),
      on: (channel: string, fn: Listener) => void listeners.set(channel, fn),
    }
    const bus = new EventBus()
    bindIpc(ipcMain, { handlers: { 'settings.get': () => ({ language: 'en', confirmTimeoutMs: 1000, frameStoreLimit: 1000 }) }, bus, log: createLogger('t', { write: () => undefined }) })
    const window = (id: number) => {
      const received: unknown[][] = []
      return { received, contents: { id, send: (...args: unknown[]) => received.push(args), isDestroyed: () => false, once: () => undefined } }
    }
    const a = window(1)
    const b = window(2)
    const call = handles.get('provbench:call')!
    expect(await call({ sender: a.contents as never }, 'settings.get', {})).toMatchObject({ ok: true, output: { language: 'en' } })
    expect(await call({ sender: a.contents as never }, 'settings.get', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    expect(await call({ sender: a.contents as never }, 'lab.nuke', {})).toMatchObject({ ok: false, error: { code: 'unknown-command' } })

    const subscribe = listeners.get('provbench:subscribe')!
    subscribe({ sender: a.contents as never }, 'lab.updated', true)
    subscribe({ sender: b.contents as never }, 'not.a.stream', true)
    bus.emit('station.radiosChanged', [])
    bus.emit('lab.updated', { scenarioName: 'x' } as never)
    expect(a.received).toEqual([['provbench:event', 'lab.updated', { scenarioName: 'x' }]])
    expect(b.received).toEqual([])
  })
})
