// A lab peripheral's GATT server (Core Vol 3 Part F/G, the server side): an attribute table built from services
// and characteristics, answers to discovery, reads, writes and CCCD writes, and notifications/indications with the
// one-outstanding-indication rule. A "slow device" answers each request only after a delay.
import { type AttPdu, buildAttPdu, Cccd, GattUuid, parseAttPdu } from '../../../codec/ble/att'
import { buildL2capFrame, L2capCid, parseL2capFrame } from '../../../codec/ble/l2cap'
import { writeU16LE } from '../../../codec/ble/bytes'
import type { Clock } from '../../../runtime/clock'
import type { CharacteristicProperty } from '../interface'
import { PROPERTY_BITS } from './gatt-connection'

export interface ServerCharacteristic {
  /** 16-bit UUID (the lab's peripherals use only those). */
  uuid: number
  properties: CharacteristicProperty[]
  read?(): Uint8Array
  write?(value: Uint8Array, withResponse: boolean): void
  subscribed?(mode: 'notify' | 'indicate' | 'off'): void
}

export interface ServerService {
  uuid: number
  characteristics: ServerCharacteristic[]
}

interface Attribute {
  handle: number
  type: number
  /** Last handle of the group, for service declarations. */
  groupEnd?: number
  value?: Uint8Array
  characteristic?: ServerCharacteristic
  cccdOf?: ServerCharacteristic
}

const ErrorCode = { invalidHandle: 0x01, readNotPermitted: 0x02, writeNotPermitted: 0x03, requestNotSupported: 0x06, attributeNotFound: 0x0a, unlikely: 0x0e } as const

const REQUEST_OPCODES: Partial<Record<AttPdu['op'], number>> = {
  'exchange-mtu-req': 0x02,
  'find-information-req': 0x04,
  'read-by-type-req': 0x08,
  'read-req': 0x0a,
  'read-by-group-type-req': 0x10,
  'write-req': 0x12,
}

const u16 = (v: number): Uint8Array => {
  const b = new Uint8Array(2)
  writeU16LE(b, 0, v)
  return b
}

export class LabGattServer {
  private readonly attributes: Attribute[] = []
  private readonly cccd = new Map<ServerCharacteristic, number>()
  private indications: { handle: number; value: Uint8Array }[] = []
  private awaitingConfirmation = false
  private work: Promise<void> = Promise.resolve()
  private generation = 0
  private mtu = 23

  constructor(
    services: ServerService[],
    private readonly sendL2cap: (frame: Uint8Array) => void,
    private readonly clock: Clock,
    private readonly options: { serverMtu: number; responseDelayMs(): number },
  ) {
    let handle = 1
    for (const service of services) {
      const declaration: Attribute = { handle: handle++, type: GattUuid.primaryService, value: u16(service.uuid) }
      this.attributes.push(declaration)
      for (const c of service.characteristics) {
        const props = PROPERTY_BITS.filter(([, name]) => c.properties.includes(name)).reduce((n, [bit]) => n | bit, 0)
        const declHandle = handle++
        const valueHandle = handle++
        this.attributes.push({ handle: declHandle, type: GattUuid.characteristic, value: Uint8Array.of(props, valueHandle & 0xff, valueHandle >> 8, c.uuid & 0xff, c.uuid >> 8) })
        this.attributes.push({ handle: valueHandle, type: c.uuid, characteristic: c })
        if (c.properties.includes('notify') || c.properties.includes('indicate')) this.attributes.push({ handle: handle++, type: GattUuid.cccd, cccdOf: c })
      }
      declaration.groupEnd = handle - 1
    }
  }

  /** Value handle of a characteristic (for tests and captures). */
  valueHandle(uuid: number): number | undefined {
    return this.attributes.find((a) => a.characteristic?.uuid === uuid)?.handle
  }

  /** The link went down: subscriptions and queued work belong to that connection only. */
  reset(): void {
    this.generation++
    this.cccd.clear()
    this.indications = []
    this.awaitingConfirmation = false
    this.work = Promise.resolve()
    this.mtu = 23
  }

