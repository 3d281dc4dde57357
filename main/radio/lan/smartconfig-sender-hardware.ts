import fs from 'node:fs'
import os from 'node:os'
import type { Encoding } from '../../../preload/contract'
import type { ProductSecretCandidate } from '../../awss-oracle/sender-track'
import type { CaptureSink } from '../capture/capture-source'
import { LivePcapSource } from '../capture/live-pcap-source'
import type { Radios } from '../index'
import { PcapProbeInjector } from './smartconfig-sender-p2p'
import { SENDER_DEFAULTS } from './smartconfig-sender'
import type { SmartconfigChannel, SmartconfigLink } from './smartconfig-sender-links'
import { resolveSenderRoute, UdpDatagramSink } from './smartconfig-sender-udp'

// smart-config from real hardware: bcast and mcast leave through the workstation's Wi-Fi interface (it plays the phone,
// joined to the target network); p2p needs raw 802.11, i.e. a monitor-mode interface that can inject, which the
// capture radio's probe reports. A live capture on that interface, when there is one, feeds the air oracle.

const isWireless = (name: string) => fs.existsSync(`/sys/class/net/${name}/wireless`)

export class HardwareSmartconfigLink implements SmartconfigLink {
  readonly kind = 'hardware' as const

  constructor(
    private readonly radios: Radios,
    private readonly secrets: () => ProductSecretCandidate[],
    private readonly options: { interfaceName?: string; limitedBroadcast?: boolean } = {},
  ) {}

  private route() {
    return resolveSenderRoute(os.networkInterfaces(), { name: this.options.interfaceName, limitedBroadcast: this.options.limitedBroadcast, isWireless })
  }

  /** The monitor-mode interface the capture probe found, if any. */
  private monitorInterface(): { name?: string; reason?: string } {
    const state = this.radios.capture.state()
    const name = typeof state.details?.interface === 'string' ? state.details.interface : undefined
    if (state.status === 'ready' && state.details?.monitorMode === true && name) return { name }
    return { reason: `${state.reason ?? 'no monitor-mode interface'}${state.remedy ? ` ${state.remedy}` : ''}` }
  }

  unavailable(encoding: Encoding): string | undefined {
    if (encoding === 'p2p') {
      const monitor = this.monitorInterface()
      return monitor.name ? undefined : `p2p sends a raw probe request, which needs a monitor-mode Wi-Fi interface that can inject: ${monitor.reason}`
    }
    const route = this.route()
    return route.ok ? undefined : route.reason
  }

  async open(encoding: Encoding): Promise<SmartconfigChannel> {
    if (encoding === 'p2p') {
      const monitor = this.monitorInterface()
      if (!monitor.name) throw new Error(this.unavailable('p2p'))
      // A fresh locally administered address per session, as Android's P2P device address is.
      const tail = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0')).join(':')
      const sa = `06:${tail}`
      const injector = new PcapProbeInjector(monitor.name, sa, SENDER_DEFAULTS.p2pIntervalMs)
      return { injector, sender: sa, describe: { via: monitor.name, mode: 'pcap inject (current channel)' }, close: () => injector.close() }
    }
    const route = this.route()
    if (!route.ok) throw new Error(route.reason)
    const sink = await UdpDatagramSink.open(route.route)
    return {
      sink,
      describe: { via: route.route.interface, from: route.route.bindAddress, to: encoding === 'bcast' ? route.route.broadcastAddress : '239.x.y.z', port: route.route.port },
      close: () => sink.close(),
    }
  }

  productKeyFor(): string | undefined {
    return undefined
  }

  deviceNameFor(): string | undefined {
    return undefined
  }

  productSecrets(): ProductSecretCandidate[] {
    return this.secrets()
  }

  async watch(sink: CaptureSink): Promise<() => Promise<void>> {
    const monitor = this.monitorInterface()
    if (!monitor.name) throw new Error(monitor.reason)
    const source = new LivePcapSource({ interface: monitor.name, monitor: 'on' })
    await source.start(sink)
    return async () => void (await source.stop())
  }
}
