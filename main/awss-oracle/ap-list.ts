import type { AwssAccessPoint } from '../../preload/contract/awss'
import { describeSsid } from '../codec/awss/index.js'
import type { ApCiphers } from './cipher-offset'

// The device's AP list (IK32 awss_aplist): what it learnt from beacons and probe responses while scanning. It decides
// the cipher offset (§2.1), completes bcast SSIDs by BSSID, finds the mcast BSSID by its last 3 bytes, and completes a
// truncated p2p SSID by suffix.
export interface ApEntry {
  bssid: string
  ssid: Uint8Array
  channel?: number
  ciphers: ApCiphers
  lastSeenMs: number
}

export class ApList {
  private entries = new Map<string, ApEntry>()

  learn(entry: ApEntry): void {
    this.entries.set(entry.bssid, entry)
  }

  get(bssid: string): ApEntry | undefined {
    return this.entries.get(bssid)
  }

  /** mcast carries only the last 3 BSSID bytes (§3). */
  findByTail(tail: Uint8Array): ApEntry | undefined {
    const hex = Array.from(tail.subarray(0, 3), (b) => b.toString(16).padStart(2, '0')).join(':')
    for (const entry of this.entries.values()) if (entry.bssid.endsWith(hex)) return entry
    return undefined
  }

  /** zconfig_get_apinfo_by_ssid_suffix: the first AP whose SSID ends with these bytes. */
  findBySsidSuffix(suffix: Uint8Array): ApEntry | undefined {
    if (suffix.length === 0) return undefined
    for (const entry of this.entries.values()) {
      const ssid = entry.ssid
      if (ssid.length < suffix.length) continue
      const start = ssid.length - suffix.length
      if (suffix.every((b, i) => ssid[start + i] === b)) return entry
    }
    return undefined
  }

  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }

  view(): AwssAccessPoint[] {
    return [...this.entries.values()].map((e) => ({
      bssid: e.bssid,
      ssid: describeSsid(e.ssid).display,
      ...(e.channel !== undefined ? { channel: e.channel } : {}),
      groupCipher: e.ciphers.group,
      pairwiseCipher: e.ciphers.pairwise,
    }))
  }
}
