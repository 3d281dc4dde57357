import type { FrameStore } from '../frames/frame-store'
import type { RecordedFrames, SessionFrameSource } from './frame-source'

/**
 * The frame store (main/frames) as a source of session frames: what the user is capturing (live pcap, the lab air)
 * is what a bundle should carry. `active` says whether the store is fed by a live source now: frames of an opened
 * file are from another time and never belong to a session.
 */
export function frameStoreSource(store: FrameStore, active: () => { live: boolean; allChannels: boolean }): SessionFrameSource {
  // (live: the store holds frames of the present, from a live interface or the lab air, not an opened file.)
  return {
    name: 'frame-store',
    between(fromMs, toMs, limit): RecordedFrames | undefined {
      const state = active()
      if (!state.live || store.size === 0) return undefined
      const first = store.seekTime(fromMs / 1000)
      const interfaces = store.interfaceTable().map((i) => ({ linktype: i.linktype, name: i.name }))
      const packets: RecordedFrames['packets'] = []
      // The window starts before the oldest stored frame: the capture began late, or its start was dropped.
      const oldest = store.timeOf(store.firstIndex)
      let truncated = first === store.firstIndex && (oldest === undefined || oldest * 1000 > fromMs + 50)
      for (let index = first; index < store.nextIndex; index++) {
        const ref = store.ref(index)
        if (!ref) break
        const seconds = ref.block.seconds[ref.i]
        const nanoseconds = ref.block.nanoseconds[ref.i]
        if (seconds * 1000 + nanoseconds / 1e6 > toMs) break
        if (packets.length >= limit) {
          truncated = true
          break
        }
        packets.push({ interfaceId: ref.block.iface[ref.i], timestampNs: BigInt(seconds) * 1_000_000_000n + BigInt(nanoseconds), data: store.bytesOf(ref).slice() })
      }
      return packets.length > 0 ? { source: 'frame-store', allChannels: state.allChannels, interfaces, packets, truncated } : undefined
    },
  }
}
