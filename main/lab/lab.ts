import type { KnobSpec, LabView } from '../../preload/contract'
import type { Clock } from '../runtime/clock'
import type { Logger } from '../runtime/log'
import { cryptoRandom, type RandomSource, seededRandom } from '../runtime/random'
import { Air } from './air'
import { type KnobValue, type LabDevice, type LabEnvironment } from './devices/device'
import { deviceKind, deviceKinds } from './devices/registry'
import { LabEvents } from './events'
import { LabLan } from './lan'
import { ROUTER_KNOBS, VirtualRouter } from './router'
import type { DeviceSpec, Scenario } from './scenario'
import type { Screen } from '../sessions/screen'

const AIR_KNOBS: KnobSpec[] = [
  { name: 'loss', label: 'Frame loss on every link', type: 'number', min: 0, max: 0.9, step: 0.05 },
  { name: 'sensitivityDbm', label: 'Receiver sensitivity (dBm)', type: 'number', min: -100, max: -60, step: 1 },
]

/** The virtual lab: one air, the scenario's routers and devices, a loopback LAN, and its ground-truth events. */
export class Lab {
  readonly air: Air
  readonly lan: LabLan
  readonly events: LabEvents
  readonly random: RandomSource
  private routers = new Map<string, VirtualRouter>()
  private devices = new Map<string, LabDevice>()
  private changeListeners = new Set<() => void>()
  private notifyTarget: { address: string; port: number } | undefined
  private addedCount = 0

  constructor(
    readonly scenario: Scenario,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly screen: Screen,
    lanPrefix?: string,
  ) {
    this.random = seededRandom(scenario.seed)
    this.air = new Air(clock, this.random)
    // The subnet must differ between stations on one machine, so it comes from the OS, not the scenario seed.
    this.lan = new LabLan(cryptoRandom, lanPrefix)
    this.events = new LabEvents(clock)
    for (const [name, value] of Object.entries(scenario.air)) this.setAirKnob(name, value)
  }

  private environment(): LabEnvironment {
    return {
      air: this.air,
      lan: this.lan,
      clock: this.clock,
      random: this.random,
      log: this.log.child('device'),
      routers: () => [...this.routers.values()],
      product: (key) => this.scenario.products.find((p) => p.productKey === key),
      notifyTarget: () => this.notifyTarget ?? { address: this.lan.broadcastAddress, port: 5683 },
      emit: (event) => {
        this.events.emit(event)
        this.changed()
      },
      screen: this.screen,
    }
  }

  /** The workstation's own radios live on the same air as the devices. */
  environmentForWorkstation(): LabEnvironment {
    return this.environment()
  }

  /** Starts routers and devices; devices send their LAN notifications to `notifyTarget`. */
  async start(notifyTarget: { address: string; port: number }): Promise<void> {
    this.notifyTarget = notifyTarget
    for (const spec of this.scenario.routers) {
      const router = new VirtualRouter(spec, this.air, this.clock, this.lan, this.log.child('router'))
      this.routers.set(spec.id, router)
      router.start()
    }
    for (const spec of this.scenario.devices) await this.createDevice(spec)
  }

  async stop(): Promise<void> {
    for (const device of this.devices.values()) await device.stop()
    for (const router of this.routers.values()) router.stop()
    this.devices.clear()
    this.routers.clear()
  }

  private async createDevice(spec: DeviceSpec): Promise<LabDevice> {
    const kind = deviceKind(spec.kind)
    if (!kind) throw new Error(`Unknown lab device kind "${spec.kind}"; known: ${deviceKinds.map((k) => k.kind).join(', ')}.`)
    if (this.devices.has(spec.id)) throw new Error(`A lab device with id "${spec.id}" already exists.`)
    const device = kind.create(spec, this.environment())
    this.devices.set(spec.id, device)
    await device.start()
    this.changed()
    return device
  }

  async addDevice(kindName: string, label?: string): Promise<LabDevice> {
    const kind = deviceKind(kindName)
    if (!kind) throw new Error(`Unknown lab device kind "${kindName}"; known: ${deviceKinds.map((k) => k.kind).join(', ')}.`)
    const template = this.scenario.devices.find((d) => d.kind === kindName)
    const product = template?.productKey ?? this.scenario.products[0].productKey
    const n = ++this.addedCount
    const id = `${kindName}-added-${n}`
    const macTail = (0x100 + n).toString(16).slice(-2)
    return this.createDevice({
      id,
      kind: kindName,
      label: label?.trim() || `${kind.label} #${n}`,
      productKey: product,
      deviceName: `${kindName.replace(/[^a-z0-9]/gi, '')}${String(n).padStart(3, '0')}`,
      deviceSecret: template?.deviceSecret,
      mac: `02:00:${macTail}:${(this.random.int(256)).toString(16).padStart(2, '0')}:${(this.random.int(256)).toString(16).padStart(2, '0')}:${macTail}`,
      position: { x: 3, y: 0 },
      knobs: {},
    })
  }

  async removeDevice(id: string): Promise<boolean> {
    const device = this.devices.get(id)
    if (!device) return false
    this.devices.delete(id)
    await device.stop()
    this.changed()
    return true
  }

  device(id: string): LabDevice | undefined {
    return this.devices.get(id)
  }

  allDevices(): LabDevice[] {
    return [...this.devices.values()]
  }

  allRouters(): VirtualRouter[] {
    return [...this.routers.values()]
  }

  setKnob(scope: 'air' | 'router' | 'device', id: string | undefined, knob: string, value: KnobValue): void {
    if (scope === 'air') this.setAirKnob(knob, value)
    else if (scope === 'router') {
      const router = id ? this.routers.get(id) : undefined
      if (!router) throw new Error(`No lab router "${id}".`)
      router.setKnob(knob, value)
    } else {
      const device = id ? this.devices.get(id) : undefined
      if (!device) throw new Error(`No lab device "${id}".`)
      device.setKnob(knob, value)
    }
    this.changed()
  }

  private setAirKnob(knob: string, value: KnobValue): void {
    const spec = AIR_KNOBS.find((k) => k.name === knob)
    if (!spec) throw new Error(`Unknown air knob "${knob}"; known: ${AIR_KNOBS.map((k) => k.name).join(', ')}.`)
    if (typeof value !== 'number' || value < spec.min! || value > spec.max!) throw new Error(`Air knob "${knob}" must be a number from ${spec.min} to ${spec.max}.`)
    ;(this.air.knobs as unknown as Record<string, number>)[knob] = value
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.changeListeners) listener()
  }

  view(): LabView {
    const deviceKnobs: Record<string, KnobSpec[]> = {}
    for (const kind of deviceKinds) deviceKnobs[kind.kind] = kind.knobs
    return {
      scenarioName: this.scenario.name,
      seed: this.scenario.seed,
      routers: [...this.routers.values()].map((r) => r.view()),
      devices: [...this.devices.values()].map((d) => d.view()),
      airKnobs: { loss: this.air.knobs.loss, sensitivityDbm: this.air.knobs.sensitivityDbm },
      knobSpecs: { air: AIR_KNOBS, router: ROUTER_KNOBS, device: deviceKnobs },
      deviceKinds: deviceKinds.map((k) => ({ kind: k.kind, label: k.label, methods: k.methods })),
    }
  }
}
