// Advertising data (Core Spec Vol 3 Part C §11 and the Supplement): a run of [length][type][data] structures.
import { fail, ok, type Result } from '../result'
import { decodeUtf8, encodeUtf8, readU16LE, readU32LE, writeU16LE, writeU32LE } from './bytes'
import { uuid128FromBytes, uuid128ToBytes } from './uuid'

export const AdType = {
  flags: 0x01,
  incomplete16: 0x02,
  complete16: 0x03,
  incomplete32: 0x04,
  complete32: 0x05,
  incomplete128: 0x06,
  complete128: 0x07,
  shortName: 0x08,
  completeName: 0x09,
  txPower: 0x0a,
  serviceData16: 0x16,
  serviceData32: 0x20,
  serviceData128: 0x21,
  manufacturer: 0xff,
} as const

export const AdFlags = {
  leLimitedDiscoverable: 0x01,
  leGeneralDiscoverable: 0x02,
  brEdrNotSupported: 0x04,
  simultaneousController: 0x08,
  simultaneousHost: 0x10,
} as const

export type AdStructure =
  | { kind: 'flags'; flags: number }
  | { kind: 'uuid16'; complete: boolean; uuids: number[] }
  | { kind: 'uuid32'; complete: boolean; uuids: number[] }
  | { kind: 'uuid128'; complete: boolean; uuids: string[] }
  | { kind: 'local-name'; complete: boolean; name: string; raw?: Uint8Array }
  | { kind: 'tx-power'; dbm: number }
  | { kind: 'service-data'; uuid: number | string; data: Uint8Array }
  | { kind: 'manufacturer'; companyId: number; data: Uint8Array }
  | { kind: 'other'; adType: number; data: Uint8Array }

function parseUuidList(data: Uint8Array, size: 2 | 4 | 16, at: number): Result<(number | string)[]> {
  if (data.length % size !== 0)
    return fail(`UUID list of ${data.length} bytes is not a multiple of ${size}`, at)
  const out: (number | string)[] = []
  for (let i = 0; i < data.length; i += size) {
    if (size === 2) out.push(readU16LE(data, i))
    else if (size === 4) out.push(readU32LE(data, i))
    else out.push(uuid128FromBytes(data.subarray(i, i + 16)))
  }
  return ok(out)
}

function parseOne(adType: number, data: Uint8Array, at: number): Result<AdStructure> {
  switch (adType) {
    case AdType.flags:
      if (data.length < 1) return fail('flags structure has no flags byte', at)
      return ok({ kind: 'flags', flags: data[0] })
    case AdType.incomplete16:
    case AdType.complete16: {
      const r = parseUuidList(data, 2, at)
      return r.ok ? ok({ kind: 'uuid16', complete: adType === AdType.complete16, uuids: r.value as number[] }) : r
    }
    case AdType.incomplete32:
    case AdType.complete32: {
      const r = parseUuidList(data, 4, at)
      return r.ok ? ok({ kind: 'uuid32', complete: adType === AdType.complete32, uuids: r.value as number[] }) : r
    }
    case AdType.incomplete128:
    case AdType.complete128: {
      const r = parseUuidList(data, 16, at)
      return r.ok ? ok({ kind: 'uuid128', complete: adType === AdType.complete128, uuids: r.value as string[] }) : r
    }
    case AdType.shortName:
    case AdType.completeName:
      return ok({ kind: 'local-name', complete: adType === AdType.completeName, name: decodeUtf8(data), raw: data })
    case AdType.txPower:
      if (data.length !== 1) return fail(`tx power structure must hold 1 byte, has ${data.length}`, at)
      return ok({ kind: 'tx-power', dbm: (data[0] << 24) >> 24 })
    case AdType.serviceData16:
      if (data.length < 2) return fail('16-bit service data shorter than its UUID', at)
      return ok({ kind: 'service-data', uuid: readU16LE(data, 0), data: data.subarray(2) })
    case AdType.serviceData32:
      if (data.length < 4) return fail('32-bit service data shorter than its UUID', at)
      return ok({ kind: 'service-data', uuid: readU32LE(data, 0), data: data.subarray(4) })
    case AdType.serviceData128:
      if (data.length < 16) return fail('128-bit service data shorter than its UUID', at)
      return ok({ kind: 'service-data', uuid: uuid128FromBytes(data), data: data.subarray(16) })
    case AdType.manufacturer:
      if (data.length < 2) return fail('manufacturer data shorter than its 2-byte company id', at)
      return ok({ kind: 'manufacturer', companyId: readU16LE(data, 0), data: data.subarray(2) })
    default:
      return ok({ kind: 'other', adType, data })
  }
}

/**
 * Parse AdvData / ScanRspData. A zero length octet ends the significant part (the rest is padding),
 * as the Core Spec allows. Returned data fields are views into `buf`.
 */
export function parseAdvertisingData(buf: Uint8Array): Result<AdStructure[]> {
  const out: AdStructure[] = []
  let at = 0
  while (at < buf.length) {
    const len = buf[at]
    if (len === 0) break
    if (at + 1 + len > buf.length)
      return fail(`AD structure claims ${len} bytes but only ${buf.length - at - 1} remain`, at)
    const adType = buf[at + 1]
    const r = parseOne(adType, buf.subarray(at + 2, at + 1 + len), at)
    if (!r.ok) return r
    out.push(r.value)
    at += 1 + len
  }
  return ok(out)
}

