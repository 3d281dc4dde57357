// Where a bundle's frames come from. A station may hold several sources: the frame store (main/frames, fed by a
// live capture, a file or the lab air) and the lab air ring kept for session records; the first that has frames
// for a session's time window wins. Downstream (pcapng export, frame evidence) cannot tell them apart.

export interface RecordedInterface {
  linktype: number
  name: string
}

export interface RecordedPacket {
  interfaceId: number
  timestampNs: bigint
  data: Uint8Array
}

export interface RecordedFrames {
  /** Which source: `frame-store`, `lab-air`, or a recording read back from disk. */
  source: string
  /** The source heard every channel (the lab air), so a frame not seen was not sent. */
  allChannels: boolean
  interfaces: RecordedInterface[]
  packets: RecordedPacket[]
  /** The window was longer than the source kept, or longer than the packet limit. */
  truncated: boolean
}

export interface SessionFrameSource {
  readonly name: string
  /** Frames captured between two wall-clock times (ms), at most `limit`; undefined when the source has none then. */
  between(fromMs: number, toMs: number, limit: number): RecordedFrames | undefined
}

const sources = new WeakMap<object, SessionFrameSource[]>()

/**
 * Registers a frame source for a station (the owner object); `first` puts it ahead of the others. The frame store's
 * installer calls this so bundles and frame evidence prefer what the user captured.
 */
export function addSessionFrameSource(owner: object, source: SessionFrameSource, first = false): () => void {
  const list = sources.get(owner) ?? []
  if (first) list.unshift(source)
  else list.push(source)
  sources.set(owner, list)
  return () => {
    const current = sources.get(owner)
    if (current) sources.set(owner, current.filter((s) => s !== source))
  }
}

export function sessionFrameSources(owner: object): readonly SessionFrameSource[] {
  return sources.get(owner) ?? []
}

/** The frames of a window from the first source that covers all of it, else the first that has any. */
export function framesBetween(owner: object, fromMs: number, toMs: number, limit: number): RecordedFrames | undefined {
  let partial: RecordedFrames | undefined
  for (const source of sessionFrameSources(owner)) {
    const frames = source.between(fromMs, toMs, limit)
    if (!frames || frames.packets.length === 0) continue
    if (!frames.truncated) return frames
    partial ??= frames
  }
  return partial
}
