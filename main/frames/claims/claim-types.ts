// What a "provisioning-related" classifier sees and says. Each classifier claims the frames its decoder would use
// (zero-config IEs, p2p probe requests, smart-config length-coded data, ...); the frame store keeps one bit per
// claim, so "provisioning-related" is simply "some claim bit is set", and each claim can be filtered on by id.
import type { FrameSummary } from '../../codec/ieee80211/index.js'
import type { DecodedPacket } from '../../codec/ieee80211/index.js'
import type { Encoding, MethodId } from '../../../preload/contract'

/** One frame as offered to every classifier, on the ingest path: cheap fields first, bytes when needed. */
export interface ClaimFrame {
  linktype: number
  /** The captured packet: bytes[offset .. offset+length). Valid only during the call: copy what you keep. */
  bytes: Uint8Array
  offset: number
  length: number
  /** The 802.11 summary (linktypes 127 and 105); undefined for Ethernet, BLE and others. */
  wifi: FrameSummary | undefined
  /** Where the 802.11 frame starts in bytes (after radiotap); -1 without one. */
  mpduOffset: number
  /** Capture time in seconds since the epoch (microsecond precision), for classifiers with timing rules. */
  time: number
}

/** A labelled byte range shown in the Frames view's detail tree; offsets are within the packet's bytes. */
export interface AnnotationNode {
  label: string
  value?: string
  offset?: number
  length?: number
  children?: AnnotationNode[]
}

export interface ClaimClassifier {
  /** Called for every ingested frame; must be fast and must not throw (a throw counts as "no claim"). */
  claims(frame: ClaimFrame): boolean
  /**
   * Detail-tree nodes for a frame this classifier claimed (decoded on demand, never on the ingest path). Here the
   * frame's bytes are exactly the packet (offset 0), as are the decoder's offsets.
   */
  annotate?(frame: ClaimFrame, decoded: DecodedPacket): AnnotationNode[]
}

export interface ProvisioningClaim {
  /** Stable id, used in filters (`claim=zero-config`) and shown in the table. */
  id: string
  method: MethodId
  encoding?: Encoding
  /** Short English label for the UI ("Zero-config vendor IE"). */
  label: string
  /** One classifier per frame store or CLI pass, so a stateful decoder (bcast locking) starts fresh. */
  create(): ClaimClassifier
}
