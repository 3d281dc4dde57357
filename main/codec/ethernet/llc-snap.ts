// 802.2 LLC with a SNAP header, as 802.11 data frames carry IP: AA AA 03 + OUI + EtherType.
import { fail, ok, type Result } from '../result.js'
import { u16be } from '../ieee80211/bytes.js'

export interface LlcSnap {
  /** 0x000000 (RFC 1042) or 0x0000f8 (802.1H bridge tunnel); others are vendor protocols. */
  oui: number
  ethertype: number
  payloadOffset: number
}

export const LLC_SNAP_LENGTH = 8

export function decodeLlcSnap(b: Uint8Array, start: number, end: number): Result<LlcSnap> {
  if (end - start < LLC_SNAP_LENGTH) return fail('LLC/SNAP header needs 8 bytes', start)
  if (b[start] !== 0xaa || b[start + 1] !== 0xaa || b[start + 2] !== 0x03) {
    return fail('body does not start with an LLC/SNAP header (AA AA 03)', start)
  }
  return ok({
    oui: (b[start + 3] << 16) | (b[start + 4] << 8) | b[start + 5],
    ethertype: u16be(b, start + 6),
    payloadOffset: start + LLC_SNAP_LENGTH,
  })
}
