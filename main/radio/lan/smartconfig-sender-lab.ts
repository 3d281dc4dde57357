import type { Encoding } from '../../../preload/contract'
import type { ProductSecretCandidate } from '../../awss-oracle/sender-track'
import { decodeEthernet } from '../../codec/ethernet/index.js'
import type { Lab } from '../../lab/lab'
import { RouterRelay, WORKSTATION_NODE, WorkstationNode } from '../../lab/router-relay'
import { frequencyOf } from '../../lab/router'
import type { Logger } from '../../runtime/log'
import type { CaptureSink } from '../capture/capture-source'
import { LabAirSource } from '../capture/lab-air-source'
import { LivePcapSource } from '../capture/live-pcap-source'
import { P2P_CHANNELS, p2pProbeRequest } from './smartconfig-sender-p2p'
import { type DatagramSink, type ProbeInjector, SENDER_DEFAULTS } from './smartconfig-sender'
import type { SmartconfigChannel, SmartconfigLink, SmartconfigTarget } from './smartconfig-sender-links'
import { type SenderRoute, UdpDatagramSink } from './smartconfig-sender-udp'

// The lab's smart-config link. The sender is the hardware one (real UDP sockets); only its route differs: it binds the
// lab station's loopback address and broadcasts to the lab LAN's broadcast address, where the lab router owns a
// socket (main/lab/router-relay.ts). Multicast destinations are the data itself and a socket cannot learn them, so the
// router's side of mcast is a capture of the loopback interface (the live capture source) filtered to our datagrams;
// where capturing is not permitted the lab says so before a session starts.

/** The workstation's Wi-Fi MAC in the lab (main/radio/lab/lab-wifi.ts): the SA a device sees on our frames. */
export const LAB_STATION_MAC = '02:00:00:00:0a:01'
/** Android's P2P device address is locally administered: the same MAC with bit 1 set. */
export const LAB_P2P_MAC = '06:00:00:00:0a:01'

class LabProbeInjector implements ProbeInjector {
  private readonly detach: () => void

  constructor(private readonly lab: Lab) {
    this.detach = lab.air.attach(new WorkstationNode(lab.scenario.workstation.position))
  }

  async inject(deviceName: Uint8Array, index: number): Promise<void> {
    const channel = P2P_CHANNELS[index % P2P_CHANNELS.length]
    const frame = p2pProbeRequest(LAB_P2P_MAC, deviceName, index)
    if (!frame.ok) throw new Error(frame.error.reason)
    this.lab.air.transmit({ medium: 'wifi', from: WORKSTATION_NODE, channel, freqMHz: frequencyOf(channel), bytes: frame.value, rateKbps: 1000 })
  }

  async close(): Promise<void> {
    this.detach()
  }
}

export class LabSmartconfigLink implements SmartconfigLink {
  readonly kind = 'lab' as const
  private multicastRefusal: string | undefined

  constructor(
    private readonly lab: Lab,
    private readonly log: Logger,
    private readonly port = SENDER_DEFAULTS.port,
  ) {}

  unavailable(encoding: Encoding): string | undefined {
    return encoding === 'mcast' ? this.multicastRefusal : undefined
  }

  route(): SenderRoute {
    const lan = this.lab.lan
    return { interface: 'lab LAN (loopback)', bindAddress: lan.stationAddress, broadcastAddress: lan.broadcastAddress, multicastInterface: lan.stationAddress, port: this.port }
  }

  productKeyFor(deviceId: string | undefined): string | undefined {
    const device = deviceId ? this.lab.device(deviceId) : this.lab.allDevices().find((d) => d.methods.includes('smart-config'))
    return device?.spec.productKey
  }

  deviceNameFor(deviceId: string | undefined): string | undefined {
    return deviceId ? this.lab.device(deviceId)?.spec.deviceName : undefined
  }

  productSecrets(): ProductSecretCandidate[] {
    return this.lab.scenario.products.map((p) => ({ productKey: p.productKey, secret: p.productSecret }))
  }

  async watch(sink: CaptureSink): Promise<() => Promise<void>> {
    const source = new LabAirSource(this.lab.air, this.lab.scenario.workstation.position)
    await source.start(sink)
    return async () => void (await source.stop())
  }

  async open(encoding: Encoding, target: SmartconfigTarget): Promise<SmartconfigChannel> {
    if (encoding === 'p2p') {
      const injector = new LabProbeInjector(this.lab)
      return { injector, sender: LAB_P2P_MAC, describe: { via: 'lab air (probe requests)', channels: P2P_CHANNELS.join(',') }, close: () => injector.close() }
    }
    const route = this.route()
    // The workstation is on the target network: the router with that BSSID, else the first with that SSID.
    const routers = this.lab.allRouters()
    const bssid = target.bssid?.toLowerCase()
    const router = (bssid && routers.find((r) => r.spec.bssid === bssid)) || routers.find((r) => r.spec.ssid === target.ssid)
    const closers: (() => Promise<void> | void)[] = []
    let relay: RouterRelay | undefined
    try {
      if (router) {
        relay = new RouterRelay(router, this.lab.air, LAB_STATION_MAC, this.lab.scenario.workstation.position, {
          multicastDropped: () =>
            this.lab.events.emit({ deviceId: `router:${router.spec.id}`, kind: 'smartconfig-multicast-dropped', detail: { router: router.spec.id, bssid: router.spec.bssid } }),
        })
        closers.push(() => relay!.close())
        await relay.listenUdp(route.broadcastAddress, route.port)
        if (encoding === 'mcast') closers.push(await this.multicastIngress(relay, route))
      }
      const sink: DatagramSink = await UdpDatagramSink.open(route)
      closers.push(() => sink.close())
      return {
        sink,
        sender: LAB_STATION_MAC,
        describe: {
          via: route.interface,
          from: route.bindAddress,
          to: encoding === 'bcast' ? `${route.broadcastAddress}:${route.port}` : `239.x.y.z:${route.port}`,
          relayedBy: router ? router.spec.id : 'none (no lab router has this network)',
        },
        close: async () => {
          for (const close of closers.reverse()) await close()
        },
      }
    } catch (error) {
      for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined)
      throw error
    }
  }

  /** The lab router's view of our multicast: a loopback capture of the datagrams leaving the station's address. */
  private async multicastIngress(relay: RouterRelay, route: SenderRoute): Promise<() => Promise<void>> {
    const source = new LivePcapSource({ interface: 'lo', monitor: 'off', filter: `udp and src host ${route.bindAddress} and dst net 224.0.0.0/4 and dst port ${route.port}` })
    try {
      await source.start({
        packet: (packet) => {
          const frame = decodeEthernet(packet.buffer.subarray(packet.offset, packet.offset + packet.length))
          const udp = frame.ok ? frame.value.udp : undefined
          if (udp) relay.ingest({ srcIp: udp.srcIp, srcPort: udp.srcPort, dstIp: udp.dstIp, dstPort: udp.dstPort, payloadLength: udp.payloadLength })
        },
      })
    } catch (error) {
      this.multicastRefusal = `mcast in the lab needs a capture of the loopback interface, which failed: ${(error as Error).message}`
      this.log.warn('lab mcast relay unavailable', { reason: (error as Error).message })
      throw new Error(this.multicastRefusal)
    }
    return async () => void (await source.stop())
  }
}
