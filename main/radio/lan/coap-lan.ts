import { boundAgent, coap } from './coap-runtime'
import type { RadioState } from '../../../preload/contract'
import type { Clock } from '../../runtime/clock'
import type { Logger } from '../../runtime/log'
import { ready, unavailable } from '../state'
import type { CoapReply, LanConfig, LanMessage, LanRadio } from './interface'

// The same listener runs with hardware (0.0.0.0:5683, devices broadcast to it) and in the lab (the lab LAN's
// broadcast address on loopback): the lab proves this code, it does not replace it.
export class CoapLan implements LanRadio {
  private server: ReturnType<typeof coap.createServer> | undefined
  private listeners = new Set<(message: LanMessage) => void>()
  private bound: { address: string; port: number } | undefined
  private failure: string | undefined
  private client: Promise<Awaited<ReturnType<typeof boundAgent>>> | undefined

  constructor(
    private readonly config: LanConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  state(): RadioState {
    if (this.failure) {
      return unavailable('lan', 'coap', this.failure, 'Free UDP port 5683 (another CoAP service or a second Provbench?) or run with --lan-port.', {
        listen: `${this.config.listenHost}:${this.config.listenPort}`,
      })
    }
    return ready('lan', 'coap', this.bound ? { listen: `${this.bound.address}:${this.bound.port}` } : { listen: 'not started' })
  }

  listenerAddress() {
    return this.bound
  }

  async start(): Promise<void> {
    if (this.server) return
    const server = coap.createServer({ type: 'udp4', piggybackReplyMs: 10 } as never)
    server.on('request', (request: coap.IncomingMessage, response: coap.OutgoingMessage) => this.handle(request, response))
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => {
        this.failure = `Cannot listen on ${this.config.listenHost}:${this.config.listenPort}: ${error.message}`
        reject(new Error(this.failure))
      }
      server.once('error', onError)
      server.listen(this.config.listenPort, this.config.listenHost, () => {
        server.off('error', onError)
        resolve()
      })
    })
    server.on('error', (error: Error) => this.log.warn('LAN listener error', { error: error.message }))
    const address = (server as unknown as { _sock: { address(): { address: string; port: number }; setBroadcast(on: boolean): void } })._sock?.address()
    this.bound = address ? { address: address.address, port: address.port } : { address: this.config.listenHost, port: this.config.listenPort }
    if (this.config.listenHost === '0.0.0.0') (server as unknown as { _sock: { address(): { address: string; port: number }; setBroadcast(on: boolean): void } })._sock?.setBroadcast(true)
    this.server = server
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    const client = this.client
    this.client = undefined
    if (client) (await client.catch(() => undefined))?.close()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  onMessage(listener: (message: LanMessage) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private handle(request: coap.IncomingMessage, response: coap.OutgoingMessage): void {
    const message: LanMessage = {
      path: request.url.split('?')[0],
      method: request.method,
      payload: request.payload.subarray(0, 4096).toString('utf8'),
      from: { address: request.rsinfo.address, port: request.rsinfo.port },
      receivedAt: this.clock.now(),
    }
    // §9.2: the device stops repeating a notification once it gets a 2.xx reply whose JSON has code 200.
    response.code = '2.05'
    response.setOption('Content-Format', 'application/json')
    response.end(JSON.stringify({ id: idOf(message.payload), code: 200, data: {} }))
    for (const listener of this.listeners) {
      try {
        listener(message)
      } catch (error) {
        this.log.error('LAN message listener failed', { error: (error as Error).message })
      }
    }
  }

  private async clientAgent(): Promise<InstanceType<typeof coap.Agent>> {
    this.client ??= boundAgent(this.config.sourceHost)
    return (await this.client).agent
  }

  async get(target: { address: string; port: number }, path: string, payload: string, timeoutMs: number): Promise<CoapReply> {
    const agent = await this.clientAgent()
    return new Promise<CoapReply>((resolve, reject) => {
      const cancel = this.clock.timer(timeoutMs, () => reject(new Error(`No CoAP reply from ${target.address}:${target.port}${path} within ${timeoutMs} ms`)))
      const request = coap.request({
        host: target.address,
        port: target.port,
        pathname: path,
        method: 'GET',
        confirmable: false,
        agent,
        options: { 'Content-Format': 'application/json' },
      })
      request.on('response', (response: coap.IncomingMessage) => {
        cancel()
        resolve({
          code: String(response.code),
          payload: response.payload.subarray(0, 4096).toString('utf8'),
          from: { address: response.rsinfo.address, port: response.rsinfo.port },
        })
      })
      request.on('error', (error: Error) => {
        cancel()
        reject(error)
      })
      request.on('timeout', () => undefined)
      request.end(payload)
    })
  }
}

function idOf(payload: string): string {
  const match = /"id"\s*:\s*"?(\d{1,10})"?/.exec(payload)
  return match ? match[1] : '1'
}