  subscription(c: ServerCharacteristic): 'notify' | 'indicate' | 'off' {
    const bits = this.cccd.get(c) ?? 0
    return bits & Cccd.indicate ? 'indicate' : bits & Cccd.notify ? 'notify' : 'off'
  }

  notify(uuid: number, value: Uint8Array): boolean {
    const a = this.attributes.find((x) => x.characteristic?.uuid === uuid)
    if (!a || !((this.cccd.get(a.characteristic!) ?? 0) & Cccd.notify)) return false
    this.send({ op: 'notification', handle: a.handle, value })
    return true
  }

  /** Queued: the next indication goes only after the client confirmed the previous one. */
  indicate(uuid: number, value: Uint8Array): boolean {
    const a = this.attributes.find((x) => x.characteristic?.uuid === uuid)
    if (!a || !((this.cccd.get(a.characteristic!) ?? 0) & Cccd.indicate)) return false
    this.indications.push({ handle: a.handle, value })
    this.nextIndication()
    return true
  }

  private nextIndication(): void {
    if (this.awaitingConfirmation) return
    const next = this.indications.shift()
    if (!next) return
    this.awaitingConfirmation = true
    this.send({ op: 'indication', handle: next.handle, value: next.value })
  }

  private send(pdu: AttPdu): void {
    const att = buildAttPdu(pdu)
    if (!att.ok) return
    const l2cap = buildL2capFrame({ cid: L2capCid.att, payload: att.value.subarray(0, this.mtu) })
    if (l2cap.ok) this.sendL2cap(l2cap.value)
  }

  receive(frame: Uint8Array): void {
    const l2cap = parseL2capFrame(frame)
    if (!l2cap.ok || l2cap.value.cid !== L2capCid.att) return
    const parsed = parseAttPdu(l2cap.value.payload)
    if (!parsed.ok) {
      const opcode = l2cap.value.payload[0] ?? 0
      // Invalid PDU (0x04) for a request we cannot read; commands are dropped silently.
      if (opcode & 0x40) return
      return this.send({ op: 'error-rsp', requestOpcode: opcode, handle: 0, errorCode: 0x04 })
    }
    const pdu = parsed.value
    if (pdu.op === 'confirmation') {
      this.awaitingConfirmation = false
      return this.nextIndication()
    }
    const generation = this.generation
    const delay = this.options.responseDelayMs()
    this.work = this.work
      .then(() => (delay > 0 ? this.clock.sleep(delay) : undefined))
      .then(() => {
        if (generation === this.generation) this.handle(pdu)
      })
      .catch(() => undefined)
  }

