// Link-layer CRC (Core Spec Vol 6 Part B §3.1.1): x^24+x^10+x^9+x^6+x^4+x^3+x+1, PDU bits fed LSB first.
// Advertising channels use CRCInit 0x555555; a connection uses the CRCInit carried in its CONNECT_IND.

export const ADVERTISING_CRC_INIT = 0x555555

function reverse24(v: number): number {
  let r = 0
  for (let i = 0; i < 24; i++) r |= ((v >>> i) & 1) << (23 - i)
  return r >>> 0
}

/**
 * The CRC as a 24-bit number whose little-endian bytes are the three CRC octets as captured
 * (the order Wireshark and every LL sniffer store them in).
 */
export function crc24(pdu: Uint8Array, crcInit: number): number {
  // The register runs bit-reversed so that one right shift per input bit is the whole LFSR step.
  let state = reverse24(crcInit & 0xffffff)
  for (let i = 0; i < pdu.length; i++) {
    let byte = pdu[i]
    for (let bit = 0; bit < 8; bit++) {
      const feedback = (state ^ byte) & 1
      byte >>>= 1
      state >>>= 1
      if (feedback) state = (state | 0x800000) ^ 0x5a6000
    }
  }
  return state >>> 0
}

export function crc24Bytes(pdu: Uint8Array, crcInit: number): Uint8Array {
  const c = crc24(pdu, crcInit)
  return Uint8Array.of(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff)
}
