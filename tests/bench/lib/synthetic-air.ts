// A synthetic monitor-mode capture for benchmarks: beacons from a few APs, probe requests carrying vendor
// elements (WPS, P2P, Alibaba zero-config), and QoS data with UDP, all behind radiotap, FCS included.
import { closeSync, openSync, writeSync } from 'node:fs'
import { buildLlcSnapIpv4Udp } from '../../../main/codec/ethernet/index.js'
import {
  appendFcs,
  buildBeacon,
  buildDataFrame,
  buildProbeRequest,
  buildRadiotap,
  crc32,
  dsParameterElement,
  rateElements,
  rsnWpa2CcmpElement,
  ssidElement,
  vendorElement,
} from '../../../main/codec/ieee80211/index.js'
import { PcapWriter } from '../../../main/codec/pcapfile/index.js'

function must<T>(r: { ok: true; value: T } | { ok: false; error: { reason: string } }): T {
  if (!r.ok) throw new Error(r.error.reason)
  return r.value
}

const mac = (prefix: number, i: number) =>
  [0x02, prefix, 0, 0, (i >> 8) & 0xff, i & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':')

interface Template {
  bytes: Uint8Array
  /** Where the 802.11 frame starts (after radiotap). */
  mpduOffset: number
  seqOffset: number
}

/** Distinct radiotap frames (with FCS) to cycle through; the sequence number and FCS are patched per copy. */
export function frameTemplates(): Template[] {
  const templates: Template[] = []
  const add = (mpdu: Uint8Array, i: number) => {
    const rt = buildRadiotap({ tsftMicros: 1_000_000 + i, flags: 0x10, rateKbps: 6000, freqMHz: [2412, 2437, 2462, 5180][i % 4], dbmSignal: -40 - (i % 50), antenna: i % 2 })
    const bytes = new Uint8Array(rt.length + mpdu.length + 4)
    bytes.set(rt)
    bytes.set(appendFcs(mpdu), rt.length)
    templates.push({ bytes, mpduOffset: rt.length, seqOffset: rt.length + 22 })
  }
  const enrollee = (i: number) =>
    vendorElement('d8:96:e0', 0xaa, Uint8Array.of(0x01, 6, ...Buffer.from(`dev${String(i).padStart(3, '0')}`), 0, 11, ...Buffer.from('a1b2c3d4e5f'), 16, ...new Uint8Array(16).fill(i), 3, 0, 20, ...new Uint8Array(20).fill(0x5a)))
  const wps = vendorElement('00:50:f2', 4, Uint8Array.of(0x10, 0x4a, 0, 1, 0x10, 0x10, 0x11, 0, 8, ...Buffer.from('Phone-01')))
  const p2p = vendorElement('50:6f:9a', 9, Uint8Array.of(2, 2, 0, 0x25, 0))
  for (let i = 0; i < 16; i++) {
    add(
      must(
        buildBeacon({
          bssid: mac(0x11, i),
          seq: 0,
          timestamp: BigInt(i) * 102400n,
          capability: 0x0411,
          elements: [ssidElement(i % 3 === 0 ? `咖啡店-${i}` : `Lab-AP-${i}`), ...rateElements([1000, 2000, 5500, 11000, 6000, 9000, 12000, 18000, 24000, 36000, 48000, 54000], [1000, 2000]), dsParameterElement([1, 6, 11, 36][i % 4]), rsnWpa2CcmpElement(), vendorElement('00:50:f2', 2, Uint8Array.of(0, 1, 0))],
        }),
      ),
      i,
    )
  }
  for (let i = 0; i < 16; i++) {
    add(must(buildProbeRequest({ sa: mac(0x22, i), seq: 0, elements: [ssidElement(i % 2 ? '' : `Lab-AP-${i}`), ...rateElements([1000, 2000, 5500, 11000]), wps, p2p, enrollee(i)] })), 16 + i)
  }
  for (let i = 0; i < 32; i++) {
    const body = must(buildLlcSnapIpv4Udp({ srcIp: '192.168.1.20', dstIp: '255.255.255.255', srcPort: 5000, dstPort: 7001, payload: new Uint8Array(100 + i * 30) }))
    add(must(buildDataFrame({ toDS: i % 2 === 0, fromDS: i % 2 === 1, bssid: mac(0x11, i % 16), sa: mac(0x33, i), da: 'ff:ff:ff:ff:ff:ff', qos: { tid: 0 }, seq: 0, body })), 32 + i)
  }
  return templates
}

/** Writes `frames` frames (templates cycled, sequence numbers counting) as a radiotap pcap. Returns bytes written. */
export function writeSyntheticCapture(path: string, frames: number): number {
  const templates = frameTemplates()
  const writer = new PcapWriter()
  const fd = openSync(path, 'w')
  let written = 0
  const flushAt = 4 << 20
  let buffer = new Uint8Array(flushAt + 65536)
  let used = 0
  const put = (bytes: Uint8Array) => {
    if (used + bytes.length > buffer.length) {
      writeSync(fd, buffer, 0, used)
      written += used
      used = 0
      if (bytes.length > buffer.length) buffer = new Uint8Array(bytes.length)
    }
    buffer.set(bytes, used)
    used += bytes.length
  }
  put(must(writer.header([{ linktype: 127 }])))
  const start = 1_700_000_000_000_000_000n
  for (let n = 0; n < frames; n++) {
    const template = templates[n % templates.length]
    const seq = n & 0x0fff
    const b = template.bytes
    b[template.seqOffset] = (seq << 4) & 0xff
    b[template.seqOffset + 1] = seq >> 4
    const fcs = crc32(b, template.mpduOffset, b.length - 4)
    b[b.length - 4] = fcs & 0xff
    b[b.length - 3] = (fcs >>> 8) & 0xff
    b[b.length - 2] = (fcs >>> 16) & 0xff
    b[b.length - 1] = fcs >>> 24
    put(must(writer.packet({ timestampNs: start + BigInt(n) * 1000n, data: template.bytes })))
  }
  writeSync(fd, buffer, 0, used)
  written += used
  closeSync(fd)
  return written
}
