import { randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Station, type StationOptions } from './station'
import { findHttpRoute } from './transport/http-routes'
import { bindWebSocket } from './transport/websocket'

export interface HeadlessOptions extends StationOptions {
  host: string
  port: number
  /** Binding anything but loopback must be asked for explicitly. */
  allowRemote?: boolean
  rendererDir?: string
}

export interface HeadlessStation {
  station: Station
  url: string
  token: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export function defaultRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const candidate of ['../out/renderer', '../renderer', '../../out/renderer']) {
    const dir = path.resolve(here, candidate)
    if (fs.existsSync(path.join(dir, 'index.html')) && !fs.existsSync(path.join(dir, 'src'))) return dir
  }
  return path.resolve(here, '../out/renderer')
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/** The headless shell: the same station, the renderer over HTTP and the contract over WebSocket. */
export async function startHeadless(options: HeadlessOptions): Promise<HeadlessStation> {
  if (!isLoopback(options.host) && !options.allowRemote) {
    throw new Error(`Refusing to listen on ${options.host}: only loopback is allowed without --allow-remote (anyone who can reach it and has the token controls your radios).`)
  }
  const station = await Station.create(options)
  const token = randomBytes(18).toString('base64url')
  const expectedToken = Buffer.from(token)
  const rendererDir = options.rendererDir ?? defaultRendererDir()

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://station')
    response.setHeader('X-Content-Type-Options', 'nosniff')
    response.setHeader('Referrer-Policy', 'no-referrer')
    response.setHeader('Content-Security-Policy', CSP)
    const route = findHttpRoute(station, request.method, url.pathname)
    if (route) {
      // Capability endpoints (capture upload, export download) act on the station: the token is required, as for /ws.
      const presented = Buffer.from(url.searchParams.get('token') ?? '')
      if (presented.length !== expectedToken.length || !timingSafeEqual(presented, expectedToken)) {
        response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This request did not present the station token.\n')
        return
      }
      Promise.resolve(route.handle(request, response, url)).catch((error: Error) => {
        station.log.warn('HTTP route failed', { path: url.pathname, error: error.message })
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${error.message}\n`)
        else response.destroy()
      })
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end()
      return
    }
    if (url.pathname === '/healthz') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, profile: options.profile }))
      return
    }
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
    const file = path.resolve(rendererDir, relative)
    if (!file.startsWith(rendererDir + path.sep) && file !== rendererDir) {
      response.writeHead(403).end()
      return
    }
    fs.readFile(file, (error, body) => {
      if (error) {
        if (relative === 'index.html') {
          response
            .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
            .end('Provbench station is running, but the UI is not built. Run `npm run build` (or `npm start`).\n')
        } else response.writeHead(404).end()
        return
      }
      response.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': relative === 'index.html' ? 'no-store' : 'max-age=3600',
      })
      response.end(request.method === 'HEAD' ? undefined : body)
    })
  })

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, options.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    await station.close()
    throw error
  }
  server.on('error', (error) => station.log.error('HTTP server error', { error: error.message }))
  const wss = bindWebSocket(server, { token, handlers: station.handlers, bus: station.bus, log: station.log.child('ws') })
  wss.on('error', (error) => station.log.error('WebSocket server error', { error: error.message }))
  const address = server.address() as { port: number }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  const url = `http://${host}:${address.port}/?token=${token}`
  return {
    station,
    url,
    token,
    async close() {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await station.close()
    },
  }
}
