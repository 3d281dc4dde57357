import type { AwssCipher, AwssOffset, AwssOffsetReason } from '../../preload/contract/awss'

// PROTOCOLS-awss.md §2.1: the device turns an 802.11 body length into a symbol by subtracting a fixed per-cipher
// overhead (LLC/SNAP 8 + IPv4 20 + UDP 8 + the cipher's own bytes). Which cipher it assumes is decided per frame,
// in this order: the AP list (a beacon or probe response it heard from the BSSID), the Protected bit, the
// Duration rule (high byte of Duration/ID zero => WEP; it fires for every broadcast FromDS frame), and only then
// the ExtIV/WEPSeed shapes of the IV. The consequence the diagnosis needs: a device that never heard the WPA2
// router's beacon applies WEP's 44 instead of CCMP's 52, and nothing decodes.

export const CIPHER_OFFSETS: Record<Exclude<AwssCipher, 'wired'>, number> & { wired: number } = {
  open: 36,
  wep: 44,
  tkip: 56,
  ccmp: 52,
  // Lengths rebuilt from a wired capture are already "open network" lengths: LLC/SNAP + IPv4 + UDP + payload.
  wired: 36,
}

/** What the AP list remembers of one BSSID: the ciphers its beacon announced. */
export interface ApCiphers {
  group: AwssCipher
  pairwise: AwssCipher
}

/** The few facts of a data frame the choice needs. */
export interface OffsetInput {
  direction: 'to-ds' | 'from-ds'
  protected: boolean
  duration: number
  /** First 4 body bytes (the IV / CCMP header when protected). */
  iv: Uint8Array
}

const EXPLAIN: Record<AwssOffsetReason, (cipher: AwssCipher) => string> = {
  'ap-list': (c) => `the device heard this BSSID's beacon, which announces ${c.toUpperCase()}`,
  unprotected: () => 'the frame is not protected (Protected bit clear): open network',
  'duration-rule': () =>
    "no beacon of this BSSID was heard and the Duration field is below 256 µs, so the device's first IV test assumes WEP",
  'extiv-tkip': () => 'no beacon heard; the IV has the TKIP WEPSeed shape',
  'extiv-ccmp': () => 'no beacon heard; the IV has the CCMP header shape',
  wired: () => 'wired capture: lengths rebuilt as an open network would carry them (LLC/SNAP + IPv4 + UDP)',
}

export function offsetFor(cipher: AwssCipher, reason: AwssOffsetReason): AwssOffset {
  return { cipher, bytes: CIPHER_OFFSETS[cipher], reason, explanation: EXPLAIN[reason](cipher) }
}

/**
 * The offset the device subtracts for this frame, or undefined when it would drop the frame (a protected frame
 * whose IV fits no known cipher shape).
 */
export function chooseOffset(frame: OffsetInput, ap: ApCiphers | undefined): AwssOffset | undefined {
  // Group cipher for FromDS (broadcast/multicast from the AP), pairwise for ToDS (the phone's unicast to the AP).
  if (ap) return offsetFor(frame.direction === 'from-ds' ? ap.group : ap.pairwise, 'ap-list')
  if (!frame.protected) return offsetFor('open', 'unprotected')
  // hdr[3] & 0x3F: the device reads the high byte of Duration/ID (and only its low 6 bits).
  if (((frame.duration >> 8) & 0x3f) === 0) return offsetFor('wep', 'duration-rule')
  const [d0, d1, d2, d3] = frame.iv
  if (frame.iv.length >= 2 && d1 === ((d0 | 0x20) & 0x7f)) return offsetFor('tkip', 'extiv-tkip')
  if (frame.iv.length >= 4 && d2 === 0 && (d3 & 0x0f) === 0) return offsetFor('ccmp', 'extiv-ccmp')
  return undefined
}

/** Cipher names from the RSN/WPA summary of a beacon ("CCMP-128", "TKIP", "WEP-40"), else the Privacy bit. */
export function cipherFromName(name: string | undefined, privacy: boolean): AwssCipher {
  if (name === undefined) return privacy ? 'wep' : 'open'
  if (/TKIP/i.test(name)) return 'tkip'
  if (/WEP/i.test(name)) return 'wep'
  if (/CCMP|GCMP/i.test(name)) return 'ccmp'
  return privacy ? 'wep' : 'open'
}

/** The device's table has one column for TKIP-AES mixed: pairwise TKIP+CCMP counts as TKIP (56). */
export function pairwiseCipher(names: string[] | undefined, privacy: boolean): AwssCipher {
  if (!names || names.length === 0) return cipherFromName(undefined, privacy)
  if (names.some((n) => /TKIP/i.test(n))) return 'tkip'
  return cipherFromName(names[0], privacy)
}
