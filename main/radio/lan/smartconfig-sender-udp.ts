import dgram from 'node:dgram'
import type os from 'node:os'
import { type DatagramSink, SENDER_DEFAULTS, type SmartconfigDatagram } from './smartconfig-sender'

// Real UDP for bcast and mcast: one socket bound to the chosen interface's address, so broadcasts and multicasts leave
// through that interface only. The payload bytes are zeros: devices read lengths (bcast) and destinations (mcast),
// never contents (§2.1). The lab uses the very same sink; only the addresses of its route differ.

export interface SenderRoute {
  /** Interface name, for messages ("wlan0", "lab LAN"). */
  interface: string
  /** Source address; the socket binds it so the datagrams leave through this interface. */
  bindAddress: string
  /** bcast destination: the subnet broadcast of the interface (default) or 255.255.255.255. */
  broadcastAddress: string
  /** The interface address multicast leaves from (IP_MULTICAST_IF). */
  multicastInterface: string
  port: number
}

const MAX_PAYLOAD = 1500

export class UdpDatagramSink implements DatagramSink {
  private readonly zeros = Buffer.alloc(MAX_PAYLOAD)
  private closed = false

  private constructor(
    private readonly socket: dgram.Socket,
    readonly route: SenderRoute,
  ) {}

  static async open(route: SenderRoute): Promise<UdpDatagramSink> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: false })
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, route.bindAddress, () => {
        socket.off('error', reject)
        resolve()
      })
    })
    // A send error (no route, EPERM) is reported through send(); keep the process from dying on a late one.
    socket.on('error', () => undefined)
    socket.setBroadcast(true)
    socket.setMulticastInterface(route.multicastInterface)
    // One hop: smart-config datagrams are for the router's own radio, never routed further.
    socket.setMulticastTTL(1)
    return new UdpDatagramSink(socket, route)
  }

  send(datagram: SmartconfigDatagram): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the smart-config socket is closed'))
    if (datagram.payloadLength < 0 || datagram.payloadLength > MAX_PAYLOAD) {
      return Promise.reject(new Error(`payload length ${datagram.payloadLength} is outside 0..${MAX_PAYLOAD}`))
    }
    const address = datagram.group ?? this.route.broadcastAddress
    return new Promise((resolve, reject) => {
      this.socket.send(this.zeros.subarray(0, datagram.payloadLength), this.route.port, address, (error) => (error ? reject(error) : resolve()))
    })
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    this.closed = true
    return new Promise((resolve) => this.socket.close(() => resolve()))
  }
}

/** IPv4 subnet broadcast: address | ~netmask. */
export function subnetBroadcast(address: string, netmask: string): string {
  const a = address.split('.').map(Number)
  const m = netmask.split('.').map(Number)
  return a.map((octet, i) => (octet | (~m[i] & 0xff)) & 0xff).join('.')
}

export type RouteChoice = { ok: true; route: SenderRoute } | { ok: false; reason: string }

/**
 * The route on real hardware: the named interface, else the first non-internal IPv4 interface (preferring one that
 * `isWireless` accepts: the phone role is played by the workstation's Wi-Fi, joined to the target network).
 */
export function resolveSenderRoute(
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>,
  options: { name?: string; limitedBroadcast?: boolean; port?: number; isWireless?: (name: string) => boolean } = {},
): RouteChoice {
  const candidates = Object.entries(interfaces)
    .flatMap(([name, infos]) => (infos ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((info) => ({ name, info })))
  const pick = options.name
    ? candidates.find((c) => c.name === options.name)
    : (candidates.find((c) => options.isWireless?.(c.name)) ?? candidates[0])
  if (!pick) {
    return {
      ok: false,
      reason: options.name
        ? `Interface ${options.name} has no IPv4 address: join it to the target Wi-Fi network first.`
        : 'No network interface with an IPv4 address: join this workstation to the target Wi-Fi network first.',
    }
  }
  return {
    ok: true,
    route: {
      interface: pick.name,
      bindAddress: pick.info.address,
      broadcastAddress: options.limitedBroadcast ? '255.255.255.255' : subnetBroadcast(pick.info.address, pick.info.netmask),
      multicastInterface: pick.info.address,
      port: options.port ?? SENDER_DEFAULTS.port,
    },
  }
}
