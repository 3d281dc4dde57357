import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DeviceInfo, Profile, RadioState, Settings, StationInfo } from '../preload/contract'
import { features } from './features'
import { ProductRegistry } from './products/product-registry'
import { Lab } from './lab/lab'
import { loadScenario, type Scenario } from './lab/scenario'
import { methodDefinitions } from './methods/registry'
import type { Radios } from './radio'
import { HardwareBleRadio } from './radio/hardware/hardware-ble'
import { HardwareWifiRadio } from './radio/hardware/hardware-wifi'
import { ProbedRadio } from './radio/hardware/probed-radio'
import { CoapLan } from './radio/lan/coap-lan'
import { LabBleRadio } from './radio/lab/lab-ble'
import { LabCaptureRadio } from './radio/lab/lab-capture'
import { LabWifiRadio } from './radio/lab/lab-wifi'
import { type Clock, realClock } from './runtime/clock'
import { type Logger, createLogger, registerSecret } from './runtime/log'
import { cryptoRandom } from './runtime/random'
import { appVersion } from './runtime/version'
import { type RunnerEnvironment, SessionRunner } from './sessions/runner'
import { Screen } from './sessions/screen'
import { keyFileBox, type SecretBox } from './sessions/secret-box'
import { SessionStore } from './sessions/store'
import { EventBus } from './transport/bus'
import { CommandError, type HandlerTable } from './transport/handlers'

export interface StationOptions {
  profile: Profile
  dataDir: string
  shell: StationInfo['shell']
  scenarioFile?: string
  /** Electron passes safeStorage; elsewhere a key file in the data folder. */
  secretBox?: SecretBox
  /** UDP port and address of the LAN listener with hardware (0.0.0.0:5683 by default). */
  lanPort?: number
  lanHost?: string
  captureInterface?: string
  clock?: Clock
  log?: Logger
}

const DEFAULT_SETTINGS: Settings = { language: 'auto', confirmTimeoutMs: 60_000, frameStoreLimit: 1_000_000 }

export function defaultScenarioFile(): string {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const candidate of ['../resources/scenarios/default.json', '../../resources/scenarios/default.json']) {
    const file = path.resolve(here, candidate)
    if (fs.existsSync(file)) return file
  }
  return path.resolve(here, '../resources/scenarios/default.json')
}

/** The composition root: every service of one workstation, built from a profile. Both shells and the CLI use it. */
export class Station {
  readonly bus = new EventBus()
  readonly screen: Screen
  readonly handlers: HandlerTable = {}
  /** Features that can refine a failed session's cause before it is stored (first one that answers wins). */
  readonly causeRefiners: NonNullable<RunnerEnvironment['refineCause']>[] = []
  readonly log: Logger
  readonly clock: Clock
  readonly store: SessionStore
  readonly runner: SessionRunner
  readonly lab: Lab | undefined
  readonly radios: Radios
  /** Product and device secrets: the lab scenario's and the user's saved ones. */
  readonly products: ProductRegistry
  private readonly probed: ProbedRadio[] = []
  /**
   * Features that know devices besides the lab's (the BLE scanner) extend the list: each source gets the list so
   * far and returns it completed (addresses filled in, scanned devices added).
   */
  readonly deviceSources: ((devices: DeviceInfo[], method?: string) => Promise<DeviceInfo[]> | DeviceInfo[])[] = []
  /** Features that can find a device the list does not hold yet (a BLE address not heard so far), asked in order. */
  readonly deviceResolvers: ((id: string) => Promise<DeviceInfo | undefined>)[] = []
  private readonly closers: (() => Promise<void> | void)[] = []

