// Builds the radiotap header the virtual lab puts in front of every frame it writes to its air / pcap.
import { RADIOTAP_FIELD_ALIGN, RADIOTAP_FIELD_SIZE } from './radiotap.js'

export interface RadiotapSpec {
  tsftMicros?: bigint | number
  /** Radiotap flags byte (0x10 = FCS at end, 0x40 = bad FCS, ...). */
  flags?: number
  rateKbps?: number
  freqMHz?: number
  /** Defaults from the frequency and rate: 2 GHz + CCK/OFDM, or 5 GHz + OFDM. */
  channelFlags?: number
  dbmSignal?: number
  dbmNoise?: number
  antenna?: number
}

export const RADIOTAP_FLAG_FCS_AT_END = 0x10
export const RADIOTAP_FLAG_BAD_FCS = 0x40

const CHANNEL_CCK = 0x0020
const CHANNEL_OFDM = 0x0040
const CHANNEL_2GHZ = 0x0080
const CHANNEL_5GHZ = 0x0100
const CCK_RATES_KBPS = new Set([1000, 2000, 5500, 11000])

export function defaultChannelFlags(freqMHz: number, rateKbps?: number): number {
  if (freqMHz < 3000) return CHANNEL_2GHZ | (rateKbps !== undefined && CCK_RATES_KBPS.has(rateKbps) ? CHANNEL_CCK : CHANNEL_OFDM)
  return CHANNEL_5GHZ | CHANNEL_OFDM
}

type Writer = (view: DataView, at: number) => void

export function buildRadiotap(spec: RadiotapSpec): Uint8Array {
  const fields: [bit: number, write: Writer][] = []
  if (spec.tsftMicros !== undefined) {
    const tsft = BigInt.asUintN(64, BigInt(spec.tsftMicros))
    fields.push([0, (v, at) => v.setBigUint64(at, tsft, true)])
  }
  if (spec.flags !== undefined) fields.push([1, (v, at) => v.setUint8(at, spec.flags! & 0xff)])
  if (spec.rateKbps !== undefined) fields.push([2, (v, at) => v.setUint8(at, Math.round(spec.rateKbps! / 500) & 0xff)])
  if (spec.freqMHz !== undefined) {
    const freq = spec.freqMHz
    const channelFlags = spec.channelFlags ?? defaultChannelFlags(freq, spec.rateKbps)
    fields.push([
      3,
      (v, at) => {
        v.setUint16(at, freq, true)
        v.setUint16(at + 2, channelFlags, true)
      },
    ])
  }
  if (spec.dbmSignal !== undefined) fields.push([5, (v, at) => v.setInt8(at, spec.dbmSignal!)])
  if (spec.dbmNoise !== undefined) fields.push([6, (v, at) => v.setInt8(at, spec.dbmNoise!)])
  if (spec.antenna !== undefined) fields.push([11, (v, at) => v.setUint8(at, spec.antenna! & 0xff)])

  let length = 8
  const placed: [at: number, write: Writer][] = []
  let present = 0
  for (const [bit, write] of fields) {
    const align = RADIOTAP_FIELD_ALIGN[bit]
    length = (length + align - 1) & ~(align - 1)
    placed.push([length, write])
    length += RADIOTAP_FIELD_SIZE[bit]
    present |= 1 << bit
  }
  const out = new Uint8Array(length)
  const view = new DataView(out.buffer)
  view.setUint16(2, length, true)
  view.setUint32(4, present >>> 0, true)
  for (const [at, write] of placed) write(view, at)
  return out
}