function encodeOne(s: AdStructure): Result<{ adType: number; data: Uint8Array }> {
  switch (s.kind) {
    case 'flags':
      if (!Number.isInteger(s.flags) || s.flags < 0 || s.flags > 0xff) return fail('flags must fit one byte', 0)
      return ok({ adType: AdType.flags, data: Uint8Array.of(s.flags) })
    case 'uuid16': {
      const d = new Uint8Array(s.uuids.length * 2)
      for (const [i, u] of s.uuids.entries()) {
        if (!Number.isInteger(u) || u < 0 || u > 0xffff) return fail('16-bit UUID out of range', 0)
        writeU16LE(d, i * 2, u)
      }
      return ok({ adType: s.complete ? AdType.complete16 : AdType.incomplete16, data: d })
    }
    case 'uuid32': {
      const d = new Uint8Array(s.uuids.length * 4)
      for (const [i, u] of s.uuids.entries()) {
        if (!Number.isInteger(u) || u < 0 || u > 0xffffffff) return fail('32-bit UUID out of range', 0)
        writeU32LE(d, i * 4, u)
      }
      return ok({ adType: s.complete ? AdType.complete32 : AdType.incomplete32, data: d })
    }
    case 'uuid128': {
      const d = new Uint8Array(s.uuids.length * 16)
      for (const [i, u] of s.uuids.entries()) {
        const r = uuid128ToBytes(u)
        if (!r.ok) return r
        d.set(r.value, i * 16)
      }
      return ok({ adType: s.complete ? AdType.complete128 : AdType.incomplete128, data: d })
    }
    case 'local-name':
      // raw (as parsed) wins so that names that are not valid UTF-8 survive a round trip.
      return ok({ adType: s.complete ? AdType.completeName : AdType.shortName, data: s.raw ?? encodeUtf8(s.name) })
    case 'tx-power':
      if (!Number.isInteger(s.dbm) || s.dbm < -128 || s.dbm > 127) return fail('tx power must be -128..127 dBm', 0)
      return ok({ adType: AdType.txPower, data: Uint8Array.of(s.dbm & 0xff) })
    case 'service-data': {
      let uuidBytes: Uint8Array
      let adType: number
      if (typeof s.uuid === 'string') {
        const r = uuid128ToBytes(s.uuid)
        if (!r.ok) return r
        uuidBytes = r.value
        adType = AdType.serviceData128
      } else if (Number.isInteger(s.uuid) && s.uuid >= 0 && s.uuid <= 0xffff) {
        uuidBytes = new Uint8Array(2)
        writeU16LE(uuidBytes, 0, s.uuid)
        adType = AdType.serviceData16
      } else if (Number.isInteger(s.uuid) && s.uuid >= 0 && s.uuid <= 0xffffffff) {
        uuidBytes = new Uint8Array(4)
        writeU32LE(uuidBytes, 0, s.uuid)
        adType = AdType.serviceData32
      } else return fail('service data UUID out of range', 0)
      const d = new Uint8Array(uuidBytes.length + s.data.length)
      d.set(uuidBytes)
      d.set(s.data, uuidBytes.length)
      return ok({ adType, data: d })
    }
    case 'manufacturer': {
      if (!Number.isInteger(s.companyId) || s.companyId < 0 || s.companyId > 0xffff)
        return fail('company id must fit 16 bits', 0)
      const d = new Uint8Array(2 + s.data.length)
      writeU16LE(d, 0, s.companyId)
      d.set(s.data, 2)
      return ok({ adType: AdType.manufacturer, data: d })
    }
    case 'other':
      if (!Number.isInteger(s.adType) || s.adType < 0 || s.adType > 0xff) return fail('AD type must fit one byte', 0)
      return ok({ adType: s.adType, data: s.data })
  }
}

/** Build AdvData from structures. Each structure must fit 254 data bytes (one length octet). */
export function buildAdvertisingData(structures: AdStructure[]): Result<Uint8Array> {
  const parts: Uint8Array[] = []
  let total = 0
  for (const [i, s] of structures.entries()) {
    const r = encodeOne(s)
    if (!r.ok) return fail(`structure ${i}: ${r.error.reason}`, total)
    if (r.value.data.length > 254) return fail(`structure ${i} holds ${r.value.data.length} bytes, more than 254`, total)
    const part = new Uint8Array(2 + r.value.data.length)
    part[0] = 1 + r.value.data.length
    part[1] = r.value.adType
    part.set(r.value.data, 2)
    parts.push(part)
    total += part.length
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return ok(out)
}

/** All 16-bit service UUIDs named by complete or incomplete lists. */
export const serviceUuids16 = (ad: AdStructure[]): number[] =>
  ad.flatMap((s) => (s.kind === 'uuid16' ? s.uuids : []))

export const manufacturerData = (ad: AdStructure[], companyId: number): Uint8Array | undefined => {
  const m = ad.find((s) => s.kind === 'manufacturer' && s.companyId === companyId)
  return m && m.kind === 'manufacturer' ? m.data : undefined
}
