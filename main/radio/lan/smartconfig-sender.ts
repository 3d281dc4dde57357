import type { Encoding } from '../../../preload/contract'
import {
  type CapacityResult,
  checkCapacity,
  encodeBcast,
  encodeMcast,
  encodeP2pDeviceName,
  toHex,
} from '../../codec/awss/index.js'
import { type Result, fail, ok } from '../../codec/result'
import type { Clock } from '../../runtime/clock'

// The phone side of smart-config (PROTOCOLS-awss.md §2-4): one message encoded once, then sent cycle after cycle until
// the device confirms, the user cancels, or time runs out. bcast and mcast are real UDP datagrams (only their lengths
// or destinations carry data, §2.1/§3); p2p is a probe request with the WPS Device Name (§4). Where the datagrams
// and frames go is a sink chosen by the caller (a UDP socket, an injector, or the in-process lab for benchmarks).

/**
 * Defaults, and why. The device dwells 250 ms per channel while it scans (§1.6) and locks on any hint frame; a group
 * marker comes every 9 datagrams, so at 10 ms a dwell always holds two or more markers whatever the phase, and a whole
 * bcast cycle of a typical message (26..40 datagrams) fits in 0.3-0.4 s, well inside the device's 300 ms-gap and 8 s
 * unlock rules. p2p probe requests go every 20 ms, rotating over the social channels 1, 6 and 11 where the device
 * starts its scan. Sending stops with the confirmation wait unless a shorter duration or a cycle count is given.
 */
export const SENDER_DEFAULTS = { intervalMs: 10, p2pIntervalMs: 20, port: 7001 } as const

export interface SmartconfigDatagram {
  /** mcast: the group (the data); bcast: undefined = the route's broadcast address. */
  group?: string
  payloadLength: number
}

export interface SmartconfigPlan {
  encoding: Encoding
  /** One cycle, in sending order (bcast and mcast). */
  datagrams: SmartconfigDatagram[]
  /** p2p: the WPS Device Name value. */
  deviceName?: Uint8Array
  /** For the timeline and for recognising our own frames on the air: never the password. */
  summary: { values: number; ssidMode: string; ciphertextHex: string; warnings: string[]; appTokenHex?: string }
}

export interface PlanInput {
  encoding: Encoding
  ssid: string
  password: string
  productSecret: string
  /** Required by mcast (its last 3 bytes are part of the message). */
  bssid?: string
  /** mcast app token (typically 3 random bytes, §1.3). */
  appToken?: Uint8Array
  /** The device can take the SSID from its AP list (lets an over-long message leave the SSID out). */
  ssidFromApList?: boolean
}

/** The capacity verdict and, when it fits, the message ready to send. Messages never quote the password. */
export function planSmartconfig(input: PlanInput): { capacity: CapacityResult; plan: Result<SmartconfigPlan> } {
  const capacity = checkCapacity(input.encoding, {
    ssid: input.ssid,
    password: input.password,
    ssidFromApList: input.ssidFromApList,
    tokenLength: input.appToken?.length ?? 0,
  })
  if (!capacity.fits) return { capacity, plan: fail(capacity.errors.join(' '), 0) }
  const warnings = capacity.warnings
  if (input.encoding === 'bcast') {
    const mode = capacity.mode === 'omit' ? 'omit' : capacity.mode === 'packed' ? 'packed' : 'ascii'
    const encoded = encodeBcast({ ssid: input.ssid, password: input.password, productSecret: input.productSecret, ssidMode: mode })
    if (!encoded.ok) return { capacity, plan: encoded }
    return {
      capacity,
      plan: ok({
        encoding: 'bcast',
        datagrams: encoded.value.lengths.map((payloadLength) => ({ payloadLength })),
        summary: { values: encoded.value.values.length, ssidMode: mode, ciphertextHex: toHex(encoded.value.ciphertext), warnings },
      }),
    }
  }
  if (input.encoding === 'mcast') {
    if (!input.bssid) return { capacity, plan: fail("mcast carries the router's BSSID; it is unknown", 0) }
    const encoded = encodeMcast({
      ssid: capacity.mode === 'omit' ? undefined : input.ssid,
      password: input.password,
      productSecret: input.productSecret,
      bssid: input.bssid,
      ...(input.appToken && input.appToken.length > 0 ? { token: input.appToken } : {}),
    })
    if (!encoded.ok) return { capacity, plan: encoded }
    return {
      capacity,
      plan: ok({
        encoding: 'mcast',
        datagrams: encoded.value.groups.map((group) => ({ group, payloadLength: 1 })),
        summary: {
          values: encoded.value.data.length,
          ssidMode: capacity.mode,
          ciphertextHex: toHex(encoded.value.ciphertext),
          warnings,
          ...(input.appToken ? { appTokenHex: toHex(input.appToken) } : {}),
        },
      }),
    }
  }
  const encoded = encodeP2pDeviceName({ ssid: input.ssid, password: input.password, productSecret: input.productSecret })
  if (!encoded.ok) return { capacity, plan: encoded }
  return {
    capacity,
    plan: ok({
      encoding: 'p2p',
      datagrams: [],
      deviceName: encoded.value.value,
      summary: { values: encoded.value.value.length, ssidMode: encoded.value.ssidTruncated ? 'suffix' : 'raw', ciphertextHex: toHex(encoded.value.ciphertext), warnings },
    }),
  }
}

