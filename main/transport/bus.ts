import type { StreamEvent, StreamName } from '../../preload/contract'

type AnyListener = (name: string, payload: unknown) => void

/** Main's fan-out of contract streams to every window and WebSocket connection. */
export class EventBus {
  private listeners = new Set<AnyListener>()

  emit<N extends StreamName>(name: N, payload: StreamEvent<N>): void {
    for (const listener of this.listeners) listener(name, payload)
  }

  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  on<N extends StreamName>(name: N, listener: (payload: StreamEvent<N>) => void): () => void {
    return this.onAny((emitted, payload) => {
      if (emitted === name) listener(payload as StreamEvent<N>)
    })
  }
}
