import type { IncomingMessage, ServerResponse } from 'node:http'

// HTTP endpoints a capability adds to the headless station for what does not fit a contract message: uploading a
// capture file, downloading an export. The station's server checks the token before any route runs.

export interface HttpRoute {
  method: 'GET' | 'POST'
  /** Exact path, or a prefix when `prefix` is set (the rest of the path is the route's argument). */
  path: string
  prefix?: boolean
  handle(request: IncomingMessage, response: ServerResponse, url: URL): void | Promise<void>
}

const routes = new WeakMap<object, HttpRoute[]>()

/** Registers a route on a station (kept beside it, so the Station class needs no HTTP knowledge). */
export function addHttpRoute(station: object, route: HttpRoute): () => void {
  const list = routes.get(station) ?? []
  list.push(route)
  routes.set(station, list)
  return () => {
    const at = list.indexOf(route)
    if (at >= 0) list.splice(at, 1)
  }
}

export function findHttpRoute(station: object, method: string | undefined, pathname: string): HttpRoute | undefined {
  return routes.get(station)?.find((r) => r.method === method && (r.prefix ? pathname.startsWith(r.path) : pathname === r.path))
}