  private constructor(
    readonly options: StationOptions,
    parts: { store: SessionStore; lab: Lab | undefined; radios: Radios; log: Logger; clock: Clock; screen: Screen },
  ) {
    this.store = parts.store
    this.lab = parts.lab
    this.radios = parts.radios
    this.log = parts.log
    this.clock = parts.clock
    this.screen = parts.screen
    this.products = new ProductRegistry(this.store, this.lab?.scenario)
    this.runner = new SessionRunner({
      profile: options.profile,
      store: this.store,
      bus: this.bus,
      clock: this.clock,
      random: this.lab?.random ?? cryptoRandom,
      radios: this.radios,
      lab: this.lab?.events,
      display: this.screen,
      secrets: this.products,
      log: this.log.child('session'),
      methods: new Map(methodDefinitions.map((m) => [m.id, m])),
      defaultConfirmTimeoutMs: () => this.settings().confirmTimeoutMs,
      refineCause: (failed) => {
        for (const refine of this.causeRefiners) {
          const cause = refine(failed)
          if (cause) return cause
        }
        return undefined
      },
      findDevice: async (id) => (await this.devices()).find((d) => d.id === id || d.label === id || d.address === id.toLowerCase()) ?? this.resolveDevice(id),
    })
    this.bindHandlers()
  }

  static async create(options: StationOptions): Promise<Station> {
    const log = options.log ?? createLogger('station')
    const clock = options.clock ?? realClock
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
    const store = SessionStore.open(options.dataDir, options.secretBox ?? keyFileBox(options.dataDir))
    if (store.recovered.length > 0) log.warn('Sessions interrupted by the last shutdown were marked interrupted', { count: store.recovered.length })
    const screen = new Screen()
    let station: Station | undefined
    try {
      station =
        options.profile === 'lab'
          ? await Station.createLab(options, store, screen, log, clock)
          : await Station.createHardware(options, store, screen, log, clock)
      for (const install of features) {
        const closer = await install(station)
        if (closer) station.closers.push(closer)
      }
      return station
    } catch (error) {
      if (station) await station.close().catch(() => undefined)
      else store.close()
      throw error
    }
  }

  /** For features: something to run when the station closes (in reverse order of registration). */
  onClose(closer: () => Promise<void> | void): void {
    this.closers.push(closer)
  }

  private static async createLab(options: StationOptions, store: SessionStore, screen: Screen, log: Logger, clock: Clock): Promise<Station> {
    const scenario: Scenario = loadScenario(options.scenarioFile ?? defaultScenarioFile())
    for (const router of scenario.routers) registerSecret(router.password)
    // The lab LAN's subnet is random per station; retry on the rare collision with another station on this machine.
    for (let attempt = 0; ; attempt++) {
      const lab = new Lab(scenario, clock, log.child('lab'), screen)
      const lan = new CoapLan({ listenHost: lab.lan.broadcastAddress, listenPort: 5683, sourceHost: lab.lan.stationAddress }, clock, log.child('lan'))
      try {
        await lan.start()
      } catch (error) {
        if (attempt < 5) continue
        throw error
      }
      const env = lab.environmentForWorkstation()
      const radios: Radios = {
        lan,
        wifi: new LabWifiRadio(env, scenario.workstation.position),
        ble: new LabBleRadio(env, scenario.workstation.position),
        capture: new LabCaptureRadio(),
      }
      const station = new Station(options, { store, lab, radios, log, clock, screen })
      await lab.start(lan.listenerAddress()!)
      station.closers.push(() => lab.stop(), () => lan.stop())
      lab.onChange(() => station.emitLabChanged())
      return station
    }
  }

  private static async createHardware(options: StationOptions, store: SessionStore, screen: Screen, log: Logger, clock: Clock): Promise<Station> {
    const lan = new CoapLan({ listenHost: options.lanHost ?? '0.0.0.0', listenPort: options.lanPort ?? 5683 }, clock, log.child('lan'))
    await lan.start().catch((error: Error) => log.warn('LAN listener unavailable', { error: error.message }))
    const wifi = new HardwareWifiRadio()
    const ble = new HardwareBleRadio()
    const capture = new ProbedRadio('capture', () => ({ captureInterface: options.captureInterface }))
    const station = new Station(options, { store, lab: undefined, radios: { lan, wifi, ble, capture }, log, clock, screen })
    station.probed.push(wifi, ble, capture)
    station.closers.push(() => lan.stop(), () => ble.close())
    void station.refreshRadios()
    return station
  }

