// RSN element (id 48) and its WPA ancestor (vendor 00:50:F2 type 1): version, group cipher, pairwise cipher
// list, AKM list, capabilities, PMKIDs, group management cipher. Every part after the version is optional
// on the air, but a count that promises more suites than the element holds is an error.
import { fail, ok, type Result } from '../result.js'
import { u16le } from './bytes.js'
import type { CipherSuite, RsnInfo, RsnSummary } from './ie-types.js'
import { toHex } from '../bytes.js'
import { formatOui } from './mac-address.js'

const IEEE_OUI = '00:0f:ac'
const MICROSOFT_OUI = '00:50:f2'

const RSN_CIPHERS: Record<number, string> = {
  0: 'group',
  1: 'WEP-40',
  2: 'TKIP',
  4: 'CCMP-128',
  5: 'WEP-104',
  6: 'BIP-CMAC-128',
  7: 'group-traffic-not-allowed',
  8: 'GCMP-128',
  9: 'GCMP-256',
  10: 'CCMP-256',
  11: 'BIP-GMAC-128',
  12: 'BIP-GMAC-256',
  13: 'BIP-CMAC-256',
}

const RSN_AKMS: Record<number, string> = {
  1: '802.1X',
  2: 'PSK',
  3: 'FT-802.1X',
  4: 'FT-PSK',
  5: '802.1X-SHA256',
  6: 'PSK-SHA256',
  7: 'TDLS',
  8: 'SAE',
  9: 'FT-SAE',
  10: 'AP-PeerKey',
  11: '802.1X-SuiteB-SHA256',
  12: '802.1X-SuiteB-SHA384',
  13: 'FT-802.1X-SHA384',
  14: 'FILS-SHA256',
  15: 'FILS-SHA384',
  16: 'FT-FILS-SHA256',
  17: 'FT-FILS-SHA384',
  18: 'OWE',
  19: 'FT-PSK-SHA384',
  20: 'PSK-SHA384',
  24: 'SAE-EXT-KEY',
  25: 'FT-SAE-EXT-KEY',
}

const WPA_CIPHERS: Record<number, string> = { 0: 'none', 1: 'WEP-40', 2: 'TKIP', 4: 'CCMP-128', 5: 'WEP-104' }
const WPA_AKMS: Record<number, string> = { 1: '802.1X', 2: 'PSK' }

type SuiteKind = 'cipher' | 'akm'

function suite(b: Uint8Array, o: number, kind: SuiteKind, wpa: boolean): CipherSuite {
  const oui = formatOui(b, o)
  const type = b[o + 3]
  const table = wpa ? (kind === 'cipher' ? WPA_CIPHERS : WPA_AKMS) : kind === 'cipher' ? RSN_CIPHERS : RSN_AKMS
  const home = wpa ? MICROSOFT_OUI : IEEE_OUI
  const name = oui === home && table[type] !== undefined ? table[type] : `${oui}:${type.toString(16).padStart(2, '0')}`
  return { oui, type, name }
}

/**
 * Decodes an RSN body (`wpa` = false) or a WPA vendor body after its OUI/type (`wpa` = true).
 * `start`/`end` delimit the body inside `b`; offsets in errors are absolute within `b`.
 */
export function decodeRsnBody(b: Uint8Array, start: number, end: number, wpa: boolean): Result<RsnInfo> {
  let at = start
  if (at + 2 > end) return fail('RSN element is too short for its version', at)
  const info: RsnInfo = { version: u16le(b, at), pairwiseCiphers: [], akms: [] }
  at += 2
  if (at + 4 > end) return ok(info)
  info.groupCipher = suite(b, at, 'cipher', wpa)
  at += 4
  for (const [list, kind] of [
    [info.pairwiseCiphers, 'cipher'],
    [info.akms, 'akm'],
  ] as const) {
    if (at + 2 > end) return ok(info)
    const count = u16le(b, at)
    at += 2
    if (at + 4 * count > end) return fail(`${kind} suite count ${count} needs ${4 * count} bytes, ${end - at} left`, at - 2)
    for (let i = 0; i < count; i++, at += 4) list.push(suite(b, at, kind, wpa))
  }
  if (wpa || at + 2 > end) return ok(info)
  info.capabilities = u16le(b, at)
  at += 2
  if (at + 2 > end) return ok(info)
  const pmkidCount = u16le(b, at)
  at += 2
  if (at + 16 * pmkidCount > end) return fail(`PMKID count ${pmkidCount} needs ${16 * pmkidCount} bytes`, at - 2)
  info.pmkids = []
  for (let i = 0; i < pmkidCount; i++, at += 16) info.pmkids.push(toHex(b.subarray(at, at + 16)))
  if (at + 4 > end) return ok(info)
  info.groupManagementCipher = suite(b, at, 'cipher', false)
  return ok(info)
}

export function summarizeRsn(info: RsnInfo): RsnSummary {
  return {
    group: info.groupCipher?.name,
    pairwise: info.pairwiseCiphers.map((c) => c.name),
    akms: info.akms.map((c) => c.name),
  }
}
