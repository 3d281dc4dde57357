export const TOKEN_STORAGE_KEY = 'provbench.stationToken'

interface LocationLike {
  readonly search: string
  readonly pathname: string
  readonly hash: string
}

interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

interface HistoryLike {
  readonly state: unknown
  replaceState(data: unknown, unused: string, url?: string): void
}

/**
 * The station prints `http://127.0.0.1:PORT/?token=...`. The token is kept in sessionStorage so reloads work, and
 * taken out of the visible URL so it does not end up in screenshots, bookmarks or shared links.
 */
export function takeStationToken(location: LocationLike, storage: StorageLike, history: HistoryLike): string | null {
  const params = new URLSearchParams(location.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    storage.setItem(TOKEN_STORAGE_KEY, fromUrl)
    params.delete('token')
    const query = params.toString()
    history.replaceState(history.state, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`)
    return fromUrl
  }
  return storage.getItem(TOKEN_STORAGE_KEY)
}

export function stationSocketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`
}
