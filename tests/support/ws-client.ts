import WebSocket from 'ws'

/** A minimal contract client over the station's WebSocket, for tests. */
export class TestWsClient {
  private nextId = 1
  private pending = new Map<number, (reply: Record<string, unknown>) => void>()
  readonly orphanReplies: Record<string, unknown>[] = []
  readonly events: { name: string; payload: unknown }[] = []
  closeCode: number | undefined

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>
      if (message.t === 'event') this.events.push({ name: message.name as string, payload: message.payload })
      else if (typeof message.id === 'number' && this.pending.has(message.id)) {
        this.pending.get(message.id)!(message)
        this.pending.delete(message.id)
      } else this.orphanReplies.push(message)
    })
    socket.on('close', (code) => (this.closeCode = code))
  }

  static connect(url: string): Promise<TestWsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url)
      const client = new TestWsClient(socket)
      socket.once('open', () => resolve(client))
      socket.once('error', reject)
    })
  }

  call(name: string, input: unknown): Promise<Record<string, unknown>> {
    const id = this.nextId++
    return this.sendRaw(JSON.stringify({ t: 'call', id, name, input }), id)
  }

  sendRaw(text: string, id?: number): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      if (id !== undefined) this.pending.set(id, resolve)
      else {
        const before = this.orphanReplies.length
        const poll = setInterval(() => {
          if (this.orphanReplies.length > before) {
            clearInterval(poll)
            resolve(this.orphanReplies[this.orphanReplies.length - 1])
          }
        }, 5)
      }
      this.socket.send(text)
    })
  }

  subscribe(name: string): void {
    this.socket.send(JSON.stringify({ t: 'subscribe', name }))
  }

  async waitForEvent(predicate: (e: { name: string; payload: unknown }) => boolean, timeoutMs = 20_000): Promise<{ name: string; payload: unknown }> {
    const t0 = Date.now()
    for (;;) {
      const found = this.events.find(predicate)
      if (found) return found
      if (Date.now() - t0 > timeoutMs) throw new Error('event not seen in time')
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  close(): void {
    this.socket.close()
  }
}

export function wsUrl(httpUrl: string, token?: string): string {
  const url = new URL(httpUrl)
  const t = token ?? url.searchParams.get('token') ?? ''
  return `ws://${url.host}/ws?token=${t}`
}
