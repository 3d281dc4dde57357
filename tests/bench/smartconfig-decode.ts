// Lab clock time and packets sent until the lab device decodes smart-config, per encoding, at 0/10/30/50% frame loss.
//   npx tsx tests/bench/smartconfig-decode.ts [--trials N] [--seed S]
// Everything runs in-process on a VirtualClock: the real sender loop (default 10 ms / 20 ms intervals) feeding the lab
// router relay (ToDS + FromDS copies, WPA2/CCMP overhead) or the p2p probe injector, the lab air, and the lab device
// (channel hopping 1,6,11,1..13 at 250 ms, lock, decode) with its frameLoss knob. The sender starts at a random phase of
// the device's hop cycle. Each loss is compared with the loss-free run of the same command (ratio of medians);
// target: at 30% loss, decode time at most 2x the loss-free time.
import { performance } from 'node:perf_hooks'
import type { Encoding } from '../../preload/contract'
import { Air } from '../../main/lab/air'
import { smartconfigDeviceKind } from '../../main/lab/devices/smartconfig-device'
import type { LabDevice, LabEnvironment } from '../../main/lab/devices/device'
import { LabLan } from '../../main/lab/lan'
import { frequencyOf, VirtualRouter } from '../../main/lab/router'
import { RouterRelay } from '../../main/lab/router-relay'
import { parseScenario } from '../../main/lab/scenario'
import { P2P_CHANNELS, p2pProbeRequest } from '../../main/radio/lan/smartconfig-sender-p2p'
import { type DatagramSink, type ProbeInjector, planSmartconfig, startSender } from '../../main/radio/lan/smartconfig-sender'
import { VirtualClock } from '../../main/runtime/clock'
import { createLogger } from '../../main/runtime/log'
import { seededRandom } from '../../main/runtime/random'
import { Screen } from '../../main/sessions/screen'
import defaultScenario from '../../resources/scenarios/default.json'

const LOSSES = [0, 0.1, 0.3, 0.5]
const ENCODINGS: Encoding[] = ['bcast', 'mcast', 'p2p']
const LIMIT_MS = 60_000
const TARGET_RATIO_AT_30 = 2

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name)
  return at >= 0 ? Number(process.argv[at + 1]) : fallback
}
const trials = argument('--trials', 50)
const baseSeed = argument('--seed', 1)

const scenario = parseScenario(defaultScenario, 'default.json')
const routerSpec = scenario.routers.find((r) => r.id === 'labnet')!
const product = scenario.products.find((p) => p.productKey === 'a1LabSock001')!
const deviceSpec = scenario.devices.find((d) => d.kind === 'smartconfig-device')!
const STATION_MAC = '02:00:00:00:0a:01'
const quiet = createLogger('bench', { write: () => undefined }, 'error')

interface Trial {
  decodedAfterMs: number | undefined
  sent: number
}

async function trial(encoding: Encoding, loss: number, seed: number): Promise<Trial> {
  const clock = new VirtualClock(0)
  const random = seededRandom(seed)
  const air = new Air(clock, random)
  const lan = new LabLan(random, '127.250.250')
  const router = new VirtualRouter(routerSpec, air, clock, lan, quiet)
  router.start()
  let decodedAt: number | undefined
  const env: LabEnvironment = {
    air,
    lan,
    clock,
    random,
    log: quiet,
    routers: () => [router],
    product: (key) => scenario.products.find((p) => p.productKey === key),
    notifyTarget: () => ({ address: lan.broadcastAddress, port: 5683 }),
    emit: (event) => {
      if (event.kind === 'smartconfig-decoded' && decodedAt === undefined) decodedAt = clock.now()
    },
    screen: new Screen(),
  }
  const device: LabDevice = smartconfigDeviceKind.create({ ...deviceSpec, knobs: { frameLoss: loss, rearmAfterMs: 0 } }, env)
  await device.start()

  const { plan } = planSmartconfig({
    encoding,
    ssid: routerSpec.ssid,
    password: routerSpec.password,
    productSecret: product.productSecret,
    bssid: routerSpec.bssid,
    appToken: random.bytes(3),
  })
  if (!plan.ok) throw new Error(plan.error.reason)
  const relay = new RouterRelay(router, air, STATION_MAC, scenario.workstation.position)
  const sink: DatagramSink = {
    send: async (d) => relay.ingest({ srcIp: '192.168.1.20', srcPort: 50000, dstIp: d.group ?? '192.168.1.255', dstPort: 7001, payloadLength: d.payloadLength }),
    close: async () => undefined,
  }
  const injector: ProbeInjector = {
    inject: async (name, index) => {
      const channel = P2P_CHANNELS[index % P2P_CHANNELS.length]
      const frame = p2pProbeRequest('06:00:00:00:0a:01', name, index)
      if (frame.ok) air.transmit({ medium: 'wifi', from: 'workstation', channel, freqMHz: frequencyOf(channel), bytes: frame.value, rateKbps: 1000 })
    },
    close: async () => undefined,
  }
  // Start at a random phase of the device's 4 s hop cycle.
  await clock.advance(random.int(4000))
  let sent = 0
  const startedAt = clock.now()
  const sender = startSender(plan.value, { sink, injector }, { clock, durationMs: LIMIT_MS, onProgress: (p) => (sent = p.sent) })
  await clock.runUntil(startedAt + LIMIT_MS, () => decodedAt !== undefined)
  const result = { decodedAfterMs: decodedAt === undefined ? undefined : decodedAt - startedAt, sent }
  sender.stop('confirmed')
  await device.stop()
  router.stop()
  await relay.close()
  await clock.advance(50)
  return result
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const p90 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)]
}

async function main(): Promise<void> {
  const wall = performance.now()
  console.log(`smart-config decode on the lab clock: ${trials} trials per cell, seeds ${baseSeed}..${baseSeed + trials - 1}`)
  console.log('encoding  loss  decoded  median ms  p90 ms  packets (median)  ratio to loss-free')
  let verdict = true
  for (const encoding of ENCODINGS) {
    let baseline = NaN
    for (const loss of LOSSES) {
      const results: Trial[] = []
      for (let t = 0; t < trials; t++) results.push(await trial(encoding, loss, baseSeed + t))
      const decoded = results.filter((r) => r.decodedAfterMs !== undefined)
      const times = decoded.map((r) => r.decodedAfterMs!)
      const m = median(times)
      if (loss === 0) baseline = m
      const ratio = m / baseline
      if (loss === 0.3 && !(ratio <= TARGET_RATIO_AT_30)) verdict = false
      console.log(
        `${encoding.padEnd(8)}  ${`${loss * 100}%`.padStart(4)}  ${`${decoded.length}/${results.length}`.padStart(7)}  ${m.toFixed(0).padStart(9)}  ${p90(times).toFixed(0).padStart(6)}  ${median(decoded.map((r) => r.sent)).toFixed(0).padStart(16)}  ${ratio.toFixed(2).padStart(18)}${loss === 0.3 ? (ratio <= TARGET_RATIO_AT_30 ? '  (target <= 2: met)' : '  (target <= 2: MISSED)') : ''}`,
      )
    }
  }
  console.log(`30% loss target ${verdict ? 'met' : 'missed'} for every encoding; wall time ${((performance.now() - wall) / 1000).toFixed(1)} s`)
}

void main()
