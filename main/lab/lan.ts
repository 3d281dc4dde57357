import type { RandomSource } from '../runtime/random'

// The lab LAN is a /24 on loopback (127.A.B.0/24) chosen per station so that several stations and test workers on
// one machine never collide: .1 is the workstation, .255 the "broadcast" address its listener binds, devices get
// .10 and up. Only loopback is ever used.
export class LabLan {
  readonly prefix: string
  private next = 10
  private leases = new Map<string, string>()

  constructor(random: RandomSource, prefix?: string) {
    this.prefix = prefix ?? `127.${64 + random.int(190)}.${1 + random.int(250)}`
  }

  get stationAddress(): string {
    return `${this.prefix}.1`
  }

  get broadcastAddress(): string {
    return `${this.prefix}.255`
  }

  /** DHCP, as far as the lab needs it: one stable address per MAC. */
  lease(mac: string): string {
    let address = this.leases.get(mac)
    if (!address) {
      if (this.next > 250) throw new Error('Lab LAN is out of addresses (240 devices).')
      address = `${this.prefix}.${this.next++}`
      this.leases.set(mac, address)
    }
    return address
  }
}