/** Where one cycle's datagrams go: a UDP socket, or the lab in-process. */
export interface DatagramSink {
  send(datagram: SmartconfigDatagram): Promise<void>
  close(): Promise<void>
}

/** Where p2p probe requests go: a monitor-mode interface (pcap inject) or the lab air. */
export interface ProbeInjector {
  /** The probe request carrying `deviceName`; `index` counts probes (for channel rotation and sequence numbers). */
  inject(deviceName: Uint8Array, index: number): Promise<void>
  close(): Promise<void>
}

export type StopReason = 'confirmed' | 'cancelled' | 'timeout' | 'cycles' | 'error'

export interface SendReport {
  encoding: Encoding
  /** Datagrams or probe requests sent. */
  sent: number
  /** Full cycles completed. */
  cycles: number
  startedAt: number
  endedAt: number
  stoppedBy: StopReason
  error?: string
}

export interface SendOptions {
  clock: Clock
  intervalMs?: number
  /** Stop after this many full cycles (default: no limit). */
  cycles?: number
  /** Stop after this long (required: sending never runs unbounded). */
  durationMs: number
  signal?: AbortSignal
  onProgress?: (progress: { sent: number; cycles: number }) => void
}

export interface RunningSender {
  /** Stops at the next datagram with this reason (the first reason given wins). */
  stop(reason: Exclude<StopReason, 'cycles' | 'error'>): void
  readonly done: Promise<SendReport>
}

/** Starts sending `plan` through `sink` (bcast/mcast) or `injector` (p2p); stops on stop(), abort, duration or cycles. */
export function startSender(plan: SmartconfigPlan, out: { sink?: DatagramSink; injector?: ProbeInjector }, options: SendOptions): RunningSender {
  const { clock } = options
  const interval = options.intervalMs ?? (plan.encoding === 'p2p' ? SENDER_DEFAULTS.p2pIntervalMs : SENDER_DEFAULTS.intervalMs)
  const stopper = new AbortController()
  let stopReason: StopReason | undefined
  const stop = (reason: StopReason) => {
    if (stopReason) return
    stopReason = reason
    stopper.abort()
  }
  const onAbort = () => stop('cancelled')
  if (options.signal?.aborted) stop('cancelled')
  options.signal?.addEventListener('abort', onAbort, { once: true })
  const startedAt = clock.now()
  const cancelTimeout = clock.timer(options.durationMs, () => stop('timeout'))

  const run = async (): Promise<SendReport> => {
    let sent = 0
    let cycles = 0
    let error: string | undefined
    const cycleLength = plan.encoding === 'p2p' ? 1 : plan.datagrams.length
    try {
      while (!stopReason) {
        for (let i = 0; i < cycleLength && !stopReason; i++) {
          if (plan.encoding === 'p2p') await out.injector!.inject(plan.deviceName!, sent)
          else await out.sink!.send(plan.datagrams[i])
          sent++
          options.onProgress?.({ sent, cycles })
          await clock.sleep(interval, stopper.signal).catch(() => undefined)
        }
        if (stopReason) break
        cycles++
        if (options.cycles !== undefined && cycles >= options.cycles) stop('cycles')
      }
    } catch (e) {
      error = (e as Error).message
      stop('error')
    } finally {
      cancelTimeout()
      options.signal?.removeEventListener('abort', onAbort)
    }
    return { encoding: plan.encoding, sent, cycles, startedAt, endedAt: clock.now(), stoppedBy: stopReason ?? 'error', ...(error ? { error } : {}) }
  }
  return { stop, done: run() }
}
