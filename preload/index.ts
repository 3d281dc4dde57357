import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from './contract/channels'

// The preload exposes the contract and nothing else: one call function and one subscribe function.
// Main validates every input with the contract's zod schema; the preload does not need to.
type Listener = (payload: unknown) => void
const listeners = new Map<string, Set<Listener>>()

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload)
})

const api = {
  /** Resolves with the reply envelope as plain data (contextBridge drops custom Error properties such as `issues`). */
  invoke: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input),
  call: async (name: string, input: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(IPC_CALL_CHANNEL, name, input)) as
      | { ok: true; output: unknown }
      | { ok: false; error: { code: string; message: string } }
    if (reply.ok) return reply.output
    throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
  },
  subscribe: (name: string, listener: Listener): (() => void) => {
    let set = listeners.get(name)
    if (!set) {
      set = new Set()
      listeners.set(name, set)
      ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL, name, true)
    }
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) {
        listeners.delete(name)
        ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL, name, false)
      }
    }
  },
}

contextBridge.exposeInMainWorld('provbench', api)
