// The workstation's side of one lab connection: an initiator that waits for the target's ADV_IND and answers
// with CONNECT_IND, then the central of the connection, opening one connection event per interval on the
// hopping data channel. Each connection is its own air node, so several can be open at once.
import type { ConnectionParameters } from '../../../codec/ble/ll-advertising'
import type { AirNode, Position, Reception } from '../../../lab/air'
import type { DisconnectReason } from '../interface'
import { ADVERTISING_CHANNELS, advertisingPacket, type BleAirEnv, connectionAccessAddress, intervalMs, LabTiming, readAdvertising, transmitLl } from './ble-air'
import { ALL_DATA_CHANNELS, dataChannelFor, DataLink, LL_TERMINATE_IND, TerminateReason } from './data-link'

export interface CentralLinkEvents {
  established(): void
  l2cap(frame: Uint8Array): void
  closed(reason: DisconnectReason): void
}

type State = 'idle' | 'initiating' | 'connecting' | 'connected' | 'closing' | 'closed'

export class LabCentralLink implements AirNode {
  readonly medium = 'ble' as const
  private state: State = 'idle'
  private scanChannel = 0
  private channel = 0
  private event = -1
  private link: DataLink | undefined
  private params: ConnectionParameters | undefined
  private lastHeardAt = 0
  /** Anchor of connection event 0 (CONNECT_IND air time + one interval): both ends derive every event from it. */
  private firstAnchor = 0
  private closingEvents = 0
  private cancelTimer: () => void = () => {}
  private cancelScanTimer: () => void = () => {}
  private detach: (() => void) | undefined
  /** Connection events run so far (for the timeline detail). */
  events = 0

  constructor(
    private readonly env: BleAirEnv,
    readonly id: string,
    private readonly where: () => Position,
    private readonly ownAddress: string,
    readonly target: string,
    private readonly on: CentralLinkEvents,
  ) {}

  get position(): Position {
    return this.where()
  }

  get isConnected(): boolean {
    return this.state === 'connected' || this.state === 'closing'
  }

  get retransmissions(): number {
    return this.link?.retransmissions ?? 0
  }

  listening(): number | null {
    if (this.state === 'initiating') return ADVERTISING_CHANNELS[this.scanChannel]
    if (this.state === 'connecting' || this.state === 'connected' || this.state === 'closing') return this.channel
    return null
  }

  /** Starts initiating: the connection is made at the target's next connectable advertisement heard. */
  start(): void {
    if (this.state !== 'idle') return
    this.detach = this.env.air.attach(this)
    this.initiate()
  }

  private initiate(): void {
    this.state = 'initiating'
    this.link = undefined
    const rotate = () => {
      this.scanChannel = (this.scanChannel + 1) % ADVERTISING_CHANNELS.length
      this.cancelScanTimer = this.env.clock.timer(LabTiming.scanDwellMs, rotate)
    }
    this.cancelScanTimer = this.env.clock.timer(LabTiming.scanDwellMs, rotate)
  }

  receive(frame: Reception): void {
    if (this.state === 'initiating') return this.receiveAdvertising(frame)
    if (!this.link || (this.state !== 'connecting' && this.state !== 'connected' && this.state !== 'closing')) return
    // The air delivered it because we listened on its channel when it was sent; we may have moved on since.
    if (!this.link.receive(frame.bytes)) return
    this.lastHeardAt = this.env.clock.now()
    if (this.state === 'connecting') {
      this.state = 'connected'
      this.on.established()
    }
  }

