// Whether SSID bytes are two-byte GBK, checked by hand because neither GBK decoder we use refuses malformed input:
// Node's ICU decoder accepts some of it silently, and iconv-lite maps a lone 0x80 to the euro sign (code page 936).
// The AWSS and 802.11 codecs each keep their own display policy; this structural test is the part they agree on.

/**
 * Two-byte GBK: lead 0x81-0xFE, trail 0x40-0x7E or 0x80-0xFE; every other byte must be ASCII, and at least one
 * two-byte character must be present (pure ASCII is not evidence of GBK).
 */
export function isWellFormedGbk(bytes: Uint8Array): boolean {
  let multiByte = false
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    if (b < 0x80) continue
    if (b < 0x81 || b > 0xfe || i + 1 >= bytes.length) return false
    const trail = bytes[i + 1]
    if (!((trail >= 0x40 && trail <= 0x7e) || (trail >= 0x80 && trail <= 0xfe))) return false
    multiByte = true
    i += 1
  }
  return multiByte
}
