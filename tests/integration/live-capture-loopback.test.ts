import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeEthernet } from '../../main/codec/ethernet/index.js'
import { frameDetail } from '../../main/frames/frame-detail'
import { FrameStore } from '../../main/frames/frame-store'
import { LivePcapSource } from '../../main/radio/capture/live-pcap-source'
import { collect, sendUdp, spawnAs, testPort, until } from './live-capture-helpers'

// The live source for real: libpcap on the loopback interface, in the helper process, streamed to us as pcap.
const isRoot = process.getuid?.() === 0
const sources: LivePcapSource[] = []
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()))
})
const live = (options: ConstructorParameters<typeof LivePcapSource>[0], spawnHelper?: ConstructorParameters<typeof LivePcapSource>[1]) => {
  const source = new LivePcapSource(options, spawnHelper)
  sources.push(source)
  return source
}

describe.skipIf(!isRoot && process.env.CI !== 'true')('live capture on loopback (libpcap in the helper process)', () => {
  it('captures UDP datagrams through a BPF filter; linktype 1 frames decode through Ethernet/IPv4/UDP', async () => {
    const port = testPort()
    const source = live({ interface: 'lo', filter: `udp port ${port}` })
    const packets = await collect(source)
    expect(source.description).toMatchObject({ kind: 'live', label: 'lo', monitorMode: false, linktype: 1, filter: `udp port ${port}` })
    const payloads = ['alpha', 'bravo', 'charlie', 'delta', 'echo']
    await sendUdp(port, payloads)
    // Other traffic on lo (another port) stays out: the filter runs in the kernel.
    await sendUdp(port + 1, ['noise'])
    await until(() => packets.length >= payloads.length)
    const end = await source.stop()
    expect(end).toMatchObject({ reason: 'stopped', packets: payloads.length })
    expect(packets).toHaveLength(payloads.length)
    for (const [k, p] of packets.entries()) {
      expect(p.linktype).toBe(1)
      const frame = decodeEthernet(p.bytes)
      expect(frame.ok).toBe(true)
      if (!frame.ok) continue
      expect(frame.value.udp).toMatchObject({ srcIp: '127.0.0.1', dstIp: '127.0.0.1', dstPort: port, payloadLength: payloads[k].length })
      expect(Buffer.from(p.bytes.subarray(frame.value.udp!.payloadOffset)).toString()).toBe(payloads[k])
      expect(Math.abs(p.seconds - Date.now() / 1000)).toBeLessThan(60)
    }
  })

  it('feeds the frame store like any source: rows and the detail tree show the UDP datagram', async () => {
    const port = testPort() + 2
    const store = new FrameStore({ limit: 100 })
    const source = live({ interface: 'lo', filter: `udp dst port ${port}` })
    await source.start({ packet: (p) => store.append(p) })
    await sendUdp(port, ['hello frames'])
    await until(() => store.size >= 1)
    await source.stop()
    const detail = frameDetail(store, 0)!
    expect(detail.row).toMatchObject({ kind: 'ethernet', typeName: 'UDP' })
    expect(detail.row.info).toContain(`→ 127.0.0.1:${port}, 12 bytes`)
    const payload = detail.tree.find((n) => n.label === 'Payload')!
    expect(Buffer.from(detail.hex.slice(payload.offset! * 2, (payload.offset! + payload.length!) * 2), 'hex').toString()).toBe('hello frames')
  })

  it('says exactly what is wrong: no such interface, no monitor mode on lo, bad filter', async () => {
    await expect(live({ interface: 'pbnosuch0' }).start({ packet() {} })).rejects.toMatchObject({ code: 'no-such-interface', message: 'There is no interface named pbnosuch0.' })
    await expect(live({ interface: 'lo', monitor: 'on' }).start({ packet() {} })).rejects.toMatchObject({ code: 'no-monitor-mode', message: 'lo is not a Wi-Fi interface, so it has no monitor mode.' })
    const bad = live({ interface: 'lo', filter: 'udp port and' })
    await expect(bad.start({ packet() {} })).rejects.toMatchObject({ code: 'bad-filter' })
    expect(await bad.ended).toMatchObject({ reason: 'failed', error: { code: 'bad-filter' } })
  })

  it.skipIf(!isRoot)('without capture rights it says so and how to grant them (helper run as nobody)', async () => {
    const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' })
    const uid = Number(nobody.stdout.trim() || 65534)
    const source = live({ interface: 'lo' }, spawnAs(uid, uid))
    const failure = await source.start({ packet() {} }).then(
      () => undefined,
      (error: { code: string; message: string; remedy: string }) => error,
    )
    expect(failure?.code).toBe('no-permission')
    expect(failure?.message).toMatch(/^No permission to capture on lo/)
    expect(failure?.remedy).toContain('setcap cap_net_raw,cap_net_admin+eip')
  })

  it('a helper that dies ends the capture with a reason; the station process is untouched', async () => {
    const source = live({ interface: 'lo', filter: `udp port ${testPort() + 3}` })
    await source.start({ packet() {} })
    const helper = (source as unknown as { child: { pid: number } }).child
    process.kill(helper.pid, 'SIGKILL')
    const end = await source.ended
    expect(end.reason).toBe('failed')
    expect(end.error?.message).toMatch(/The capture helper stopped \(SIGKILL\)/)
  })
})
