/**
 * Where the driver host/probe child lives: next to this module in sources (main/radio/host/probe-child.ts, run via
 * tsx) and next to the main bundle when built (out/main/probe-child.js, an entry of electron.vite.config.ts).
 */
export const probeChildUrl = (): URL => new URL('./probe-child.js', import.meta.url)