  /** Re-probes hardware drivers (each in its own child process) and pushes the new states. */
  async refreshRadios(): Promise<RadioState[]> {
    await Promise.all(this.probed.map((radio) => radio.refresh()))
    const states = this.radioStates()
    this.bus.emit('station.radiosChanged', states)
    return states
  }

  radioStates(): RadioState[] {
    return [this.radios.ble.state(), this.radios.wifi.state(), this.radios.capture.state(), this.radios.lan.state()]
  }

  private labChangePending = false
  private emitLabChanged(): void {
    // Many knob or state changes in one tick become one event.
    if (this.labChangePending || !this.lab) return
    this.labChangePending = true
    setImmediate(() => {
      this.labChangePending = false
      if (this.lab) this.bus.emit('lab.updated', this.lab.view())
    })
  }

  info(): StationInfo {
    const env = { profile: this.options.profile, radios: this.radios }
    return {
      version: appVersion(),
      profile: this.options.profile,
      shell: this.options.shell,
      dataDir: this.options.dataDir,
      platform: `${process.platform}-${process.arch}`,
      radios: this.radioStates(),
      methods: methodDefinitions.map((m) => ({ id: m.id, ...m.availability(env) })),
    }
  }

  settings(): Settings {
    return { ...DEFAULT_SETTINGS, ...(this.store.getSetting<Partial<Settings>>('settings') ?? {}) }
  }

  async devices(method?: string): Promise<DeviceInfo[]> {
    let list: DeviceInfo[] = (this.lab?.allDevices() ?? [])
      .filter((d) => !method || d.methods.includes(method as DeviceInfo['methods'][number]))
      .map((d) => {
        const view = d.view()
        return { id: view.id, label: view.label, model: view.model, methods: view.methods, source: 'lab' as const }
      })
    for (const source of this.deviceSources) list = await source(list, method)
    return list
  }

  private async resolveDevice(id: string): Promise<DeviceInfo | undefined> {
    for (const resolve of this.deviceResolvers) {
      const found = await resolve(id)
      if (found) return found
    }
    return undefined
  }

  private bindHandlers(): void {
    const h = this.handlers
    h['station.info'] = () => this.info()
    h['settings.get'] = () => this.settings()
    h['settings.set'] = (patch) => {
      const next = { ...this.settings(), ...patch }
      this.store.setSetting('settings', next)
      return next
    }
    h['devices.list'] = ({ method }) => this.devices(method)
    h['sessions.start'] = (input) => this.runner.start(input)
    h['sessions.cancel'] = ({ id }) => this.runner.cancel(id)
    h['sessions.list'] = (query) => this.store.list(query)
    h['sessions.get'] = ({ id }) => {
      const session = this.store.get(id)
      if (!session) throw new CommandError('not-found', `No session ${id}.`)
      return session
    }
    h['sessions.qr'] = ({ id }) => {
      const shown = this.screen.get(id)
      if (!shown) return null
      return { sessionId: id, pngDataUrl: `data:image/png;base64,${Buffer.from(shown.png).toString('base64')}`, maskedPayload: shown.maskedText }
    }
    h['lab.view'] = () => this.requireLab().view()
    h['lab.addDevice'] = async ({ kind, label }) => {
      const device = await this.labCall(() => this.requireLab().addDevice(kind, label))
      return device.view()
    }
    h['lab.removeDevice'] = async ({ id }) => ({ removed: await this.requireLab().removeDevice(id) })
    h['lab.setKnob'] = async ({ scope, id, knob, value }) => {
      await this.labCall(async () => this.requireLab().setKnob(scope, id, knob, value))
      return this.requireLab().view()
    }
  }

  private requireLab(): Lab {
    if (!this.lab) throw new CommandError('unavailable', 'The virtual lab runs only in the lab profile (start with --profile lab).')
    return this.lab
  }

  /** Lab mistakes (unknown knob, value out of range) are the caller's input errors, not station failures. */
  private async labCall<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      throw new CommandError('invalid-input', (error as Error).message)
    }
  }

  async close(): Promise<void> {
    await this.runner.cancelAll()
    for (const close of this.closers.reverse()) await close()
    this.store.close()
  }
}
