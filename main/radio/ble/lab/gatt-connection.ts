// GATT client procedures over a lab ATT bearer (Core Vol 3 Part G §4): primary service discovery by group type,
// characteristic discovery by type, descriptor discovery for the CCCDs, then read, write and subscribe by handle.
import { type AttPdu, Cccd, GattUuid } from '../../../codec/ble/att'
import { readU16LE } from '../../../codec/ble/bytes'
import type { BleUuid } from '../../../codec/ble/uuid'
import { uuid128FromBytes } from '../../../codec/ble/uuid'
import type { Clock } from '../../../runtime/clock'
import { BleError, sameUuid, uuidText } from '../errors'
import type {
  CharacteristicProperty,
  CharacteristicRef,
  DisconnectReason,
  GattConnection,
  GattService,
  OperationOptions,
} from '../interface'
import { AttClient } from './att-client'

export const PROPERTY_BITS: [number, CharacteristicProperty][] = [
  [0x02, 'read'],
  [0x04, 'write-without-response'],
  [0x08, 'write'],
  [0x10, 'notify'],
  [0x20, 'indicate'],
]

interface CharacteristicEntry {
  uuid: BleUuid
  properties: CharacteristicProperty[]
  declarationHandle: number
  valueHandle: number
  cccdHandle?: number
}

interface ServiceEntry {
  uuid: BleUuid
  start: number
  end: number
  characteristics: CharacteristicEntry[]
}

/** The link under a GATT connection: what LabCentralLink offers. */
export interface GattLink {
  sendL2cap(frame: Uint8Array): void
  disconnect(): void
}

const DEFAULT_TIMEOUT_MS = 10_000

export class LabGattConnection implements GattConnection {
  private att: AttClient
  private services: ServiceEntry[] | undefined
  private listeners = new Map<number, (value: Uint8Array) => void>()
  private disconnectListeners = new Set<(reason: DisconnectReason) => void>()
  private closedReason: DisconnectReason | undefined
  private currentMtu = 23
  private pendingClose: (() => void) | undefined

  constructor(
    readonly address: string,
    private readonly link: GattLink,
    clock: Clock,
  ) {
    this.att = new AttClient((frame) => link.sendL2cap(frame), clock, () => this.drop('gatt-timeout'))
    this.att.onNotification = (handle, value) => this.listeners.get(handle)?.(value)
    this.att.onIndication = (handle, value) => this.listeners.get(handle)?.(value)
  }

  get mtu(): number {
    return this.currentMtu
  }

  get connected(): boolean {
    return this.closedReason === undefined
  }

  /** From the link. */
  receive(frame: Uint8Array): void {
    this.att.receive(frame)
  }

  /** From the link: it went down. */
  closed(reason: DisconnectReason): void {
    if (this.closedReason) return
    this.closedReason = reason
    this.att.close(new BleError('disconnected', `link to ${this.address} lost (${reason})`))
    this.pendingClose?.()
    for (const listener of [...this.disconnectListeners]) listener(reason)
    this.disconnectListeners.clear()
  }

  private drop(reason: DisconnectReason): void {
    this.link.disconnect()
    this.closed(reason)
  }

  onDisconnect(listener: (reason: DisconnectReason) => void): () => void {
    if (this.closedReason) {
      const reason = this.closedReason
      queueMicrotask(() => listener(reason))
      return () => {}
    }
    this.disconnectListeners.add(listener)
    return () => this.disconnectListeners.delete(listener)
  }

  async disconnect(): Promise<void> {
    if (this.closedReason) return
    await new Promise<void>((resolve) => {
      this.pendingClose = resolve
      this.link.disconnect()
    })
  }

  private request(pdu: AttPdu, opts: OperationOptions = {}): Promise<AttPdu> {
    return this.att.request(pdu, { timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal: opts.signal })
  }

  async exchangeMtu(mtu: number, opts?: OperationOptions): Promise<number> {
    const rsp = await this.request({ op: 'exchange-mtu-req', mtu }, opts)
    if (rsp.op === 'exchange-mtu-rsp') this.currentMtu = Math.max(23, Math.min(mtu, rsp.mtu))
    return this.currentMtu
  }

  async discover(opts?: OperationOptions): Promise<GattService[]> {
    if (!this.services) this.services = await this.discoverAll(opts)
    return this.services.map((s) => ({ uuid: s.uuid, characteristics: s.characteristics.map((c) => ({ uuid: c.uuid, properties: c.properties })) }))
  }

