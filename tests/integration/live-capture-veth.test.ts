import { execFileSync, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeEthernet } from '../../main/codec/ethernet/index.js'
import { LivePcapSource } from '../../main/radio/capture/live-pcap-source'
import { collect, until } from './live-capture-helpers'

// The live source on a real Ethernet-type link we create: a veth pair whose far end lives in a network namespace of
// our own. Only the namespace end has an address; the datagrams go to its subnet broadcast, so nothing outside the
// namespace and the pair is ever addressed.
const tag = `pbf${process.pid % 100000}`
const NS = `${tag}ns`
const HOST_END = `${tag}h`
const NS_END = `${tag}n`
const octet = 16 + (process.pid % 200)
const NS_ADDRESS = `10.213.${octet}.2`
const BROADCAST = `10.213.${octet}.255`
const PORT = 47_801

const canRun = process.getuid?.() === 0 && spawnSync('ip', ['-V']).status === 0
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()

function cleanup(): void {
  spawnSync('ip', ['link', 'del', HOST_END])
  spawnSync('ip', ['netns', 'del', NS])
}

/** Sends UDP datagrams from inside the namespace (a node process started there with `ip netns exec`). */
function sendFromNamespace(payloads: string[]): void {
  const script = `const s=require('dgram').createSocket('udp4');s.bind(0,'${NS_ADDRESS}',()=>{s.setBroadcast(true);let n=0;for(const p of ${JSON.stringify(payloads)})s.send(p,${PORT},'${BROADCAST}',()=>{if(++n===${payloads.length})s.close()})})`
  execFileSync('ip', ['netns', 'exec', NS, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 })
}

describe.skipIf(!canRun && process.env.CI !== 'true')('live capture on a veth pair into a network namespace we create', () => {
  beforeAll(() => {
    if (!canRun) throw new Error('needs root and iproute2 (ip) to create a network namespace and a veth pair')
    cleanup()
    ip('netns', 'add', NS)
    ip('link', 'add', HOST_END, 'type', 'veth', 'peer', 'name', NS_END)
    ip('link', 'set', NS_END, 'netns', NS)
    // The host end stays silent: no address, no IPv6 autoconfiguration.
    spawnSync('sysctl', ['-qw', `net.ipv6.conf.${HOST_END}.disable_ipv6=1`])
    ip('link', 'set', HOST_END, 'up')
    ip('netns', 'exec', NS, 'ip', 'addr', 'add', `${NS_ADDRESS}/24`, 'dev', NS_END)
    ip('netns', 'exec', NS, 'ip', 'link', 'set', NS_END, 'up')
  })
  afterAll(cleanup)

  it('sees the namespace’s datagrams on the host end, decoded through Ethernet/IPv4/UDP', async () => {
    const source = new LivePcapSource({ interface: HOST_END, filter: `udp port ${PORT}` })
    const packets = await collect(source)
    expect(source.description.monitorMode).toBe(false)
    const payloads = ['one', 'two', 'three']
    sendFromNamespace(payloads)
    await until(() => packets.length >= payloads.length)
    await source.stop()
    expect(packets.map((p) => p.linktype)).toEqual([1, 1, 1])
    const decoded = packets.map((p) => decodeEthernet(p.bytes))
    for (const [k, frame] of decoded.entries()) {
      expect(frame.ok).toBe(true)
      if (!frame.ok) continue
      expect(frame.value.dst).toBe('ff:ff:ff:ff:ff:ff')
      expect(frame.value.udp).toMatchObject({ srcIp: NS_ADDRESS, dstIp: BROADCAST, dstPort: PORT })
      expect(Buffer.from(packets[k].bytes.subarray(frame.value.udp!.payloadOffset)).toString()).toBe(payloads[k])
    }
  })

  it('an interface removed while capturing ends the capture with "interface gone", not a crash', async () => {
    const source = new LivePcapSource({ interface: HOST_END })
    await source.start({ packet() {} })
    ip('link', 'del', HOST_END)
    const end = await source.ended
    expect(end.reason).toBe('failed')
    expect(end.error).toMatchObject({ code: 'interface-gone' })
    expect(end.error?.message).toBe(`${HOST_END} is gone: the adapter was unplugged or the interface was removed while capturing.`)
    expect(end.error?.remedy).toMatch(/start the capture again/)
    // Asking again for the vanished interface is answered up front.
    await expect(new LivePcapSource({ interface: HOST_END }).start({ packet() {} })).rejects.toMatchObject({ code: 'no-such-interface' })
  })
})
