import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AirOracle } from '../../main/awss-oracle/air-oracle'
import { oracleSink } from '../../main/awss-oracle/capture-sink'
import { PcapWriter } from '../../main/codec/pcapfile/index.js'
import { LivePcapSource } from '../../main/radio/capture/live-pcap-source'
import { planSmartconfig, startSender } from '../../main/radio/lan/smartconfig-sender'
import { UdpDatagramSink } from '../../main/radio/lan/smartconfig-sender-udp'
import { PcapChildInjector } from '../../main/radio/lan/smartconfig-sender-pcap'
import { realClock } from '../../main/runtime/clock'
import { tsharkAvailable, tsharkFields } from '../bench/lib/tshark'
import { PRODUCT_SECRET } from '../unit/codec/awss/helpers'
import { BCAST_26_LENGTHS, MCAST_3_DATA, MCAST_3_TOKEN } from '../unit/awss-oracle/air-fixtures'
import { until } from './live-capture-helpers'

// The real sender, for real: UDP sockets on the loopback interface (its broadcast address 127.255.255.255, multicast
// out of 127.0.0.1), seen by the live capture source (libpcap in its helper), and decoded by the air oracle from the
// Ethernet-framed lengths. tshark reads the same packets as an independent check of what went on the wire.
const isRoot = process.getuid?.() === 0
const sources: LivePcapSource[] = []
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()))
})

const port = (k: number) => 42_000 + ((process.pid * 7 + k) % 15_000)
const route = (p: number) => ({ interface: 'lo', bindAddress: '127.0.0.1', broadcastAddress: '127.255.255.255', multicastInterface: '127.0.0.1', port: p })

async function captureWhileSending(encoding: 'bcast' | 'mcast', p: number) {
  const { plan } = planSmartconfig({ encoding, ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, bssid: '11:22:33:44:55:66', appToken: Uint8Array.of(0xaa, 0xbb, 0xcc) })
  if (!plan.ok) throw new Error(plan.error.reason)
  const oracle = new AirOracle({ productSecrets: [{ productKey: 'a1Example', secret: PRODUCT_SECRET }] })
  const packets: { bytes: Uint8Array; ns: bigint }[] = []
  const source = new LivePcapSource({ interface: 'lo', monitor: 'off', filter: `udp and dst port ${p}` })
  sources.push(source)
  await source.start(
    oracleSink(oracle, {
      packet: (packet) => packets.push({ bytes: packet.buffer.slice(packet.offset, packet.offset + packet.length), ns: BigInt(packet.seconds) * 1_000_000_000n + BigInt(packet.nanoseconds) }),
    }),
  )
  const sink = await UdpDatagramSink.open(route(p))
  const sender = startSender(plan.value, { sink }, { clock: realClock, intervalMs: 2, cycles: 2, durationMs: 20_000 })
  const report = await sender.done
  await sink.close()
  await until(() => packets.length >= report.sent, 10_000)
  return { plan: plan.value, report, oracle, packets }
}

function tsharkHere(): boolean {
  if (tsharkAvailable()) return true
  console.warn('tshark is not installed: skipping the independent wire check')
  return false
}

function writePcap(packets: { bytes: Uint8Array; ns: bigint }[]): string {
  const writer = new PcapWriter()
  const header = writer.header([{ linktype: 1 }])
  if (!header.ok) throw new Error(header.error.reason)
  const chunks = [header.value, ...packets.map((p) => {
    const record = writer.packet({ timestampNs: p.ns, data: p.bytes })
    if (!record.ok) throw new Error(record.error.reason)
    return record.value
  })]
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-lo-')), 'loopback.pcap')
  fs.writeFileSync(file, Buffer.concat(chunks))
  return file
}

