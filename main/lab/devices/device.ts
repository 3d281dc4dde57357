import type { KnobSpec, LabDeviceView, MethodId } from '../../../preload/contract'
import type { LabEvent } from '../../methods/context'
import type { Clock } from '../../runtime/clock'
import type { Logger } from '../../runtime/log'
import type { RandomSource } from '../../runtime/random'
import type { Air } from '../air'
import type { LabLan } from '../lan'
import type { VirtualRouter } from '../router'
import type { DeviceSpec, ProductSpec } from '../scenario'

export type KnobValue = number | boolean | string

/** What a lab device's firmware model may use: the air, the LAN, the routers, time, and a way to tell the truth. */
export interface LabEnvironment {
  air: Air
  lan: LabLan
  clock: Clock
  random: RandomSource
  log: Logger
  routers(): VirtualRouter[]
  product(productKey: string): ProductSpec | undefined
  /** Where devices send LAN notifications (the workstation listener). */
  notifyTarget(): { address: string; port: number }
  /** Lab ground truth for the session timeline and the diagnosis. */
  emit(event: Omit<LabEvent, 'at'>): void
  /** The QR images currently on the workstation's screen (cameras look at it). */
  screen: { current(): { sessionId: string; png: Uint8Array }[]; onChange(listener: () => void): () => void }
}

export interface LabDevice {
  readonly spec: DeviceSpec
  readonly kind: string
  readonly methods: MethodId[]
  view(): LabDeviceView
  setKnob(name: string, value: KnobValue): void
  start(): Promise<void>
  stop(): Promise<void>
}

export interface DeviceKind {
  kind: string
  label: string
  methods: MethodId[]
  knobs: KnobSpec[]
  defaults: Record<string, KnobValue>
  create(spec: DeviceSpec, env: LabEnvironment): LabDevice
}

/** Shared knob bookkeeping: validate against the kind's specs, keep current values. */
export class KnobSet {
  private values: Record<string, KnobValue>

  constructor(
    private readonly specs: KnobSpec[],
    defaults: Record<string, KnobValue>,
    initial: Record<string, KnobValue>,
  ) {
    this.values = { ...defaults }
    for (const [name, value] of Object.entries(initial)) this.set(name, value)
  }

  set(name: string, value: KnobValue): void {
    const spec = this.specs.find((s) => s.name === name)
    if (!spec) throw new Error(`Unknown knob "${name}"; known: ${this.specs.map((s) => s.name).join(', ')}.`)
    if (spec.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`Knob "${name}" takes a number.`)
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        throw new Error(`Knob "${name}" must be between ${spec.min} and ${spec.max}.`)
      }
    } else if (spec.type === 'boolean') {
      if (typeof value !== 'boolean') throw new Error(`Knob "${name}" takes true or false.`)
    } else if (typeof value !== 'string' || !spec.choices?.includes(value)) {
      throw new Error(`Knob "${name}" takes one of: ${spec.choices?.join(', ')}.`)
    }
    this.values[name] = value
  }

  get<T extends KnobValue>(name: string): T {
    return this.values[name] as T
  }

  all(): Record<string, KnobValue> {
    return { ...this.values }
  }
}

/** What a device is doing right now; the rest of its Lab view comes from its spec and kind. */
export interface DeviceNow {
  state: string
  ip: string | undefined
  joinedSsid: string | undefined
  knobs: KnobSet
}

/** The Lab view every device kind shows: who it is (spec, kind, product model), its state, where it joined, its knobs. */
export function labDeviceView(device: Pick<LabDevice, 'spec' | 'kind' | 'methods'>, env: LabEnvironment, now: DeviceNow): LabDeviceView {
  return {
    id: device.spec.id,
    label: device.spec.label,
    kind: device.kind,
    model: env.product(device.spec.productKey)?.model ?? device.spec.productKey,
    methods: device.methods,
    state: now.state,
    ...(now.ip ? { ip: now.ip } : {}),
    ...(now.joinedSsid ? { joinedSsid: now.joinedSsid } : {}),
    knobs: now.knobs.all(),
  }
}

/** The bands a Wi-Fi device's radio joins on: 2.4 GHz always, 5 GHz when its `supports5GHz` knob says so. */
export function radioBands(knobs: KnobSet): ('2.4GHz' | '5GHz')[] {
  return knobs.get<boolean>('supports5GHz') ? ['2.4GHz', '5GHz'] : ['2.4GHz']
}