  private handle(pdu: AttPdu): void {
    const fail = (requestOpcode: number, handle: number, errorCode: number) => this.send({ op: 'error-rsp', requestOpcode, handle, errorCode })
    switch (pdu.op) {
      case 'exchange-mtu-req':
        this.mtu = Math.max(23, Math.min(pdu.mtu, this.options.serverMtu))
        return this.send({ op: 'exchange-mtu-rsp', mtu: this.options.serverMtu })
      case 'read-by-group-type-req': {
        if (pdu.type !== GattUuid.primaryService) return fail(0x10, pdu.startHandle, 0x10)
        const found = this.inRange(pdu.startHandle, pdu.endHandle).filter((a) => a.type === GattUuid.primaryService)
        const fit = this.fitting(found, (a) => 4 + a.value!.length, (a) => a.value!.length)
        if (fit.length === 0) return fail(0x10, pdu.startHandle, ErrorCode.attributeNotFound)
        return this.send({ op: 'read-by-group-type-rsp', entries: fit.map((a) => ({ handle: a.handle, endGroupHandle: a.groupEnd!, value: a.value! })) })
      }
      case 'read-by-type-req': {
        const found = this.inRange(pdu.startHandle, pdu.endHandle).filter((a) => a.type === pdu.type && this.readable(a))
        const fit = this.fitting(found, (a) => 2 + this.valueOf(a).length, (a) => this.valueOf(a).length)
        if (fit.length === 0) return fail(0x08, pdu.startHandle, ErrorCode.attributeNotFound)
        return this.send({ op: 'read-by-type-rsp', entries: fit.map((a) => ({ handle: a.handle, value: this.valueOf(a) })) })
      }
      case 'find-information-req': {
        const found = this.inRange(pdu.startHandle, pdu.endHandle)
        const fit = this.fitting(found, () => 4, () => 2)
        if (fit.length === 0) return fail(0x04, pdu.startHandle, ErrorCode.attributeNotFound)
        return this.send({ op: 'find-information-rsp', entries: fit.map((a) => ({ handle: a.handle, uuid: a.type })) })
      }
      case 'read-req': {
        const a = this.attributes.find((x) => x.handle === pdu.handle)
        if (!a) return fail(0x0a, pdu.handle, ErrorCode.invalidHandle)
        if (!this.readable(a)) return fail(0x0a, pdu.handle, ErrorCode.readNotPermitted)
        return this.send({ op: 'read-rsp', value: this.valueOf(a).subarray(0, this.mtu - 1) })
      }
      case 'write-req':
      case 'write-cmd': {
        const withResponse = pdu.op === 'write-req'
        const a = this.attributes.find((x) => x.handle === pdu.handle)
        if (!a) return withResponse ? fail(0x12, pdu.handle, ErrorCode.invalidHandle) : undefined
        if (a.cccdOf) {
          if (!withResponse) return
          if (pdu.value.length !== 2) return fail(0x12, pdu.handle, 0x0d)
          const bits = pdu.value[0] | (pdu.value[1] << 8)
          this.cccd.set(a.cccdOf, bits)
          this.send({ op: 'write-rsp' })
          return a.cccdOf.subscribed?.(bits & Cccd.indicate ? 'indicate' : bits & Cccd.notify ? 'notify' : 'off')
        }
        const c = a.characteristic
        const allowed = c && (withResponse ? c.properties.includes('write') : c.properties.includes('write-without-response'))
        if (!allowed) return withResponse ? fail(0x12, pdu.handle, ErrorCode.writeNotPermitted) : undefined
        const value = Uint8Array.from(pdu.value)
        // The response goes out before whatever the write makes the firmware send (as a real stack's order is).
        if (withResponse) this.send({ op: 'write-rsp' })
        return c.write?.(value, withResponse)
      }
      case 'unknown':
        if (pdu.opcode & 0x40) return
        return fail(pdu.opcode, 0, ErrorCode.requestNotSupported)
      default: {
        const opcode = REQUEST_OPCODES[pdu.op]
        if (opcode !== undefined) fail(opcode, 0, ErrorCode.requestNotSupported)
      }
    }
  }

  private inRange(start: number, end: number): Attribute[] {
    if (start === 0 || start > end) return []
    return this.attributes.filter((a) => a.handle >= start && a.handle <= end)
  }

  private readable(a: Attribute): boolean {
    if (a.characteristic) return a.characteristic.properties.includes('read')
    return true
  }

  private valueOf(a: Attribute): Uint8Array {
    if (a.value) return a.value
    if (a.cccdOf) return u16(this.cccd.get(a.cccdOf) ?? 0)
    return a.characteristic?.read?.() ?? new Uint8Array(0)
  }

  /** Entries of one response: same value length as the first, as many as fit in MTU - 2 (§3.4.4.2). */
  private fitting(found: Attribute[], size: (a: Attribute) => number, valueLength: (a: Attribute) => number): Attribute[] {
    if (found.length === 0) return []
    const length = valueLength(found[0])
    const out: Attribute[] = []
    let used = 2
    for (const a of found) {
      if (valueLength(a) !== length || used + size(a) > this.mtu) break
      out.push(a)
      used += size(a)
    }
    return out
  }
}
