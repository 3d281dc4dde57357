// SSIDs are raw bytes on the air. Phones and routers in China often carry GBK SSIDs, so the display form
// tries UTF-8 first, then GBK, and falls back to escaped hex so that nothing is silently replaced.
import iconv from 'iconv-lite'
import { isWellFormedGbk } from '../gbk-structure.js'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export type SsidEncoding = 'ascii' | 'utf-8' | 'gbk' | 'hex'

export interface SsidText {
  text: string
  encoding: SsidEncoding
}

/** Decodes SSID (or Mesh ID, WPS device name) bytes for display. */
export function decodeSsidText(bytes: Uint8Array): SsidText {
  let ascii = true
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false
      break
    }
  }
  if (ascii) return { text: escapeControls(String.fromCharCode(...bytes)), encoding: 'ascii' }
  try {
    return { text: escapeControls(utf8.decode(bytes)), encoding: 'utf-8' }
  } catch {
    // not UTF-8: try GBK below
  }
  // Only reached with a byte >= 0x80, so the shared check's "at least one two-byte character" always holds.
  if (isWellFormedGbk(bytes)) {
    const text = iconv.decode(bytes, 'gbk')
    if (!text.includes('\ufffd')) return { text: escapeControls(text), encoding: 'gbk' }
  }
  return { text: escapeAllNonPrintable(bytes), encoding: 'hex' }
}

export function ssidDisplay(bytes: Uint8Array): string {
  return decodeSsidText(bytes).text
}

// Control characters would break a table row or hide as invisible text; show them as \xNN.
function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f\x7f\\]/.test(text)) return text
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f\\]/g, (c) => (c === '\\' ? '\\\\' : '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')))
}

function escapeAllNonPrintable(bytes: Uint8Array): string {
  let text = ''
  for (const b of bytes) {
    if (b === 0x5c) text += '\\\\'
    else if (b >= 0x20 && b < 0x7f) text += String.fromCharCode(b)
    else text += '\\x' + b.toString(16).padStart(2, '0')
  }
  return text
}
