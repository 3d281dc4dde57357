import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from '../../preload/contract/channels'
import type { Logger } from '../runtime/log'
import type { EventBus } from './bus'
import { dispatchCall, isStreamName } from './dispatch'
import type { HandlerTable } from './handlers'

// The contract over Electron IPC. Typed structurally so this file does not import electron (tests can drive it).
interface IpcMainLike {
  handle(channel: string, listener: (event: { sender: WebContentsLike }, ...args: unknown[]) => unknown): void
  on(channel: string, listener: (event: { sender: WebContentsLike }, ...args: unknown[]) => void): void
}
interface WebContentsLike {
  id: number
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
  once(event: 'destroyed', listener: () => void): void
}

export function bindIpc(ipcMain: IpcMainLike, opts: { handlers: HandlerTable; bus: EventBus; log: Logger }): void {
  const subscriptions = new Map<number, { contents: WebContentsLike; names: Set<string> }>()

  ipcMain.handle(IPC_CALL_CHANNEL, (_event, name, input) => dispatchCall(opts.handlers, name, input, opts.log))

  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, (event, name, on) => {
    if (!isStreamName(name)) return
    let entry = subscriptions.get(event.sender.id)
    if (!entry) {
      entry = { contents: event.sender, names: new Set() }
      subscriptions.set(event.sender.id, entry)
      event.sender.once('destroyed', () => subscriptions.delete(event.sender.id))
    }
    if (on === true) entry.names.add(name)
    else entry.names.delete(name)
  })

  opts.bus.onAny((name, payload) => {
    for (const { contents, names } of subscriptions.values()) {
      if (names.has(name) && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload)
    }
  })
}
