// How lab BLE nodes put link-layer packets on the lab air: channel index -> frequency, advertising PDUs with the
// advertising access address and CRC, and the timing constants both ends of a lab connection agree on.
import { type AdvertisingPdu, buildAdvertisingPdu, parseAdvertisingPdu } from '../../../codec/ble/ll-advertising'
import { ADVERTISING_ACCESS_ADDRESS, buildLinkLayerPacket, parseLinkLayerPacket } from '../../../codec/ble/ll-packet'
import { ADVERTISING_CRC_INIT } from '../../../codec/ble/crc24'
import { rfChannelForIndex, rfChannelMhz } from '../../../codec/ble/channels'
import type { Air } from '../../../lab/air'
import type { Clock } from '../../../runtime/clock'
import type { RandomSource } from '../../../runtime/random'

export interface BleAirEnv {
  air: Air
  clock: Clock
  random: RandomSource
}

export const ADVERTISING_CHANNELS = [37, 38, 39] as const

/** The lab's link timing: fast enough for tests over the real clock, slow enough for timer jitter. */
export const LabTiming = {
  /** Connection interval in 1.25 ms units: 15 ms. */
  intervalUnits: 12,
  /** Supervision timeout in 10 ms units: 2 s. */
  supervisionUnits: 200,
  /** Advertising interval of lab peripherals (one advertising channel per event, rotating). */
  advIntervalMs: 40,
  /** How long a scanner or initiator listens on one advertising channel. */
  scanDwellMs: 100,
  /** Connection events without an answer after CONNECT_IND before the attempt counts as failed (§4.5.2). */
  establishEvents: 6,
} as const

export const intervalMs = (units: number): number => units * 1.25

export function frequencyOf(channelIndex: number): number {
  return rfChannelMhz(rfChannelForIndex(channelIndex) ?? 0)
}

export function transmitLl(env: BleAirEnv, from: string, channel: number, packet: Uint8Array, txPowerDbm?: number): void {
  env.air.transmit({
    medium: 'ble',
    from,
    channel,
    freqMHz: frequencyOf(channel),
    bytes: packet,
    rateKbps: 1000,
    ...(txPowerDbm !== undefined ? { txPowerDbm } : {}),
  })
}

export function advertisingPacket(pdu: AdvertisingPdu): Uint8Array {
  const built = buildAdvertisingPdu(pdu)
  if (!built.ok) throw new Error(`advertising PDU: ${built.error.reason}`)
  const packet = buildLinkLayerPacket(ADVERTISING_ACCESS_ADDRESS, built.value, ADVERTISING_CRC_INIT)
  if (!packet.ok) throw new Error(`advertising packet: ${packet.error.reason}`)
  return packet.value
}

/** An advertising-channel packet heard on the air, or undefined for anything else (data packets, bad CRC). */
export function readAdvertising(bytes: Uint8Array): AdvertisingPdu | undefined {
  const ll = parseLinkLayerPacket(bytes)
  if (!ll.ok || ll.value.accessAddress !== ADVERTISING_ACCESS_ADDRESS || ll.value.crcValid !== true) return undefined
  const pdu = parseAdvertisingPdu(ll.value.pdu)
  return pdu.ok ? pdu.value : undefined
}

/** A fresh access address for a connection: not the advertising one, not trivially patterned. */
export function connectionAccessAddress(random: RandomSource): number {
  for (;;) {
    const aa = (random.int(0x10000) * 0x10000 + random.int(0x10000)) >>> 0
    if (aa !== ADVERTISING_ACCESS_ADDRESS && aa !== 0 && aa !== 0xffffffff && ((aa >>> 16) & 0xffff) !== (aa & 0xffff)) return aa
  }
}
