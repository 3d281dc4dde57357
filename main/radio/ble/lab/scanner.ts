// The workstation's lab scanner: it listens on one advertising channel at a time (rotating), reports every
// advertisement it hears, and scans actively: one SCAN_REQ per advertiser now and then, so names in scan
// responses are known.
import type { AirNode, Position, Reception } from '../../../lab/air'
import type { HeardAdvertisement } from '../advertisement'
import { ADVERTISING_CHANNELS, advertisingPacket, type BleAirEnv, LabTiming, readAdvertising, transmitLl } from './ble-air'

const SCAN_REQUEST_EVERY_MS = 2_000

export class LabScanner implements AirNode {
  readonly medium = 'ble' as const
  private channelIndex = 0
  private running = false
  private active = false
  private cancelTimer: () => void = () => {}
  private detach: (() => void) | undefined
  private scanResponses = new Map<string, Uint8Array>()
  private requestedAt = new Map<string, number>()
  private lastAdvertising = new Map<string, { advData: Uint8Array; addressType: 'public' | 'random'; connectable: boolean }>()

  constructor(
    private readonly env: BleAirEnv,
    readonly id: string,
    private readonly where: () => Position,
    private readonly ownAddress: string,
    private readonly report: (heard: HeardAdvertisement) => void,
  ) {}

  get position(): Position {
    return this.where()
  }

  listening(): number | null {
    return this.running ? ADVERTISING_CHANNELS[this.channelIndex] : null
  }

  setActive(active: boolean): void {
    this.active = active
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.detach = this.env.air.attach(this)
    const rotate = () => {
      this.channelIndex = (this.channelIndex + 1) % ADVERTISING_CHANNELS.length
      this.cancelTimer = this.env.clock.timer(LabTiming.scanDwellMs, rotate)
    }
    this.cancelTimer = this.env.clock.timer(LabTiming.scanDwellMs, rotate)
  }

  stop(): void {
    this.running = false
    this.cancelTimer()
    this.detach?.()
    this.detach = undefined
  }

  receive(frame: Reception): void {
    const pdu = readAdvertising(frame.bytes)
    if (!pdu) return
    const now = this.env.clock.now()
    if (pdu.type === 'ADV_IND' || pdu.type === 'ADV_NONCONN_IND' || pdu.type === 'ADV_SCAN_IND') {
      const connectable = pdu.type === 'ADV_IND'
      this.lastAdvertising.set(pdu.advA, { advData: pdu.advData, addressType: pdu.advAType, connectable })
      const scannable = pdu.type !== 'ADV_NONCONN_IND'
      if (this.active && scannable && now - (this.requestedAt.get(pdu.advA) ?? -Infinity) >= SCAN_REQUEST_EVERY_MS) {
        this.requestedAt.set(pdu.advA, now)
        transmitLl(
          this.env,
          this.id,
          frame.channel,
          advertisingPacket({ type: 'SCAN_REQ', chSel: false, scanA: this.ownAddress, scanAType: 'random', advA: pdu.advA, advAType: pdu.advAType }),
        )
      }
      this.report({
        address: pdu.advA,
        addressType: pdu.advAType,
        rssi: frame.rssiDbm,
        connectable,
        advData: pdu.advData,
        scanResponse: this.scanResponses.get(pdu.advA),
        receivedAt: now,
      })
    } else if (pdu.type === 'SCAN_RSP') {
      this.scanResponses.set(pdu.advA, pdu.scanRspData)
      const last = this.lastAdvertising.get(pdu.advA)
      if (!last) return
      this.report({ address: pdu.advA, addressType: last.addressType, rssi: frame.rssiDbm, connectable: last.connectable, advData: last.advData, scanResponse: pdu.scanRspData, receivedAt: now })
    }
  }
}
