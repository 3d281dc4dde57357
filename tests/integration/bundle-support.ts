import { buildDataFrame } from '../../main/codec/ieee80211'
import { createLogger } from '../../main/runtime/log'
import { dispatchCall } from '../../main/transport/dispatch'
import type { Station } from '../../main/station'

const quiet = createLogger('test', { write: () => undefined })

/** Calls a contract command the way both shells do: input and output checked against the contract. */
export async function call<T>(station: Station, name: string, input: unknown): Promise<T> {
  const reply = await dispatchCall(station.handlers, name, input, quiet)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code })
  return reply.output as T
}

/** Exports a session's bundle through the contract, chunk by chunk, as the renderer does. */
export async function exportThroughContract(station: Station, sessionId: string): Promise<{ bytes: Uint8Array; fileName: string }> {
  const started = await call<{ transferId: string; fileName: string; size: number; chunks: number }>(station, 'bundle.export', { sessionId })
  const parts: Buffer[] = []
  for (let index = 0; index < started.chunks; index++) {
    const chunk = await call<{ base64: string }>(station, 'bundle.exportChunk', { transferId: started.transferId, index })
    parts.push(Buffer.from(chunk.base64, 'base64'))
  }
  const bytes = new Uint8Array(Buffer.concat(parts))
  if (bytes.length !== started.size) throw new Error(`bundle arrived with ${bytes.length} bytes, ${started.size} announced`)
  return { bytes, fileName: started.fileName }
}

/** A data frame on the lab air whose payload carries the given text in clear (a careless device, say). */
export function leakOnAir(station: Station, text: string): void {
  const body = new TextEncoder().encode(`LEAK:${text}:END`)
  const frame = buildDataFrame({ toDS: true, fromDS: false, bssid: '02:00:1a:00:00:01', sa: '02:00:99:00:00:01', da: 'ff:ff:ff:ff:ff:ff', body })
  if (!frame.ok) throw new Error(frame.error.reason)
  station.lab!.air.transmit({ medium: 'wifi', from: 'test-leaker', channel: 6, freqMHz: 2437, bytes: frame.value })
}

export function contains(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle, 'utf8'))
}
