// Test packets for the frame store: built with the codec's own builders (radiotap + 802.11), as a capture source
// would deliver them.
import { buildEnrolleeIe, buildZeroConfigProbeRequest } from '../../../main/codec/awss/index.js'
import {
  appendFcs,
  buildBeacon,
  buildDataFrame,
  buildProbeRequest,
  buildRadiotap,
  dsParameterElement,
  rateElements,
  ssidElement,
  vendorElement,
  type ElementSpec,
} from '../../../main/codec/ieee80211/index.js'
import type { CaptureInterfaceInfo, CapturedPacket } from '../../../main/radio/capture/capture-source'

export function must<T>(r: { ok: true; value: T } | { ok: false; error: { reason: string } }): T {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

export const RADIOTAP: CaptureInterfaceInfo = { linktype: 127, name: 'test-radiotap' }
export const ETHERNET: CaptureInterfaceInfo = { linktype: 1, name: 'test-eth' }

export interface RadioSpec {
  freqMHz?: number
  dbmSignal?: number
  fcs?: boolean
  badFcs?: boolean
}

/** radiotap + 802.11 (+ FCS when asked) as one packet. */
export function withRadiotap(mpdu: Uint8Array, radio: RadioSpec = {}): Uint8Array {
  const flags = (radio.fcs ? 0x10 : 0) | (radio.badFcs ? 0x40 : 0)
  const rt = buildRadiotap({ flags, rateKbps: 1000, freqMHz: radio.freqMHz ?? 2437, dbmSignal: radio.dbmSignal ?? -50, antenna: 0 })
  const frame = radio.fcs ? appendFcs(mpdu) : mpdu
  if (radio.fcs && radio.badFcs) frame[frame.length - 1] ^= 0xff
  const out = new Uint8Array(rt.length + frame.length)
  out.set(rt)
  out.set(frame, rt.length)
  return out
}

export function beacon(bssid: string, ssid: string, channel: number, extra: ElementSpec[] = []): Uint8Array {
  return must(buildBeacon({ bssid, elements: [ssidElement(ssid), ...rateElements([1000, 2000, 5500, 11000]), dsParameterElement(channel), ...extra] }))
}

export function probeRequest(sa: string, ssid: string, extra: ElementSpec[] = []): Uint8Array {
  return must(buildProbeRequest({ sa, elements: [ssidElement(ssid), ...extra] }))
}

export function dataFrame(sa: string, da: string, bssid: string): Uint8Array {
  return must(buildDataFrame({ toDS: true, fromDS: false, sa, da, bssid, bodyLength: 40 }))
}

export const ENROLLEE_SA = Uint8Array.of(0x02, 0x11, 0x22, 0x33, 0x44, 0x55)

/** A zero-config enrollee probe request on the device's own template (PROTOCOLS-awss.md §5.1/5.2). */
export function enrolleeProbe(): Uint8Array {
  const ie = must(buildEnrolleeIe({ deviceName: 'dev001', productKey: 'a1b2c3d4e5f', random: new Uint8Array(16).fill(7), secret: 'abcdefghijklmnop' }))
  return must(buildZeroConfigProbeRequest(ENROLLEE_SA, ie))
}

/** PROTOCOLS-awss.md §4 worked example: the p2p Device Name value for MyWiFi / 12345678 (fake productSecret). */
export const P2P_WORKED_EXAMPLE = Uint8Array.from(Buffer.from('260819334869486f1777430821020a0f010b38', 'hex'))

export function wpsProbe(deviceName: Uint8Array): Uint8Array {
  const attrs = Uint8Array.from([0x10, 0x4a, 0, 1, 0x10, 0x10, 0x11, deviceName.length >> 8, deviceName.length & 0xff, ...deviceName])
  return probeRequest('02:aa:bb:cc:dd:ee', '', [vendorElement('00:50:f2', 4, attrs)])
}

let clock = 1_700_000_000
/** A CapturedPacket as sources deliver them (time advances 1 ms per packet unless given). */
export function packet(bytes: Uint8Array, iface: CaptureInterfaceInfo = RADIOTAP, time?: number): CapturedPacket {
  const t = time ?? (clock += 0.001)
  const seconds = Math.floor(t)
  return { iface, buffer: bytes, offset: 0, length: bytes.length, originalLength: bytes.length, seconds, nanoseconds: Math.round((t - seconds) * 1e9) }
}
