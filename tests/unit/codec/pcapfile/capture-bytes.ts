// Hand-made pcap/pcapng bytes for reader tests: every block spelled out, in either byte order, so the
// tests can also build what our writers never produce (big-endian sections, SPB, OPB, broken blocks).
export type Order = 'le' | 'be'

export class Bytes {
  readonly out: number[] = []
  constructor(readonly order: Order = 'le') {}
  u8(...values: number[]): this {
    this.out.push(...values.map((v) => v & 0xff))
    return this
  }
  u16(v: number): this {
    return this.order === 'le' ? this.u8(v, v >> 8) : this.u8(v >> 8, v)
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]
    return this.u8(...(this.order === 'le' ? b : b.reverse()))
  }
  u64(v: bigint): this {
    const high = Number((BigInt.asUintN(64, v) >> 32n) & 0xffffffffn)
    const low = Number(BigInt.asUintN(64, v) & 0xffffffffn)
    return this.order === 'le' ? this.u32(low).u32(high) : this.u32(high).u32(low)
  }
  bytes(data: ArrayLike<number>): this {
    for (let i = 0; i < data.length; i++) this.out.push(data[i])
    return this
  }
  pad4(): this {
    while (this.out.length % 4) this.out.push(0)
    return this
  }
  get length(): number {
    return this.out.length
  }
  toArray(): Uint8Array {
    return Uint8Array.from(this.out)
  }
}

export interface OptionSpec {
  code: number
  value: ArrayLike<number>
  /** Override the length field (to build broken options). */
  length?: number
}

export function options(order: Order, list: OptionSpec[], end = true): Uint8Array {
  const b = new Bytes(order)
  for (const o of list) b.u16(o.code).u16(o.length ?? o.value.length).bytes(o.value).pad4()
  if (end) b.u16(0).u16(0)
  return b.toArray()
}

/** A block with correct framing unless `length`/`trailer` say otherwise. */
export function block(order: Order, type: number, body: ArrayLike<number>, override: { length?: number; trailer?: number } = {}): Uint8Array {
  const padded = new Bytes(order).bytes(body).pad4()
  const length = 12 + padded.length
  return new Bytes(order)
    .u32(type)
    .u32(override.length ?? length)
    .bytes(padded.out)
    .u32(override.trailer ?? override.length ?? length)
    .toArray()
}

export function shb(order: Order, major = 1): Uint8Array {
  // The byte-order magic is written in the section's own order: that is how readers detect it.
  const body = new Bytes(order).u32(0x1a2b3c4d).u16(major).u16(0).u64(-1n).toArray()
  return block(order, 0x0a0d0d0a, body)
}

export function idb(order: Order, linktype: number, snapLength: number, opts: OptionSpec[] = []): Uint8Array {
  const body = new Bytes(order).u16(linktype).u16(0).u32(snapLength).bytes(opts.length ? options(order, opts) : []).toArray()
  return block(order, 1, body)
}

export function epb(order: Order, interfaceId: number, ticks: bigint, data: ArrayLike<number>, opts: OptionSpec[] = [], originalLength = data.length): Uint8Array {
  const high = Number(ticks >> 32n)
  const low = Number(ticks & 0xffffffffn)
  const body = new Bytes(order)
    .u32(interfaceId)
    .u32(high)
    .u32(low)
    .u32(data.length)
    .u32(originalLength)
    .bytes(data)
    .pad4()
    .bytes(opts.length ? options(order, opts) : [])
    .toArray()
  return block(order, 6, body)
}

export function spb(order: Order, data: ArrayLike<number>, originalLength = data.length): Uint8Array {
  return block(order, 3, new Bytes(order).u32(originalLength).bytes(data).toArray())
}

export function opb(order: Order, interfaceId: number, ticks: bigint, data: ArrayLike<number>): Uint8Array {
  const body = new Bytes(order)
    .u16(interfaceId)
    .u16(0)
    .u32(Number(ticks >> 32n))
    .u32(Number(ticks & 0xffffffffn))
    .u32(data.length)
    .u32(data.length)
    .bytes(data)
    .toArray()
  return block(order, 2, body)
}

export function pcapHeader(order: Order, nanosecond: boolean, linktype: number, snapLength = 65535, network?: number): Uint8Array {
  return new Bytes(order)
    .u32(nanosecond ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(2)
    .u16(4)
    .u32(0)
    .u32(0)
    .u32(snapLength)
    .u32(network ?? linktype)
    .toArray()
}

export function pcapRecord(order: Order, seconds: number, fraction: number, data: ArrayLike<number>, originalLength = data.length): Uint8Array {
  return new Bytes(order).u32(seconds).u32(fraction).u32(data.length).u32(originalLength).bytes(data).toArray()
}

export { concatBytes as concat } from '../../../../main/codec/bytes.js'
