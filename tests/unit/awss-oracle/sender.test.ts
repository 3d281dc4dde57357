import { describe, expect, it } from 'vitest'
import { type DatagramSink, type SmartconfigDatagram, planSmartconfig, startSender } from '../../../main/radio/lan/smartconfig-sender'
import { resolveSenderRoute, subnetBroadcast } from '../../../main/radio/lan/smartconfig-sender-udp'
import { VirtualClock } from '../../../main/runtime/clock'
import { PRODUCT_SECRET } from '../codec/awss/helpers'
import { BCAST_26_LENGTHS, MCAST_3_DATA } from './air-fixtures'

class RecordingSink implements DatagramSink {
  sent: { at: number; datagram: SmartconfigDatagram }[] = []
  constructor(private readonly clock: VirtualClock) {}
  async send(datagram: SmartconfigDatagram) {
    this.sent.push({ at: this.clock.now(), datagram })
  }
  async close() {}
}

const plan = (encoding: 'bcast' | 'mcast' | 'p2p', password = '12345678', ssid = 'MyWiFi') => {
  const result = planSmartconfig({ encoding, ssid, password, productSecret: PRODUCT_SECRET, bssid: '11:22:33:44:55:66', appToken: Uint8Array.of(0xaa, 0xbb, 0xcc) })
  if (!result.plan.ok) throw new Error(result.plan.error.reason)
  return result.plan.value
}

describe('smart-config plan (the worked examples are the fixed vectors)', () => {
  it('bcast cycle = the §2.6 payload lengths; mcast = the §3 groups; p2p = the §4 Device Name', () => {
    expect(plan('bcast').datagrams.map((d) => d.payloadLength)).toEqual(BCAST_26_LENGTHS)
    const mcast = plan('mcast')
    expect(mcast.datagrams.every((d) => d.payloadLength === 1)).toBe(true)
    expect(mcast.datagrams.flatMap((d) => d.group!.split('.').slice(2).map(Number))).toEqual(MCAST_3_DATA)
    expect(mcast.datagrams.map((d) => Number(d.group!.split('.')[1]))).toEqual([...Array(14).keys()])
    expect(Buffer.from(plan('p2p').deviceName!).toString('hex')).toBe('260819334869486f1777430821020a0f010b38')
  })

  it('refuses what does not fit, with the reason, before anything exists to send', () => {
    const result = planSmartconfig({ encoding: 'p2p', ssid: 'A-rather-long-network-name-xyz', password: 'a-password-that-is-rather-long-too', productSecret: PRODUCT_SECRET })
    expect(result.plan.ok).toBe(false)
    expect(result.capacity.fits).toBe(false)
    expect(result.capacity.errors.join(' ')).toMatch(/Device Name|p2p/)
    const nul = planSmartconfig({ encoding: 'bcast', ssid: 'MyWiFi', password: 'abc\0defgh', productSecret: PRODUCT_SECRET })
    expect(nul.plan.ok).toBe(false)
    expect(nul.capacity.errors.join(' ')).toMatch(/NUL/)
    expect(nul.capacity.errors.join(' ')).not.toContain('defgh')
    // mcast needs the BSSID it carries.
    expect(planSmartconfig({ encoding: 'mcast', ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET }).plan.ok).toBe(false)
  })
})