  private receiveAdvertising(frame: Reception): void {
    const pdu = readAdvertising(frame.bytes)
    if (!pdu) return
    const connectable =
      (pdu.type === 'ADV_IND' && pdu.advA === this.target) ||
      (pdu.type === 'ADV_DIRECT_IND' && pdu.advA === this.target && pdu.targetA === this.ownAddress)
    if (!connectable) return
    const random = this.env.random
    const params: ConnectionParameters = {
      accessAddress: connectionAccessAddress(random),
      crcInit: random.int(0x1000000),
      winSize: 1,
      winOffset: 0,
      interval: LabTiming.intervalUnits,
      latency: 0,
      timeout: LabTiming.supervisionUnits,
      channels: [...ALL_DATA_CHANNELS],
      hop: 5 + random.int(12),
      sca: 0,
    }
    transmitLl(
      this.env,
      this.id,
      frame.channel,
      advertisingPacket({ type: 'CONNECT_IND', chSel: false, initA: this.ownAddress, initAType: 'random', advA: this.target, advAType: pdu.advAType, ll: params }),
    )
    this.cancelScanTimer()
    this.params = params
    this.link = new DataLink(params.accessAddress, params.crcInit)
    this.link.onL2cap = (l2cap) => this.on.l2cap(l2cap)
    this.link.onControl = (payload) => {
      if (payload[0] === LL_TERMINATE_IND) this.finish('remote-terminated', true)
    }
    this.link.onAcked = (pdu) => {
      if (pdu.llid === 3 && pdu.payload[0] === LL_TERMINATE_IND) this.finish('local', false)
    }
    this.state = 'connecting'
    this.event = -1
    this.firstAnchor = this.env.clock.now() + intervalMs(params.interval)
    this.lastHeardAt = this.env.clock.now()
    this.cancelTimer = this.env.clock.timer(intervalMs(params.interval), () => this.connectionEvent())
  }

  private connectionEvent(): void {
    const params = this.params!
    const link = this.link!
    const interval = intervalMs(params.interval)
    const now = this.env.clock.now()
    // A late timer does not shift the schedule: the event is the one whose slot we are in (a real controller
    // never skips, but the lab's timers may run late under load).
    this.event = Math.max(this.event + 1, Math.round((now - this.firstAnchor) / interval))
    this.events++
    this.channel = dataChannelFor(this.event, params.hop, params.channels)
    if (this.state === 'connecting' && this.event >= LabTiming.establishEvents) {
      // The peripheral never heard CONNECT_IND (or never answered): wait for its next advertisement.
      this.initiate()
      return
    }
    if (this.state !== 'connecting' && now - this.lastHeardAt > params.timeout * 10) return this.finish('supervision-timeout', false)
    if (this.state === 'closing' && ++this.closingEvents > LabTiming.establishEvents) return this.finish('local', false)
    transmitLl(this.env, this.id, this.channel, link.nextPacket())
    const next = this.firstAnchor + (this.event + 1) * interval
    this.cancelTimer = this.env.clock.timer(Math.max(0, next - this.env.clock.now()), () => this.connectionEvent())
  }

  sendL2cap(frame: Uint8Array): void {
    if (!this.link || !this.isConnected) return
    this.link.sendL2cap(frame)
  }

  /** Ends the connection with LL_TERMINATE_IND; abandons the attempt when not connected yet. */
  disconnect(): void {
    if (this.state === 'connected') {
      this.state = 'closing'
      this.closingEvents = 0
      this.link!.sendControl(Uint8Array.of(LL_TERMINATE_IND, TerminateReason.remoteUser))
    } else if (this.state !== 'closing' && this.state !== 'closed') this.finish('local', false)
  }

  /** `ackFirst`: the peer's LL_TERMINATE_IND is acknowledged in one more connection event before we go. */
  private finish(reason: DisconnectReason, ackFirst: boolean): void {
    if (this.state === 'closed') return
    const wasConnected = this.isConnected
    this.state = 'closed'
    this.cancelScanTimer()
    this.cancelTimer()
    if (ackFirst && this.link && this.params) {
      const link = this.link
      this.cancelTimer = this.env.clock.timer(intervalMs(this.params.interval), () => {
        this.event++
        this.channel = dataChannelFor(this.event, this.params!.hop, this.params!.channels)
        transmitLl(this.env, this.id, this.channel, link.nextPacket())
        this.detach?.()
      })
    } else this.detach?.()
    if (wasConnected) this.on.closed(reason)
  }
}
