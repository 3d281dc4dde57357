import type { RadioState } from '../../../preload/contract'

/** A CoAP message a device sent to the workstation's LAN listener (§9.2 notifications). */
export interface LanMessage {
  /** Path as the device sent it, e.g. "/sys/device/info/notify". */
  path: string
  method: string
  payload: string
  from: { address: string; port: number }
  receivedAt: number
}

export interface CoapReply {
  code: string
  payload: string
  from: { address: string; port: number }
}

export interface LanRadio {
  state(): RadioState
  /** Starts the listener if needed. Every message is acknowledged per §9.2 (code 200) so devices stop repeating. */
  start(): Promise<void>
  stop(): Promise<void>
  onMessage(listener: (message: LanMessage) => void): () => void
  /** Unicast or multicast CoAP GET with a JSON payload (§9.3), answered or rejected by timeout. */
  get(target: { address: string; port: number }, path: string, payload: string, timeoutMs: number): Promise<CoapReply>
  /** Where devices on this LAN send their notifications (for the lab to tell its devices). */
  listenerAddress(): { address: string; port: number } | undefined
}

export interface LanConfig {
  /** Address the listener binds: 0.0.0.0 with hardware, the lab subnet's broadcast address in the lab. */
  listenHost: string
  listenPort: number
  /** Source address for requests the workstation makes (the lab gives the station an address of its own). */
  sourceHost?: string
}
