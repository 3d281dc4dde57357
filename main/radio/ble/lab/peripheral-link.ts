// A lab peripheral's link layer: connectable undirected advertising (one advertising channel per event,
// rotating, listening on it until the next event), SCAN_RSP to SCAN_REQ, and, after CONNECT_IND, the
// peripheral end of the connection: it answers every packet of the central in the same connection event and
// follows the hop sequence, re-anchoring on each packet it hears.
import type { ConnectionParameters } from '../../../codec/ble/ll-advertising'
import type { AirNode, Position, Reception } from '../../../lab/air'
import type { DisconnectReason } from '../interface'
import { ADVERTISING_CHANNELS, advertisingPacket, type BleAirEnv, intervalMs, LabTiming, readAdvertising, transmitLl } from './ble-air'
import { dataChannelFor, DataLink, LL_TERMINATE_IND, TerminateReason } from './data-link'

export interface PeripheralOptions {
  address: string
  advertisingData(): Uint8Array
  scanResponse(): Uint8Array
  /** Transmit power; a very low value puts the peripheral out of the workstation's range. */
  txPowerDbm(): number
  /** Extra loss on what this peripheral hears (0..1). */
  extraLoss?(): number
}

export interface PeripheralEvents {
  connected(central: string): void
  l2cap(frame: Uint8Array): void
  disconnected(reason: DisconnectReason): void
}

type State = 'off' | 'advertising' | 'connected' | 'terminating'

export class LabPeripheralLink implements AirNode {
  readonly medium = 'ble' as const
  private state: State = 'off'
  private advEvents = 0
  private channel = 37
  private link: DataLink | undefined
  private params: ConnectionParameters | undefined
  private event = 0
  private lastHeardAt = 0
  /** Anchor of connection event 0: the CONNECT_IND's air time plus one interval, as the central counts it. */
  private firstAnchor = 0
  private ackOwed = false
  private cancelTimer: () => void = () => {}
  private detach: (() => void) | undefined

  constructor(
    private readonly env: BleAirEnv,
    readonly id: string,
    private readonly where: () => Position,
    private readonly options: PeripheralOptions,
    private readonly on: PeripheralEvents,
  ) {}

  get position(): Position {
    return this.where()
  }

  get connected(): boolean {
    return this.state === 'connected' || this.state === 'terminating'
  }

  listening(): number | null {
    return this.state === 'off' ? null : this.channel
  }

  extraLoss(): number {
    return this.options.extraLoss?.() ?? 0
  }

  start(): void {
    if (this.state !== 'off') return
    this.detach = this.env.air.attach(this)
    this.advertise()
  }

  stop(): void {
    this.cancelTimer()
    const wasConnected = this.connected
    this.state = 'off'
    this.link = undefined
    this.detach?.()
    this.detach = undefined
    if (wasConnected) this.on.disconnected('local')
  }

  private advertise(): void {
    this.state = 'advertising'
    this.link = undefined
    const event = () => {
      this.channel = ADVERTISING_CHANNELS[this.advEvents++ % ADVERTISING_CHANNELS.length]
      this.send(
        advertisingPacket({ type: 'ADV_IND', chSel: false, advA: this.options.address, advAType: 'public', advData: this.options.advertisingData() }),
      )
      // advDelay (§4.4.2.2): 0..10 ms of random delay keeps two advertisers from colliding forever.
      this.cancelTimer = this.env.clock.timer(LabTiming.advIntervalMs + this.env.random.int(10), event)
    }
    this.cancelTimer = this.env.clock.timer(this.env.random.int(LabTiming.advIntervalMs), event)
  }

  private send(packet: Uint8Array): void {
    transmitLl(this.env, this.id, this.channel, packet, this.options.txPowerDbm())
  }

  receive(frame: Reception): void {
    // The air delivered it because we listened on its channel when it was sent; we may have moved on since.
    if (this.state === 'advertising') return this.receiveAdvertising(frame)
    const link = this.link
    if ((this.state !== 'connected' && this.state !== 'terminating') || !link) return
    this.ackOwed = false
    if (!link.receive(frame.bytes)) return
    this.lastHeardAt = this.env.clock.now()
    // Answer in the same event, on its channel (this also acknowledges a central's LL_TERMINATE_IND).
    if (this.connected || this.ackOwed) transmitLl(this.env, this.id, frame.channel, link.nextPacket(), this.options.txPowerDbm())
  }

  private receiveAdvertising(frame: Reception): void {
    if (frame.channel !== this.channel) return
    const pdu = readAdvertising(frame.bytes)
    if (!pdu) return
    if (pdu.type === 'SCAN_REQ' && pdu.advA === this.options.address) {
      this.send(advertisingPacket({ type: 'SCAN_RSP', chSel: false, advA: this.options.address, advAType: 'public', scanRspData: this.options.scanResponse() }))
    } else if (pdu.type === 'CONNECT_IND' && pdu.advA === this.options.address) {
      this.cancelTimer()
      this.params = pdu.ll
      this.link = new DataLink(pdu.ll.accessAddress, pdu.ll.crcInit)
      this.link.onL2cap = (l2cap) => this.on.l2cap(l2cap)
      this.link.onControl = (payload) => {
        if (payload[0] === LL_TERMINATE_IND) this.close('remote-terminated', true)
      }
      this.link.onAcked = (acked) => {
        if (acked.llid === 3 && acked.payload[0] === LL_TERMINATE_IND) this.close('local', false)
      }
      this.state = 'connected'
      this.event = 0
      this.channel = dataChannelFor(0, pdu.ll.hop, pdu.ll.channels)
      this.lastHeardAt = this.env.clock.now()
      const interval = intervalMs(pdu.ll.interval)
      this.firstAnchor = frame.at + interval
      // Listen on event k's channel from half an interval before its anchor to half an interval after.
      this.cancelTimer = this.env.clock.timer(Math.max(0, this.firstAnchor + interval / 2 - this.env.clock.now()), () => this.nextEvent())
      this.on.connected(pdu.initA)
    }
  }

  private nextEvent(): void {
    const params = this.params!
    const now = this.env.clock.now()
    if (now - this.lastHeardAt > params.timeout * 10) return this.close('supervision-timeout', false)
    const interval = intervalMs(params.interval)
    // The slot we are in, whatever our timer's lateness: the schedule is the central's, fixed by CONNECT_IND.
    this.event = Math.max(this.event + 1, Math.floor((now - this.firstAnchor) / interval + 0.5))
    this.channel = dataChannelFor(this.event, params.hop, params.channels)
    const next = this.firstAnchor + (this.event + 0.5) * interval
    this.cancelTimer = this.env.clock.timer(Math.max(0, next - this.env.clock.now()), () => this.nextEvent())
  }

  sendL2cap(frame: Uint8Array): void {
    if (this.state === 'connected') this.link?.sendL2cap(frame)
  }

  /** LL_TERMINATE_IND to the central (the firmware dropping the link). */
  terminate(): void {
    if (this.state !== 'connected' || !this.link) return
    this.state = 'terminating'
    this.link.sendControl(Uint8Array.of(LL_TERMINATE_IND, TerminateReason.remoteUser))
  }

  private close(reason: DisconnectReason, ackFirst: boolean): void {
    if (!this.connected) return
    this.ackOwed = ackFirst
    this.cancelTimer()
    this.on.disconnected(reason)
    if (this.state !== 'off') this.advertise()
  }
}