describe.skipIf(!isRoot && process.env.CI !== 'true')('smart-config sender on loopback: live capture + air oracle', () => {
  it('bcast: the §2.6 lengths go out as subnet-broadcast datagrams, twice, and the oracle recovers MyWiFi / 12345678', async () => {
    const { plan, report, oracle, packets } = await captureWhileSending('bcast', port(1))
    expect(plan.datagrams.map((d) => d.payloadLength)).toEqual(BCAST_26_LENGTHS)
    expect(report).toMatchObject({ stoppedBy: 'cycles', cycles: 2, sent: 2 * BCAST_26_LENGTHS.length })
    expect(packets).toHaveLength(report.sent)
    const sender = oracle.analysis({ reveal: true }).senders[0]
    expect(sender).toMatchObject({ encoding: 'bcast', status: 'decoded', offset: { cipher: 'wired', bytes: 36 }, checksum: { ok: true, received: 0x0b0f } })
    expect(sender.sender).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(sender.ssid?.display).toBe('MyWiFi')
    expect(sender.password?.revealed).toBe('12345678')
    if (tsharkHere()) {
      const frames = tsharkFields(writePcap(packets), ['ip.dst', 'udp.length'])
      expect(frames.map((f) => Number(f['udp.length'][0]) - 8)).toEqual([...BCAST_26_LENGTHS, ...BCAST_26_LENGTHS])
      expect(new Set(frames.map((f) => f['ip.dst'][0]))).toEqual(new Set(['127.255.255.255']))
    }
  })

  it('mcast: 1-byte datagrams to the §3 groups out of 127.0.0.1; the oracle recovers the credentials and the bind token', async () => {
    const { plan, report, oracle, packets } = await captureWhileSending('mcast', port(2))
    const groups = plan.datagrams.map((d) => d.group)
    expect(groups[0]).toBe('239.0.27.199')
    expect(groups.map((g) => g!.split('.').slice(2).map(Number)).flat()).toEqual(MCAST_3_DATA)
    expect(packets).toHaveLength(report.sent)
    const sender = oracle.analysis({ reveal: true }).senders[0]
    expect(sender).toMatchObject({ encoding: 'mcast', status: 'decoded', bindToken: MCAST_3_TOKEN })
    expect(sender.password?.revealed).toBe('12345678')
    if (tsharkHere()) {
      const frames = tsharkFields(writePcap(packets), ['ip.dst', 'udp.length', 'ip.ttl'])
      expect(frames.slice(0, groups.length).map((f) => f['ip.dst'][0])).toEqual(groups)
      expect(frames.every((f) => f['udp.length'][0] === '9' && f['ip.ttl'][0] === '1')).toBe(true)
    }
  })
})

describe.skipIf(!isRoot && process.env.CI !== 'true')('p2p injection helper (pcap inject in a child process)', () => {
  it('injects the frames it was given, in turn, until stopped (checked by the live capture on loopback)', async () => {
    // Loopback carries Ethernet, so these are Ethernet frames of a local experimental EtherType; on a monitor-mode
    // interface the same helper injects radiotap + probe request.
    const frames = [1, 2].map((n) => Uint8Array.from([...Array(12).fill(0), 0x88, 0xb5, n, ...new TextEncoder().encode('smart-config p2p')]))
    const seen: number[] = []
    const source = new LivePcapSource({ interface: 'lo', monitor: 'off', filter: 'ether proto 0x88b5' })
    sources.push(source)
    await source.start({ packet: (p) => void seen.push(p.buffer[p.offset + 14]) })
    const injector = await PcapChildInjector.start('lo', 5, frames)
    await until(() => seen.length >= 6, 10_000)
    await injector.close()
    const atStop = seen.length
    await new Promise((r) => setTimeout(r, 200))
    expect(seen.length).toBe(atStop)
    expect(seen.slice(0, 6)).toEqual([1, 2, 1, 2, 1, 2])
  })

  it('reports a refusal as a reason, not a crash', async () => {
    await expect(PcapChildInjector.start('no-such-if0', 5, [new Uint8Array(20)])).rejects.toThrow(/no-such-if0|No such device|exist/i)
  })
})
