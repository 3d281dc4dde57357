import type { Display } from '../methods/context'

/**
 * The workstation's screen as the lab sees it: what QR codes are shown right now. Lab cameras look at it; the
 * Provision page and the terminal render the same image.
 */
export class Screen implements Display {
  private shown = new Map<string, { sessionId: string; png: Uint8Array; text: string; maskedText: string }>()
  private listeners = new Set<() => void>()

  showQr(sessionId: string, qr: { png: Uint8Array; text: string; maskedText: string }): void {
    this.shown.set(sessionId, { sessionId, ...qr })
    this.notify()
  }

  clear(sessionId: string): void {
    if (this.shown.delete(sessionId)) this.notify()
  }

  get(sessionId: string) {
    return this.shown.get(sessionId)
  }

  current(): { sessionId: string; png: Uint8Array }[] {
    return [...this.shown.values()].map(({ sessionId, png }) => ({ sessionId, png }))
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}
