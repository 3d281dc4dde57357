import { boundAgent, coap } from '../../radio/lan/coap-runtime'
import type { Clock } from '../../runtime/clock'
import type { Logger } from '../../runtime/log'

export interface DeviceIdentity {
  productKey: string
  deviceName: string
  mac: string
}

export interface AnnounceOptions {
  path: string
  method: string
  params: Record<string, unknown>
  intervalMs: number
  maxCount: number
}

/**
 * A lab device on the LAN, as the device SDK behaves after joining (§9): CoAP NON POST notifications to the
 * broadcast address until a 2.xx reply with JSON code 200 arrives, and a CoAP server answering §9.3 queries.
 * Real UDP on its own loopback address.
 */
export class LanPresence {
  private server: ReturnType<typeof coap.createServer> | undefined
  private client: Awaited<ReturnType<typeof boundAgent>> | undefined
  private counter = 1
  private token: string | undefined
  private stopped = false

  constructor(
    readonly ip: string,
    private readonly identity: DeviceIdentity,
    private readonly broadcast: { address: string; port: number },
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  devinfo(): Record<string, unknown> {
    return {
      awssVer: { smartconfig: '2.0', zconfig: '2.0', router: '2.0', ap: '2.0', softap: '2.0' },
      productKey: this.identity.productKey,
      deviceName: this.identity.deviceName,
      mac: this.identity.mac.toUpperCase(),
      ip: this.ip,
      cipherType: 3,
    }
  }

  setToken(tokenHex: string | undefined): void {
    this.token = tokenHex
  }

  async start(): Promise<void> {
    const server = coap.createServer({ type: 'udp4' } as never)
    server.on('request', (request: coap.IncomingMessage, response: coap.OutgoingMessage) => this.serve(request, response))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(5683, this.ip, () => {
        server.off('error', reject)
        resolve()
      })
    })
    this.server = server
    this.client = await boundAgent(this.ip)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.client?.close()
    this.client = undefined
    const server = this.server
    this.server = undefined
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  private serve(request: coap.IncomingMessage, response: coap.OutgoingMessage): void {
    const path = request.url.split('?')[0]
    const own = `/sys/${this.identity.productKey}/${this.identity.deviceName}/device/info/get`
    response.setOption('Content-Format', 'application/json')
    if (request.method !== 'GET') {
      response.code = '4.05'
      return void response.end()
    }
    const id = idOf(request.payload.toString('utf8'))
    // §9.3: the connect-AP state, asked after a smart-config announcement (no token involved).
    if (path === '/sys/awss/device/connectap/info/get' || path === `/sys/${this.identity.productKey}/${this.identity.deviceName}/awss/device/connectap/info/get`) {
      response.code = '2.05'
      return void response.end(JSON.stringify({ id, code: 200, data: { ...this.devinfo(), type: 0 } }))
    }
    if (path !== '/sys/device/info/get' && path !== own) {
      response.code = '4.04'
      return void response.end()
    }
    response.code = '2.05'
    // §9.3: code 400 until the device has a token to report.
    response.end(
      JSON.stringify(
        this.token
          ? { id, code: 200, data: { ...this.devinfo(), token: this.token, remainTime: 90_000, type: 0 } }
          : { id, code: 400, data: {} },
      ),
    )
  }

  /** Repeats the notification until acknowledged; resolves true when acknowledged, false after maxCount tries. */
  async announce(options: AnnounceOptions, signal?: AbortSignal): Promise<boolean> {
    for (let attempt = 0; attempt < options.maxCount && !this.stopped && !signal?.aborted; attempt++) {
      const id = String(this.counter++)
      const body = JSON.stringify({ id, version: '1.0', method: options.method, params: { ...this.devinfo(), ...options.params } })
      if (await this.notifyOnce(options.path, body, options.intervalMs)) return true
    }
    return false
  }

  private notifyOnce(path: string, body: string, waitMs: number): Promise<boolean> {
    const agent = this.client?.agent
    if (!agent) return Promise.resolve(false)
    return new Promise<boolean>((resolve) => {
      let settled = false
      const settle = (value: boolean) => {
        if (settled) return
        settled = true
        cancel()
        resolve(value)
      }
      const cancel = this.clock.timer(waitMs, () => settle(false))
      const request = coap.request({
        host: this.broadcast.address,
        port: this.broadcast.port,
        pathname: path,
        method: 'POST',
        confirmable: false,
        agent,
        options: { 'Content-Format': 'application/json' },
      })
      request.on('response', (response: coap.IncomingMessage) => {
        const acknowledged = String(response.code).startsWith('2.') && /"code"\s*:\s*200\b/.test(response.payload.toString('utf8'))
        if (acknowledged) settle(true)
      })
      request.on('error', (error: Error) => {
        this.log.debug('notify send failed', { error: error.message })
      })
      request.on('timeout', () => undefined)
      request.end(body)
    })
  }
}

function idOf(payload: string): string {
  const match = /"id"\s*:\s*"?(\d{1,10})"?/.exec(payload)
  return match ? match[1] : '1'
}
