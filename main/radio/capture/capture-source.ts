// One interface for every capture source (live pcap, file, lab air), as Lichtblick's players are one interface for
// live connections and files: downstream code (the frame store, the CLI, the recorder) cannot tell them apart.

/** One capture interface (a pcapng IDB, the live interface, the lab air's Wi-Fi or BLE side). */
export interface CaptureInterfaceInfo {
  /** LINKTYPE_* of its packets (127 radiotap, 105 802.11, 1 Ethernet, 256 BLE LL with PHDR, ...). */
  linktype: number
  name: string
  /** Bytes of FCS ending each packet when the source knows (pcapng if_fcslen); undefined when it does not say. */
  fcsLength?: number
}

/**
 * One captured packet. Sources reuse this object and its buffer: the bytes buffer[offset .. offset+length) and every
 * field are valid only during the sink call, so a sink copies what it keeps (the frame store copies into its ring).
 */
export interface CapturedPacket {
  iface: CaptureInterfaceInfo
  buffer: Uint8Array
  offset: number
  /** Captured length. */
  length: number
  /** Length on the wire (>= length when the snap length cut the packet). */
  originalLength: number
  seconds: number
  nanoseconds: number
}

export interface CaptureSink {
  packet(packet: CapturedPacket): void
  /**
   * After a run of packets (one file chunk, one live read): the sink may flush counters or print. A returned promise
   * is backpressure: a file source waits for it before reading on; live sources cannot wait and do not.
   */
  batchEnd?(): void | Promise<void>
  /** A problem in the capture that is not fatal (a malformed file block): the source continues after it. */
  problem?(problem: { reason: string; offset: number }): void
}

export type CaptureSourceKind = 'live' | 'file' | 'lab'

export interface CaptureDescription {
  kind: CaptureSourceKind
  /** What the user would call it: "wlan0 (monitor mode)", "capture.pcapng", "lab air". */
  label: string
  /** Live only: whether the interface really is in monitor mode (radiotap 802.11 frames) or a plain interface. */
  monitorMode?: boolean
  /** Live only: the BPF filter in force. */
  filter?: string
  /** Live only, once started: the interface's link type. */
  linktype?: number
}

export interface CaptureEnd {
  reason: 'stopped' | 'end-of-file' | 'failed'
  packets: number
  /** Packets the OS or driver dropped before we saw them (live; 0 elsewhere). */
  droppedByCapture: number
  error?: CaptureError
}

export type CaptureErrorCode =
  | 'no-permission'
  | 'no-monitor-mode'
  | 'no-such-interface'
  | 'interface-gone'
  | 'bad-filter'
  | 'driver-unavailable'
  | 'file-unreadable'
  | 'not-a-capture'
  | 'failed'

/** What went wrong, in words a support engineer can act on: the reason, and what to do about it. */
export class CaptureError extends Error {
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
    readonly remedy?: string,
  ) {
    super(message)
    this.name = 'CaptureError'
  }
}

export interface CaptureSource {
  readonly description: CaptureDescription
  /**
   * Opens the source and starts delivering packets to the sink. Resolves once packets can flow (live: the interface
   * is open), rejects with a CaptureError when it cannot start. A source starts once.
   */
  start(sink: CaptureSink): Promise<void>
  /** Stops delivering; resolves with how the capture ended. Safe to call at any time, any number of times. */
  stop(): Promise<CaptureEnd>
  /** Settles when the source ends by itself or is stopped (never rejects). */
  readonly ended: Promise<CaptureEnd>
  /** Packets delivered so far. */
  readonly packets: number
}