describe('sender loop (virtual clock)', () => {
  it('sends a cycle at the interval, repeats it, and stops after the cycle count', async () => {
    const clock = new VirtualClock(1000)
    const sink = new RecordingSink(clock)
    const running = startSender(plan('bcast'), { sink }, { clock, intervalMs: 10, cycles: 3, durationMs: 60_000 })
    await clock.advance(5_000)
    const report = await running.done
    expect(report).toMatchObject({ stoppedBy: 'cycles', cycles: 3, sent: 3 * 26, startedAt: 1000 })
    expect(sink.sent.map((s) => s.datagram.payloadLength)).toEqual([...BCAST_26_LENGTHS, ...BCAST_26_LENGTHS, ...BCAST_26_LENGTHS])
    expect(sink.sent[1].at - sink.sent[0].at).toBe(10)
    expect(sink.sent[26].at - sink.sent[0].at).toBe(260)
  })

  it('stops on confirmation, on cancel and on the duration, whichever comes first', async () => {
    const clock = new VirtualClock()
    const sink = new RecordingSink(clock)
    const confirmed = startSender(plan('mcast'), { sink }, { clock, durationMs: 60_000 })
    await clock.advance(95)
    confirmed.stop('confirmed')
    await clock.advance(100)
    expect(await confirmed.done).toMatchObject({ stoppedBy: 'confirmed', sent: 10 })

    const controller = new AbortController()
    const cancelled = startSender(plan('mcast'), { sink }, { clock, durationMs: 60_000, signal: controller.signal })
    await clock.advance(30)
    controller.abort()
    await clock.advance(100)
    expect((await cancelled.done).stoppedBy).toBe('cancelled')

    const timed = startSender(plan('bcast'), { sink }, { clock, durationMs: 1_000 })
    await clock.advance(2_000)
    const report = await timed.done
    expect(report.stoppedBy).toBe('timeout')
    expect(report.endedAt - report.startedAt).toBe(1_000)
    expect(report.sent).toBe(100)
  })

  it('a sink that fails stops the sender with the error', async () => {
    const clock = new VirtualClock()
    const sink: DatagramSink = { send: async () => Promise.reject(new Error('ENETUNREACH')), close: async () => {} }
    const report = await startSender(plan('bcast'), { sink }, { clock, durationMs: 1_000 }).done
    expect(report).toMatchObject({ stoppedBy: 'error', error: 'ENETUNREACH', sent: 0 })
  })

  it('p2p: one probe request per interval through the injector', async () => {
    const clock = new VirtualClock()
    const probes: number[] = []
    const injector = { inject: async (_name: Uint8Array, index: number) => void probes.push(index), close: async () => {} }
    const running = startSender(plan('p2p'), { injector }, { clock, cycles: 5, durationMs: 10_000 })
    await clock.advance(1_000)
    expect(await running.done).toMatchObject({ stoppedBy: 'cycles', sent: 5 })
    expect(probes).toEqual([0, 1, 2, 3, 4])
  })
})

describe('sender route', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
    eth0: [{ address: '10.1.2.3', netmask: '255.255.0.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '10.1.2.3/16' }],
    wlan0: [
      { address: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:02', internal: false, cidr: 'fe80::1/64', scopeid: 3 },
      { address: '192.168.31.20', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:02', internal: false, cidr: '192.168.31.20/24' },
    ],
  } as const
  it('prefers the wireless interface and broadcasts to its subnet; limited broadcast on request', () => {
    const choice = resolveSenderRoute(interfaces as never, { isWireless: (n) => n === 'wlan0' })
    expect(choice).toEqual({ ok: true, route: { interface: 'wlan0', bindAddress: '192.168.31.20', broadcastAddress: '192.168.31.255', multicastInterface: '192.168.31.20', port: 7001 } })
    const limited = resolveSenderRoute(interfaces as never, { name: 'eth0', limitedBroadcast: true })
    expect(limited.ok && limited.route.broadcastAddress).toBe('255.255.255.255')
    expect(subnetBroadcast('10.1.2.3', '255.255.0.0')).toBe('10.1.255.255')
  })
  it('says why when there is no usable interface', () => {
    expect(resolveSenderRoute({ lo: interfaces.lo } as never)).toMatchObject({ ok: false, reason: expect.stringMatching(/join this workstation/) })
    expect(resolveSenderRoute(interfaces as never, { name: 'wlan9' })).toMatchObject({ ok: false, reason: expect.stringMatching(/wlan9/) })
  })
})