  private async discoverAll(opts?: OperationOptions): Promise<ServiceEntry[]> {
    const services: ServiceEntry[] = []
    // §4.4.1: Read By Group Type from handle 1 until Attribute Not Found or the end of the handle space.
    for (let start = 1; start <= 0xffff; ) {
      const entries = await this.untilNotFound(this.request({ op: 'read-by-group-type-req', startHandle: start, endHandle: 0xffff, type: GattUuid.primaryService }, opts))
      if (!entries || entries.op !== 'read-by-group-type-rsp') break
      for (const e of entries.entries) services.push({ uuid: uuidOf(e.value), start: e.handle, end: e.endGroupHandle, characteristics: [] })
      const last = entries.entries[entries.entries.length - 1].endGroupHandle
      if (last >= 0xffff) break
      start = last + 1
    }
    for (const service of services) {
      // §4.6.1: Read By Type of the characteristic declaration within the service's range.
      for (let start = service.start; start <= service.end; ) {
        const found = await this.untilNotFound(this.request({ op: 'read-by-type-req', startHandle: start, endHandle: service.end, type: GattUuid.characteristic }, opts))
        if (!found || found.op !== 'read-by-type-rsp') break
        for (const e of found.entries) {
          if (e.value.length < 5) continue
          service.characteristics.push({
            uuid: uuidOf(e.value.subarray(3)),
            properties: PROPERTY_BITS.filter(([bit]) => e.value[0] & bit).map(([, name]) => name),
            declarationHandle: e.handle,
            valueHandle: readU16LE(e.value, 1),
          })
        }
        start = found.entries[found.entries.length - 1].handle + 1
      }
      // §4.7.1: descriptors sit between a characteristic's value and the next declaration.
      for (const [i, c] of service.characteristics.entries()) {
        if (!c.properties.includes('notify') && !c.properties.includes('indicate')) continue
        const end = (service.characteristics[i + 1]?.declarationHandle ?? service.end + 1) - 1
        if (end <= c.valueHandle) continue
        const info = await this.untilNotFound(this.request({ op: 'find-information-req', startHandle: c.valueHandle + 1, endHandle: end }, opts))
        if (info?.op !== 'find-information-rsp') continue
        const cccd = info.entries.find((e) => e.uuid === GattUuid.cccd)
        if (cccd) c.cccdHandle = cccd.handle
      }
    }
    return services
  }

  /** Attribute Not Found ends a discovery loop; anything else is an error. */
  private async untilNotFound(pending: Promise<AttPdu>): Promise<AttPdu | undefined> {
    try {
      return await pending
    } catch (error) {
      if (error instanceof BleError && error.code === 'att-error' && error.attErrorCode === 0x0a) return undefined
      throw error
    }
  }

  private async characteristic(ref: CharacteristicRef, opts?: OperationOptions): Promise<CharacteristicEntry> {
    if (!this.services) await this.discover(opts)
    const service = this.services!.find((s) => sameUuid(s.uuid, ref.service))
    const c = service?.characteristics.find((x) => sameUuid(x.uuid, ref.characteristic))
    if (!c) throw new BleError('not-found', `no characteristic ${uuidText(ref.characteristic)} in service ${uuidText(ref.service)}`)
    return c
  }

  async read(ref: CharacteristicRef, opts?: OperationOptions): Promise<Uint8Array> {
    const c = await this.characteristic(ref, opts)
    const rsp = await this.request({ op: 'read-req', handle: c.valueHandle }, opts)
    return rsp.op === 'read-rsp' ? Uint8Array.from(rsp.value) : new Uint8Array(0)
  }

  async write(ref: CharacteristicRef, value: Uint8Array, opts: OperationOptions & { withResponse: boolean }): Promise<void> {
    if (this.closedReason) throw new BleError('disconnected', `link to ${this.address} is down (${this.closedReason})`)
    const c = await this.characteristic(ref, opts)
    if (!opts.withResponse) return this.att.command({ op: 'write-cmd', handle: c.valueHandle, value })
    await this.request({ op: 'write-req', handle: c.valueHandle, value }, opts)
  }

  async subscribe(ref: CharacteristicRef, mode: 'notify' | 'indicate', listener: (value: Uint8Array) => void, opts?: OperationOptions): Promise<void> {
    const c = await this.characteristic(ref, opts)
    if (!c.properties.includes(mode)) throw new BleError('not-found', `characteristic ${uuidText(ref.characteristic)} does not support ${mode}`)
    if (c.cccdHandle === undefined) throw new BleError('not-found', `characteristic ${uuidText(ref.characteristic)} has no CCCD`)
    // Listen before the CCCD write: a peripheral may push its first value in the same connection event.
    this.listeners.set(c.valueHandle, listener)
    const bits = mode === 'notify' ? Cccd.notify : Cccd.indicate
    await this.request({ op: 'write-req', handle: c.cccdHandle, value: Uint8Array.of(bits & 0xff, bits >> 8) }, opts)
  }
}

function uuidOf(bytes: Uint8Array): BleUuid {
  return bytes.length === 16 ? uuid128FromBytes(bytes) : bytes.length === 4 ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 : readU16LE(bytes, 0)
}

