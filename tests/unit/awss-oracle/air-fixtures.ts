import { buildEthernet, buildIpv4Udp } from '../../../main/codec/ethernet/index.js'
import {
  buildBeacon,
  decodePacket,
  dsParameterElement,
  LINKTYPE_ETHERNET,
  LINKTYPE_IEEE802_11,
  rateElements,
  rsnWpa2CcmpElement,
  ssidElement,
} from '../../../main/codec/ieee80211/index.js'
import { AirOracle, type AirOracleOptions } from '../../../main/awss-oracle/air-oracle'
import { groupMacFor, relayedFrame } from '../../../main/lab/router-relay'
import { p2pProbeRequest } from '../../../main/radio/lan/smartconfig-sender-p2p'

export const AP = '11:22:33:44:55:66'
export const PHONE = '02:aa:bb:cc:dd:01'
export const OTHER_PHONE = '02:aa:bb:cc:dd:02'

/** PROTOCOLS-awss.md §2.6 (checked against Alibaba's device decoder): MyWiFi / 12345678, productSecret abcdefghijklmnop. */
export const BCAST_26_LENGTHS = [1248, 279, 389, 518, 651, 813, 985, 1079, 1225, 993, 294, 457, 559, 687, 796, 927, 1032, 1186, 994, 272, 386, 532, 700, 776, 907, 1039]
/** §3 data[] for the same inputs + token aabbcc + BSSID 11:22:33:44:55:66 (pad byte 0 at the end). */
export const MCAST_3_DATA = [27, 199, 8, 239, 203, 125, 136, 8, 9, 20, 143, 3, 170, 187, 204, 6, 77, 121, 87, 105, 70, 105, 3, 68, 85, 102, 206, 0]
export const MCAST_3_TOKEN = 'D9499E45053FED161CEE1C3A074CD045'
/** §4 Device Name value. */
export const P2P_4_VALUE = '260819334869486f1777430821020a0f010b38'

export interface TimedFrame {
  bytes: Uint8Array
  timeMs: number
  linktype: number
}

export function beacon(bssid = AP, ssid = 'MyWiFi', security: 'wpa2' | 'open' = 'wpa2', timeMs = 0): TimedFrame {
  const frame = buildBeacon({
    bssid,
    seq: 1,
    capability: security === 'wpa2' ? 0x0411 : 0x0401,
    elements: [ssidElement(ssid), ...rateElements([1000, 2000, 5500, 11000]), dsParameterElement(6), ...(security === 'wpa2' ? [rsnWpa2CcmpElement()] : [])],
  })
  if (!frame.ok) throw new Error(frame.error.reason)
  return { bytes: frame.value, timeMs, linktype: LINKTYPE_IEEE802_11 }
}

export interface BcastAirOptions {
  sa?: string
  bssid?: string
  protected?: boolean
  copies?: ('to-ds' | 'from-ds')[]
  cycles?: number
  startMs?: number
  intervalMs?: number
  /** Drop a frame when this returns true (loss). */
  drop?: (index: number) => boolean
}

/** The datagrams of `lengths` (bcast) or to `groups` (mcast) as the lab router relays them: ToDS and FromDS copies. */
export function relayedAir(destinations: { dstIp: string; payloadLength: number }[], options: BcastAirOptions = {}): TimedFrame[] {
  const out: TimedFrame[] = []
  const copies = options.copies ?? ['to-ds', 'from-ds']
  let seq = 100
  let t = options.startMs ?? 1000
  let index = 0
  for (let cycle = 0; cycle < (options.cycles ?? 1); cycle++) {
    for (const d of destinations) {
      for (const direction of copies) {
        const bytes = relayedFrame({
          direction,
          bssid: options.bssid ?? AP,
          sa: options.sa ?? PHONE,
          da: groupMacFor(d.dstIp)!,
          seq: seq++,
          protected: options.protected ?? true,
          pn: seq,
          datagram: { srcIp: '192.168.1.20', srcPort: 50000, dstIp: d.dstIp, dstPort: 7001, payloadLength: d.payloadLength },
        })
        if (!options.drop?.(index++)) out.push({ bytes, timeMs: t, linktype: LINKTYPE_IEEE802_11 })
      }
      t += options.intervalMs ?? 10
    }
  }
  return out
}

export const bcastDestinations = (lengths: number[]) => lengths.map((payloadLength) => ({ dstIp: '192.168.1.255', payloadLength }))

export function mcastDestinations(data: number[]): { dstIp: string; payloadLength: number }[] {
  const out = []
  for (let i = 0; 2 * i < data.length; i++) out.push({ dstIp: `239.${i}.${data[2 * i]}.${data[2 * i + 1] ?? 0}`, payloadLength: 1 })
  return out
}

export function p2pProbe(deviceName: Uint8Array, sa = '02:99:88:77:66:55', timeMs = 1000): TimedFrame {
  const frame = p2pProbeRequest(sa, deviceName, 7)
  if (!frame.ok) throw new Error(frame.error.reason)
  return { bytes: frame.value, timeMs, linktype: LINKTYPE_IEEE802_11 }
}

/** What a capture of the loopback interface holds: Ethernet with blank MACs, IPv4/UDP. */
export function loopbackDatagram(srcIp: string, srcPort: number, dstIp: string, payloadLength: number, timeMs: number): TimedFrame {
  const ip = buildIpv4Udp({ srcIp, dstIp, srcPort, dstPort: 7001, payload: new Uint8Array(payloadLength) })
  if (!ip.ok) throw new Error(ip.error.reason)
  const eth = buildEthernet({ dst: '00:00:00:00:00:00', src: '00:00:00:00:00:00', ethertype: 0x0800, payload: ip.value })
  if (!eth.ok) throw new Error(eth.error.reason)
  return { bytes: eth.value, timeMs, linktype: LINKTYPE_ETHERNET }
}

export function runOracle(frames: TimedFrame[], options: AirOracleOptions = {}): AirOracle {
  const oracle = new AirOracle(options)
  for (const f of frames) oracle.pushPacket(decodePacket(f.linktype, f.bytes), f.bytes, f.timeMs)
  return oracle
}
