import { BUNDLE_CHUNK_BYTES } from '../../../../preload/contract'
import type { StationClient } from '../../client/station-client'

// Bundles cross the contract in chunks (one WebSocket message is at most 1 MiB), both ways.

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Builds the session's bundle in main and saves it as a download. */
export async function downloadBundle(client: StationClient, sessionId: string): Promise<{ fileName: string; size: number }> {
  const started = await client.call('bundle.export', { sessionId })
  const parts: Uint8Array[] = []
  for (let index = 0; index < started.chunks; index++) parts.push(fromBase64((await client.call('bundle.exportChunk', { transferId: started.transferId, index })).base64))
  const blob = new Blob(parts as BlobPart[], { type: 'application/x-tar' })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = started.fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
  return { fileName: started.fileName, size: started.size }
}

/** Sends a bundle file to main and opens it. */
export async function uploadAndOpen(client: StationClient, file: File) {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let uploadId: string | undefined
  for (let index = 0; index * BUNDLE_CHUNK_BYTES < bytes.length || index === 0; index++) {
    const chunk = bytes.subarray(index * BUNDLE_CHUNK_BYTES, (index + 1) * BUNDLE_CHUNK_BYTES)
    uploadId = (await client.call('bundle.upload', { ...(uploadId ? { uploadId } : {}), fileName: file.name.slice(0, 255), index, base64: toBase64(chunk) })).uploadId
  }
  return client.call('bundle.open', { uploadId: uploadId! })
}
