// How an SSID's raw bytes are shown: UTF-8 when valid, else GBK when the bytes are well-formed GBK (phones in
// China still meet GBK routers), else printable ASCII with \xNN escapes. The bytes themselves are always kept.

import { isWellFormedGbk } from '../gbk-structure'

export { isWellFormedGbk } from '../gbk-structure'

export type SsidTextEncoding = 'utf-8' | 'gbk' | 'escaped'

export interface SsidText {
  display: string
  encoding: SsidTextEncoding
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })
// Node's ICU GBK decoder accepts some malformed input silently, so GBK structure is checked by hand first.
// (The 802.11 codec shows SSIDs with iconv-lite and escapes of its own; the two decoders differ on some GBK
// code points, so only the structure check is shared.)
const gbkDecoder = new TextDecoder('gbk')

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

export function escapeBytes(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) {
    out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`
  }
  return out
}

export function describeSsid(bytes: Uint8Array): SsidText {
  try {
    const text = strictUtf8.decode(bytes)
    if (!hasControlCharacter(text)) return { display: text, encoding: 'utf-8' }
  } catch {
    // not UTF-8; try GBK next
  }
  if (isWellFormedGbk(bytes)) {
    const text = gbkDecoder.decode(bytes)
    if (!hasControlCharacter(text) && !text.includes('\ufffd')) return { display: text, encoding: 'gbk' }
  }
  return { display: escapeBytes(bytes), encoding: 'escaped' }
}

export function isPrintableAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return false
  return true
}
