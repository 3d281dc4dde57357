import type { IncomingMessage, Server } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import { ClientMessage, MAX_MESSAGE_BYTES, type ServerMessage } from '../../preload/contract'
import type { Logger } from '../runtime/log'
import type { EventBus } from './bus'
import { dispatchCall, failure, isStreamName } from './dispatch'
import type { HandlerTable } from './handlers'

/** The contract over WebSocket for the headless station. Every connection must present the station's token. */
export function bindWebSocket(server: Server, opts: { token: string; handlers: HandlerTable; bus: EventBus; log: Logger }) {
  // ws closes the socket beyond maxPayload; up to 4x the contract limit we still answer "too-large" ourselves.
  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 4 * MAX_MESSAGE_BYTES })
  const expected = Buffer.from(opts.token)

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const presented = Buffer.from(new URL(request.url ?? '/', 'http://station').searchParams.get('token') ?? '')
    const authenticated = presented.length === expected.length && timingSafeEqual(presented, expected)
    const send = (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
    }
    if (!authenticated) {
      const reply = failure('unauthenticated', 'This connection did not present the station token; open the URL the station printed.')
      if (!reply.ok) send({ t: 'result', id: null, ok: false, error: reply.error })
      socket.close(4401, 'unauthenticated')
      return
    }

    const subscriptions = new Set<string>()
    const unsubscribeBus = opts.bus.onAny((name, payload) => {
      if (subscriptions.has(name)) send({ t: 'event', name, payload })
    })
    socket.on('close', unsubscribeBus)
    socket.on('error', (error) => opts.log.warn('WebSocket error', { error: error.message }))

    socket.on('message', async (data, isBinary) => {
      const reject = (message: string, code: 'bad-message' | 'too-large' = 'bad-message') => {
        const reply = failure(code, message)
        if (!reply.ok) send({ t: 'result', id: null, ok: false, error: reply.error })
      }
      if (isBinary) return reject('Binary messages are not part of the contract.')
      const text = data.toString()
      if (text.length > MAX_MESSAGE_BYTES) return reject('Message too large.', 'too-large')
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        return reject('Message is not JSON.')
      }
      const message = ClientMessage.safeParse(json)
      if (!message.success) return reject('Message does not match the envelope {t, id, name, input}.')
      const m = message.data
      if (m.t === 'subscribe' || m.t === 'unsubscribe') {
        if (!isStreamName(m.name)) return reject(`Unknown stream "${m.name}".`)
        if (m.t === 'subscribe') subscriptions.add(m.name)
        else subscriptions.delete(m.name)
        return
      }
      const reply = await dispatchCall(opts.handlers, m.name, m.input, opts.log)
      send(reply.ok ? { t: 'result', id: m.id, ok: true, output: reply.output } : { t: 'result', id: m.id, ok: false, error: reply.error })
    })
  })
  return wss
}
