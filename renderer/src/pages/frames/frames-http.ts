import { FRAMES_UPLOAD_PATH, type FramesStatus } from '../../../../preload/contract'
import { TOKEN_STORAGE_KEY } from '../../client/station-token'
import { ContractCallError } from '../../client/contract-error'

// The headless station's two HTTP endpoints for frames (the contract carries everything else). Both need the
// station token, kept in sessionStorage by the client when the page was opened.

function token(): string {
  const value = window.sessionStorage.getItem(TOKEN_STORAGE_KEY)
  if (!value) throw new ContractCallError('unauthenticated', 'No station access token.')
  return value
}

/** Streams a local file to the station, which reads it as a capture. */
export async function uploadCapture(file: File): Promise<FramesStatus> {
  const url = `${FRAMES_UPLOAD_PATH}?token=${encodeURIComponent(token())}&name=${encodeURIComponent(file.name)}`
  const response = await fetch(url, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } })
  if (!response.ok) throw new ContractCallError('failed', (await response.text()).trim() || `upload failed (${response.status})`)
  return (await response.json()) as FramesStatus
}

/** Starts the browser download of an export main prepared. */
export function downloadExport(downloadPath: string): void {
  const link = document.createElement('a')
  link.href = `${downloadPath}?token=${encodeURIComponent(token())}`
  link.download = ''
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
}
