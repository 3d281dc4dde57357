import type { DeviceInfo, MethodOptions, Profile, StepDetail } from '../../preload/contract'
import type { Radios } from '../radio'
import type { Clock } from '../runtime/clock'
import type { Logger } from '../runtime/log'
import type { RandomSource } from '../runtime/random'
import type { Observation } from './failure'

/** Ground truth only the virtual lab can see (a device scanning the QR, joining its router); absent with hardware. */
export interface LabObserver {
  /** Resolves with the first lab event of `kind` that `match` accepts (events since `since` count), or rejects on abort. */
  waitFor(kind: string, match: (event: LabEvent) => boolean, signal: AbortSignal, since?: number): Promise<LabEvent>
  on(listener: (event: LabEvent) => void): () => void
}

export interface LabEvent {
  at: number
  deviceId: string
  kind: string
  detail: Record<string, string | number | boolean>
}

/** The screen a QR is shown on: the Provision page, the terminal, and (in the lab) the camera's field of view. */
export interface Display {
  showQr(sessionId: string, qr: { png: Uint8Array; text: string; maskedText: string }): void
  clear(sessionId: string): void
}

export interface ProductSecrets {
  /** The productSecret for a product key, from the lab scenario or the user's saved secrets. */
  productSecret(productKey: string): string | undefined
  /** BLE (Breeze) products: the product key behind the numeric product id a device advertises. */
  productKeyForId?(productId: number): string | undefined
  /** Per-device-secret products: the deviceSecret of one device. */
  deviceSecret?(productKey: string, deviceName: string): string | undefined
}

export interface StepControl {
  readonly signal: AbortSignal
  detail(detail: StepDetail): void
}

export interface RetryPolicy {
  attempts: number
  delayMs: number
  /** Which failures are transient (retried); everything else fails the step at once. */
  retryable: (error: unknown) => boolean
}

export interface MethodContext {
  readonly sessionId: string
  readonly profile: Profile
  readonly clock: Clock
  readonly random: RandomSource
  readonly radios: Radios
  readonly lab: LabObserver | undefined
  readonly display: Display
  readonly secrets: ProductSecrets
  readonly signal: AbortSignal
  readonly log: Logger
  readonly options: Required<Pick<MethodOptions, 'confirmTimeoutMs'>> & MethodOptions
  readonly device: DeviceInfo | undefined
  /** Runs one named step: timed, stored as it starts and ends, retried per policy with each attempt visible. */
  step<T>(name: string, run: (step: StepControl) => Promise<T>, policy?: RetryPolicy): Promise<T>
  /** Records a step that happened elsewhere (the lab saw it) with its own times. */
  record(name: string, startedAt: number, endedAt: number, outcome: 'succeeded' | 'failed', detail?: StepDetail): void
  /** Evidence for the diagnosis that is not a failure by itself. */
  observe(observation: Observation): void
  /** Facts learnt while running (a resolved BSSID) that belong on the session record. */
  updateSession(patch: { bssid?: string; deviceId?: string; deviceLabel?: string; deviceModel?: string }): void
}
