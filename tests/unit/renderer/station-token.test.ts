import { describe, expect, it } from 'vitest'
import { TOKEN_STORAGE_KEY, stationSocketUrl, takeStationToken } from '../../../renderer/src/client/station-token'
import { DEFAULT_BACKOFF, backoffDelay } from '../../../renderer/src/client/backoff'

function browser(search: string, stored?: string) {
  const storage = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : [])
  const replaced: string[] = []
  return {
    location: { search, pathname: '/', hash: '#/sessions/abc' },
    storage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    history: { state: null, replaceState: (_d: unknown, _u: string, url?: string) => void replaced.push(url ?? '') },
    storageMap: storage,
    replaced,
  }
}

describe('station access token', () => {
  it('takes the token from the URL, keeps it for reloads and removes it from the visible address', () => {
    const b = browser('?token=abc%2B123&lang=zh')
    expect(takeStationToken(b.location, b.storage, b.history)).toBe('abc+123')
    expect(b.storageMap.get(TOKEN_STORAGE_KEY)).toBe('abc+123')
    expect(b.replaced).toEqual(['/?lang=zh#/sessions/abc'])
  })

  it('after a reload (no token in the URL) uses the stored one and leaves the URL alone', () => {
    const b = browser('', 'kept')
    expect(takeStationToken(b.location, b.storage, b.history)).toBe('kept')
    expect(b.replaced).toEqual([])
  })

  it('has none to give when neither the URL nor the session has one', () => {
    const b = browser('?other=1')
    expect(takeStationToken(b.location, b.storage, b.history)).toBeNull()
  })

  it('builds the WebSocket address on the page’s own host, secure when the page is', () => {
    expect(stationSocketUrl({ protocol: 'http:', host: '127.0.0.1:4123' }, 'a b')).toBe('ws://127.0.0.1:4123/ws?token=a%20b')
    expect(stationSocketUrl({ protocol: 'https:', host: 'bench.local' }, 't')).toBe('wss://bench.local/ws?token=t')
  })
})

describe('reconnect back-off', () => {
  it('doubles from the initial delay up to the cap, jittered within ±20 %', () => {
    const mid = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(DEFAULT_BACKOFF, n, 0.5))
    expect(mid).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000])
    expect(backoffDelay(DEFAULT_BACKOFF, 3, 0)).toBe(800)
    expect(backoffDelay(DEFAULT_BACKOFF, 3, 0.999999)).toBe(1_200)
    expect(backoffDelay(DEFAULT_BACKOFF, 50, 0.999999)).toBe(10_000)
  })
})
