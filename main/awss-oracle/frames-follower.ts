import { decodePacket, TYPE_SUBTYPE } from '../codec/ieee80211/index.js'
import type { FrameStore } from '../frames/frame-store'
import type { AirOracle } from './air-oracle'

/**
 * Keeps an oracle in step with the Frames view's store, whatever its source (lab air, live capture, file): after each
 * batch it reads the new frames, but decodes only those the smart-config claims marked and the first beacon of each
 * BSSID (an AP's ciphers do not change), so following a busy capture costs little. A new source clears the store,
 * and with it the oracle. Returns how many frames have been looked at, and a stop function.
 */
export function followFrameStore(store: FrameStore, oracle: AirOracle): { frames: () => number; stop: () => void } {
  let next = store.firstIndex
  let base = store.firstIndex
  const knownBss = new Set<number>()
  let mask = 0
  store.claimDefinitions.forEach((claim, bit) => {
    if (claim.method === 'smart-config') mask |= 1 << bit
  })
  const stop = store.onAppend(() => {
    if (store.nextIndex < next) {
      oracle.reset()
      knownBss.clear()
      next = base = store.firstIndex
    }
    for (let index = Math.max(next, store.firstIndex); index < store.nextIndex; index++) {
      const ref = store.ref(index)
      if (!ref) continue
      const { block, i } = ref
      const kind = block.typeSubtype[i]
      if (kind === TYPE_SUBTYPE.beacon || kind === TYPE_SUBTYPE.probeResponse) {
        if (knownBss.has(block.bssid[i])) continue
        knownBss.add(block.bssid[i])
      } else if (!(block.claims[i] & mask)) continue
      const bytes = store.bytesOf(ref)
      const iface = store.interfaceOf(ref)
      oracle.pushPacket(decodePacket(iface.linktype, bytes, { fcsAtEnd: iface.fcsLength === 4 }), bytes, block.seconds[i] * 1000 + block.nanoseconds[i] / 1e6)
    }
    next = store.nextIndex
  })
  return { frames: () => store.nextIndex - base, stop }
}
