import { useSyncExternalStore } from 'react'

// Hash routing keeps every page reachable from the one index.html both shells serve (file:// in Electron,
// "/" on the headless station), and survives reloads without server-side routes.

function subscribe(notify: () => void) {
  window.addEventListener('hashchange', notify)
  return () => window.removeEventListener('hashchange', notify)
}

export function parseHash(hash: string): string[] {
  return hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
}

export function hrefFor(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`
}

export function useHashSegments(): string[] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseHash(hash)
}

export function navigate(...segments: string[]): void {
  window.location.hash = hrefFor(...segments).slice(1)
}
