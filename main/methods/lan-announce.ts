import type { LanMessage, LanRadio } from '../radio/lan/interface'
import type { Clock } from '../runtime/clock'

export interface Announcement {
  path: string
  method: string
  productKey?: string
  deviceName?: string
  mac?: string
  ip?: string
  token?: string
  from: { address: string; port: number }
  receivedAt: number
}

// §9.2 envelope: {"id":..,"version":"1.0","method":..,"params":{devinfo.., "token":"<32HEX>"}}. Devices' JSON is
// not always strict, so anything unparseable is reported as such rather than thrown.
export function parseAnnouncement(message: LanMessage): Announcement | undefined {
  let json: unknown
  try {
    json = JSON.parse(message.payload)
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null) return undefined
  const envelope = json as Record<string, unknown>
  const params = (typeof envelope.params === 'object' && envelope.params !== null ? envelope.params : {}) as Record<string, unknown>
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  return {
    path: message.path,
    method: text(envelope.method) ?? '',
    productKey: text(params.productKey),
    deviceName: text(params.deviceName),
    mac: text(params.mac),
    ip: text(params.ip),
    token: text(params.token)?.toUpperCase(),
    from: message.from,
    receivedAt: message.receivedAt,
  }
}

/**
 * Waits for the first notification `accept` takes; every other notification seen meanwhile is handed to `seen`
 * (the diagnosis wants to know that a device announced with another token, say).
 */
export function waitForAnnouncement(
  lan: LanRadio,
  clock: Clock,
  opts: { paths: string[]; timeoutMs: number; signal: AbortSignal; accept: (a: Announcement) => boolean; seen?: (a: Announcement) => void },
): Promise<Announcement | undefined> {
  return new Promise((resolve, reject) => {
    const finish = (value: Announcement | undefined, error?: unknown) => {
      stopListening()
      cancelTimer()
      opts.signal.removeEventListener('abort', onAbort)
      if (error) reject(error)
      else resolve(value)
    }
    const onAbort = () => finish(undefined, opts.signal.reason)
    const stopListening = lan.onMessage((message) => {
      if (!opts.paths.includes(message.path)) return
      const announcement = parseAnnouncement(message)
      if (!announcement) return
      if (opts.accept(announcement)) finish(announcement)
      else opts.seen?.(announcement)
    })
    const cancelTimer = clock.timer(opts.timeoutMs, () => finish(undefined))
    if (opts.signal.aborted) return onAbort()
    opts.signal.addEventListener('abort', onAbort, { once: true })
  })
}
