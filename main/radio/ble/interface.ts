import type { RadioState } from '../../../preload/contract'
import type { BleUuid } from '../../codec/ble/uuid'
import type { BreezeAdvertisement } from '../../codec/breeze/advertisement'

/** One advertisement as a scanner reports it: the advertising data (and scan response, when seen) parsed. */
export interface Advertisement {
  /** "aa:bb:cc:dd:ee:ff", most significant byte first, lower case. */
  address: string
  addressType: 'public' | 'random'
  rssi: number
  connectable: boolean
  /** Local name from the advertising data or the scan response. */
  name?: string
  flags?: number
  serviceUuids: BleUuid[]
  manufacturerData: { companyId: number; data: Uint8Array }[]
  serviceData: { uuid: BleUuid; data: Uint8Array }[]
  txPowerDbm?: number
  /** Present when the advertisement is a Breeze one (service 0xFEB3 + company 0x01A8). */
  breeze?: BreezeAdvertisement
  receivedAt: number
}

export interface ScanOptions {
  /** Stop after this long (the iterable then ends); without it the scan runs until the consumer stops. */
  durationMs?: number
  signal?: AbortSignal
  /** Ask for scan responses (names usually live there). Default true. */
  active?: boolean
}

export type CharacteristicProperty = 'read' | 'write' | 'write-without-response' | 'notify' | 'indicate'

export interface GattCharacteristic {
  uuid: BleUuid
  properties: CharacteristicProperty[]
}

export interface GattService {
  uuid: BleUuid
  characteristics: GattCharacteristic[]
}

/** A characteristic by its service and its own UUID (16-bit UUIDs are numbers, as in the codecs). */
export interface CharacteristicRef {
  service: BleUuid
  characteristic: BleUuid
}

export interface OperationOptions {
  /** How long one GATT procedure may take; an expired one leaves the link unusable (ATT §3.3.3). */
  timeoutMs?: number
  signal?: AbortSignal
}

export type DisconnectReason = 'local' | 'remote-terminated' | 'supervision-timeout' | 'gatt-timeout' | 'radio-lost'

export interface GattConnection {
  readonly address: string
  /** ATT_MTU in use (23 until exchanged). */
  readonly mtu: number
  readonly connected: boolean
  exchangeMtu(mtu: number, opts?: OperationOptions): Promise<number>
  /** Primary services with their characteristics; cached after the first call. */
  discover(opts?: OperationOptions): Promise<GattService[]>
  read(ref: CharacteristicRef, opts?: OperationOptions): Promise<Uint8Array>
  write(ref: CharacteristicRef, value: Uint8Array, opts: OperationOptions & { withResponse: boolean }): Promise<void>
  /** Writes the CCCD; `listener` gets every value the peripheral pushes on this characteristic from then on. */
  subscribe(ref: CharacteristicRef, mode: 'notify' | 'indicate', listener: (value: Uint8Array) => void, opts?: OperationOptions): Promise<void>
  /** Called once when the link goes down, whoever ended it. */
  onDisconnect(listener: (reason: DisconnectReason) => void): () => void
  disconnect(): Promise<void>
}

export interface ConnectOptions {
  timeoutMs: number
  signal?: AbortSignal
}

/**
 * The workstation's Bluetooth LE radio: the lab twin (peripherals on the lab air) or noble in a host process.
 * Several connections may be open at once.
 */
export interface BleRadio {
  state(): RadioState
  /** Parsed advertisements as they are heard (one per advertising event; consumers de-duplicate). */
  scan(opts?: ScanOptions): AsyncIterable<Advertisement>
  connect(address: string, opts: ConnectOptions): Promise<GattConnection>
}
