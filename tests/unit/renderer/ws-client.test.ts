import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import { ContractCallError } from '../../../renderer/src/client/contract-error'
import type { ConnectionState } from '../../../renderer/src/client/connection-state'
import { WsContractClient, type SocketLike } from '../../../renderer/src/client/ws-client'

// A stand-in station on loopback speaking the wire envelope of preload/contract/wire.ts, so the client's behaviour
// around calls, events, drops and reconnects can be driven precisely.
interface FakeStation {
  url: string
  wss: WebSocketServer
  received: unknown[]
  sockets: WebSocket[]
  onCall?: (socket: WebSocket, message: { id: number; name: string; input: unknown }) => void
  close(): Promise<void>
}

async function startStation(): Promise<FakeStation> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' })
  await once(wss, 'listening')
  const station: FakeStation = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws?token=t0k`,
    wss,
    received: [],
    sockets: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of station.sockets) socket.terminate()
        wss.close(() => resolve())
      }).then(() => {
        station.close = () => Promise.resolve()
      }),
  }
  wss.on('connection', (socket) => {
    station.sockets.push(socket)
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { t: string; id: number; name: string; input: unknown }
      station.received.push(message)
      if (message.t === 'call') station.onCall?.(socket, message)
    })
  })
  return station
}

const fastBackoff = { initialMs: 20, maxMs: 80, factor: 2, jitter: 0 }
const wsFactory = (url: string) => new WebSocket(url) as unknown as SocketLike

function waitFor<T>(check: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const poll = () => {
      const value = check()
      if (value !== undefined && value !== false) return resolve(value)
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'))
      setTimeout(poll, 5)
    }
    poll()
  })
}

let cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const step of cleanup.reverse()) await step()
  cleanup = []
})

async function setup() {
  const station = await startStation()
  const client = new WsContractClient(station.url, { createSocket: wsFactory, backoff: fastBackoff, callTimeoutMs: 2_000 })
  const states: ConnectionState[] = []
  client.onConnectionChange((state) => states.push(state))
  client.connect()
  cleanup.push(() => client.close(), () => station.close())
  return { station, client, states }
}

describe('WsContractClient', () => {
  it('sends a call in the wire envelope and resolves with the output', async () => {
    const { station, client } = await setup()
    station.onCall = (socket, m) => socket.send(JSON.stringify({ t: 'result', id: m.id, ok: true, output: { echoed: m.input } }))
    const output = await client.call('devices.list', { method: 'webcam-config' })
    expect(output).toEqual({ echoed: { method: 'webcam-config' } })
    expect(station.received).toContainEqual({ t: 'call', id: expect.any(Number), name: 'devices.list', input: { method: 'webcam-config' } })
  })

  it('rejects with the code, message and field issues main sent', async () => {
    const { station, client } = await setup()
    station.onCall = (socket, m) =>
      socket.send(
        JSON.stringify({
          t: 'result',
          id: m.id,
          ok: false,
          error: { code: 'invalid-input', message: 'target.ssid: too long', issues: [{ path: 'target.ssid', message: 'too long' }] },
        }),
      )
    const failure = await client
      .call('sessions.start', { method: 'webcam-config', target: { ssid: 'x'.repeat(40), password: '' } })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ContractCallError)
    expect(failure).toMatchObject({ code: 'invalid-input', issues: [{ path: 'target.ssid', message: 'too long' }] })
  })

  it('matches answers to calls by id when they come back out of order', async () => {
    const { station, client } = await setup()
    const held: { socket: WebSocket; id: number; name: string }[] = []
    station.onCall = (socket, m) => {
      held.push({ socket, id: m.id, name: m.name })
      if (held.length === 2) {
        for (const h of [...held].reverse()) h.socket.send(JSON.stringify({ t: 'result', id: h.id, ok: true, output: h.name }))
      }
    }
    const [a, b] = await Promise.all([client.call('station.info', {}), client.call('settings.get', {})])
    expect([a, b]).toEqual(['station.info', 'settings.get'])
  })

  it('delivers events only to listeners of that stream, and unsubscribes when the last listener leaves', async () => {
    const { station, client } = await setup()
    const labEvents: unknown[] = []
    const radioEvents: unknown[] = []
    const stopLab = client.subscribe('lab.updated', (e) => labEvents.push(e))
    client.subscribe('station.radiosChanged', (e) => radioEvents.push(e))
    await waitFor(() => station.received.filter((m) => (m as { t: string }).t === 'subscribe').length === 2)
    station.sockets[0].send(JSON.stringify({ t: 'event', name: 'lab.updated', payload: { n: 1 } }))
    station.sockets[0].send(JSON.stringify({ t: 'event', name: 'station.radiosChanged', payload: [] }))
    await waitFor(() => labEvents.length === 1 && radioEvents.length === 1)
    expect(labEvents).toEqual([{ n: 1 }])
    stopLab()
    await waitFor(() => station.received.some((m) => (m as { t: string }).t === 'unsubscribe'))
    expect(station.received).toContainEqual({ t: 'unsubscribe', name: 'lab.updated' })
  })

  it('holds calls made before the socket opens and sends them once it does', async () => {
    const station = await startStation()
    const client = new WsContractClient(station.url, { createSocket: wsFactory, backoff: fastBackoff })
    cleanup.push(() => client.close(), () => station.close())
    station.onCall = (socket, m) => socket.send(JSON.stringify({ t: 'result', id: m.id, ok: true, output: 42 }))
    const answer = client.call('station.info', {})
    client.connect()
    await expect(answer).resolves.toBe(42)
  })

  it('after a drop: rejects calls in flight, reconnects with back-off and renews every subscription', async () => {
    const { station, client, states } = await setup()
    client.subscribe('sessions.updated', () => {})
    await waitFor(() => station.received.some((m) => (m as { t: string }).t === 'subscribe'))
    station.onCall = () => {} // never answers
    const inFlight = client.call('station.info', {}).catch((error: unknown) => error)
    await waitFor(() => station.received.some((m) => (m as { t: string }).t === 'call'))
    station.received.length = 0
    station.sockets[0].terminate()

    const failure = await inFlight
    expect(failure).toMatchObject({ code: 'disconnected' })
    await waitFor(() => station.sockets.length === 2 && client.connection().status === 'open')
    expect(states.map((s) => s.status)).toContain('reconnecting')
    await waitFor(() => station.received.length > 0)
    expect(station.received).toEqual([{ t: 'subscribe', name: 'sessions.updated' }])
    // The rejected call is not replayed: main may already have run it.
    expect(station.received.some((m) => (m as { t: string }).t === 'call')).toBe(false)
  })

  it('keeps retrying while the station is down and connects when it comes back on the same port', async () => {
    const { station, client } = await setup()
    await waitFor(() => client.connection().status === 'open')
    const port = (station.wss.address() as AddressInfo).port
    await station.close()
    await waitFor(() => client.connection().status === 'reconnecting' && client.connection().attempt >= 2)
    const revived = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws' })
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of revived.clients) socket.terminate()
          revived.close(() => resolve())
        }),
    )
    revived.on('connection', (socket) => socket.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { id: number }
      socket.send(JSON.stringify({ t: 'result', id: m.id, ok: true, output: 'back' }))
    }))
    await waitFor(() => client.connection().status === 'open')
    await expect(client.call('station.info', {})).resolves.toBe('back')
  })

  it('"Retry now" skips the back-off wait', async () => {
    const station = await startStation()
    const port = (station.wss.address() as AddressInfo).port
    const slowBackoff = { initialMs: 60_000, maxMs: 60_000, factor: 2, jitter: 0 }
    const client = new WsContractClient(station.url, { createSocket: wsFactory, backoff: slowBackoff }).connect()
    cleanup.push(() => client.close())
    await waitFor(() => client.connection().status === 'open')
    await station.close()
    await waitFor(() => client.connection().status === 'reconnecting')
    expect(client.connection().retryAt! - Date.now()).toBeGreaterThan(50_000)
    const revived = new WebSocketServer({ host: '127.0.0.1', port, path: '/ws' })
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          for (const socket of revived.clients) socket.terminate()
          revived.close(() => resolve())
        }),
    )
    await once(revived, 'listening')
    client.retryNow()
    await waitFor(() => client.connection().status === 'open', 2_000)
  })

  it('stops retrying and says so when the station refuses the token', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' })
    await once(wss, 'listening')
    let connections = 0
    wss.on('connection', (socket) => {
      connections++
      socket.send(JSON.stringify({ t: 'result', id: null, ok: false, error: { code: 'unauthenticated', message: 'no' } }))
      socket.close(4401, 'unauthenticated')
    })
    const client = new WsContractClient(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws?token=wrong`, {
      createSocket: wsFactory,
      backoff: fastBackoff,
    })
    cleanup.push(() => client.close(), () => new Promise<void>((resolve) => wss.close(() => resolve())))
    const queued = client.call('station.info', {}).catch((error: unknown) => error)
    client.connect()
    await waitFor(() => client.connection().status === 'unauthenticated')
    await expect(queued).resolves.toMatchObject({ code: 'unauthenticated' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(connections).toBe(1)
  })

  it('times out a call nobody answers, and ignores frames that are not the envelope', async () => {
    const station = await startStation()
    const client = new WsContractClient(station.url, { createSocket: wsFactory, backoff: fastBackoff, callTimeoutMs: 150 }).connect()
    cleanup.push(() => client.close(), () => station.close())
    station.onCall = (socket) => {
      socket.send('not json')
      socket.send(JSON.stringify({ t: 'result', id: 'x', ok: true }))
      socket.send(JSON.stringify({ t: 'event' }))
    }
    await expect(client.call('station.info', {})).rejects.toMatchObject({ code: 'timeout' })
    expect(client.connection().status).toBe('open')
  })

  it('refuses locally a request larger than the station accepts', async () => {
    const { station, client } = await setup()
    await expect(client.call('lab.addDevice', { kind: 'x'.repeat(1_100_000) })).rejects.toMatchObject({ code: 'too-large' })
    expect(station.received.some((m) => (m as { t: string }).t === 'call')).toBe(false)
  })
})
