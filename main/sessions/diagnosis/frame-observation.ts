/** A milestone of a device joining a router, as a monitor on the air sees it. */
export type JoinMilestone =
  | 'beacon'
  | 'probe-response'
  | 'authentication'
  | 'association'
  | 'eapol-1'
  | 'eapol-2'
  | 'eapol-3'
  | 'eapol-4'
  | 'deauthentication'
  | 'disassociation'

/** What the frames around a session say about the device joining the target router. */
export interface FrameObservation {
  /** Where the frames came from, e.g. `lab-air` or `frame-store`. */
  source: string
  /** The capture heard every channel (the lab air), so "not seen" means "not sent". */
  allChannels: boolean
  frameCount: number
  /** The router's BSSID, given or learnt from its beacons. */
  bssid?: string
  /** Whether the router was heard at all (only `not-heard` when the capture could have heard it). */
  router: 'heard' | 'not-heard' | 'unknown'
  /** rejected: M2 sent and answered by a deauthentication instead of M3 (the router's MIC check failed). */
  handshake: 'not-started' | 'incomplete' | 'rejected' | 'completed' | 'not-needed' | 'unknown'
  seen: { milestone: JoinMilestone; count: number; detail?: string }[]
  /** Milestones of a complete join that never appeared. */
  notSeen: JoinMilestone[]
}
