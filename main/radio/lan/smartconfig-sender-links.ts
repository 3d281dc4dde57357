import type { Encoding } from '../../../preload/contract'
import type { ProductSecretCandidate } from '../../awss-oracle/sender-track'
import type { CaptureSink } from '../capture/capture-source'
import type { Radios } from '../index'
import type { DatagramSink, ProbeInjector } from './smartconfig-sender'

// What the smart-config method sends through, without knowing whether it holds hardware or the lab (as for every
// radio): a route for UDP, an injector for p2p, and a monitor view of the air for the oracle when one exists. The
// station's smart-config feature registers one link per station (keyed by its Radios).

export interface SmartconfigTarget {
  ssid: string
  bssid?: string
}

/** What one session sends through; close() releases sockets, helpers and the lab relay. */
export interface SmartconfigChannel {
  sink?: DatagramSink
  injector?: ProbeInjector
  /** The source address a device sees on our frames (the workstation's MAC), when known. */
  sender?: string
  /** For the timeline: where the datagrams go. */
  describe: Record<string, string | number>
  close(): Promise<void>
}

export interface SmartconfigLink {
  readonly kind: 'lab' | 'hardware'
  /** Why this encoding cannot be sent from here, said before anything is sent; undefined when it can. */
  unavailable(encoding: Encoding): string | undefined
  open(encoding: Encoding, target: SmartconfigTarget): Promise<SmartconfigChannel>
  /** The product of a known device (the lab knows its devices; hardware needs the user to say). */
  productKeyFor(deviceId: string | undefined): string | undefined
  deviceNameFor(deviceId: string | undefined): string | undefined
  /** A monitor view of the air while a session runs (the lab air, or a monitor-mode capture); undefined without. */
  watch?(sink: CaptureSink): Promise<() => Promise<void>>
  /** productSecrets the oracle may try (the lab's products; the user's saved ones on hardware). */
  productSecrets(): ProductSecretCandidate[]
}

const links = new WeakMap<Radios, SmartconfigLink>()

export function setSmartconfigLink(radios: Radios, link: SmartconfigLink): void {
  links.set(radios, link)
}

export function smartconfigLink(radios: Radios): SmartconfigLink | undefined {
  return links.get(radios)
}
