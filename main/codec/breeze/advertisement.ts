// Breeze advertising (§10.1): flags 0x06, complete 16-bit UUID list [0xFEB3], manufacturer data of company 0x01A8:
//   [0-1] company id LE | [2] version | [3] feature mask | [4-7] product id LE32 | [8-13] MAC
//   | [14-17] signature, [18-21] sequence LE32 (signed adv only) | user data.
import { createHash } from 'node:crypto'
import { type AdStructure, AdFlags, buildAdvertisingData, parseAdvertisingData } from '../ble/ad'
import { formatAddress } from '../ble/address'
import { encodeUtf8, isUint, readU16LE, readU32LE, writeU16LE, writeU32LE } from '../ble/bytes'
import { fail, ok, type Result } from '../result'
import { BREEZE_COMPANY_ID, BREEZE_SERVICE_UUID } from './constants'

export const BreezeFeature = {
  bluetoothVersionMask: 0x03,
  ota: 0x04,
  security: 0x08,
  /** Set: secret per device; clear: secret per product. */
  perDeviceSecret: 0x10,
  signedAdv: 0x20,
} as const

/** BZ_BLUETOOTH_VER values of the newer Config.in. */
export const BREEZE_BLUETOOTH_VERSIONS = ['BLE 4.0', 'BLE 4.2', 'BLE 5.0', 'reserved'] as const

/**
 * The MAC's byte order in the adv is HAL dependent (§10.1, §12). The reference HAL copies Zephyr's bt_addr
 * (least significant byte first, like AdvA on air); others put it most significant first.
 */
export type MacOrder = 'lsb-first' | 'msb-first'

export type SecretType = 'per-device' | 'per-product'

export interface BreezeAdvertisement {
  companyId: number
  version: number
  featureMask: number
  bluetoothVersion: number
  ota: boolean
  security: boolean
  secretType: SecretType
  signedAdv: boolean
  productId: number
  /** Read in `macOrder`, shown most significant byte first. */
  mac: string
  macOrder: MacOrder
  /** The 6 MAC bytes exactly as advertised. */
  macOnAir: Uint8Array
  signature?: Uint8Array
  sequence?: number
  /** User adv data appended after the Breeze part. */
  userData: Uint8Array
}

const BASE_LENGTH = 14
const SIGNED_LENGTH = 22

const macBytesToText = (onAir: Uint8Array, order: MacOrder): string =>
  order === 'lsb-first' ? formatAddress(onAir) : formatAddress(Uint8Array.from(onAir).reverse())

function macTextToBytes(text: string, order: MacOrder): Result<Uint8Array> {
  const m = /^[0-9a-fA-F]{2}([:-]?)(?:[0-9a-fA-F]{2}\1){4}[0-9a-fA-F]{2}$/.exec(text.trim())
  if (!m) return fail('MAC must be six hex octets like aa:bb:cc:dd:ee:ff', 0)
  const msbFirst = text.trim().replace(/[:-]/g, '').match(/../g)!.map((h) => parseInt(h, 16))
  return ok(Uint8Array.from(order === 'lsb-first' ? msbFirst.reverse() : msbFirst))
}

/** Parse manufacturer specific data that starts with the company id (A8 01). */
export function parseBreezeManufacturerData(
  data: Uint8Array,
  opts: { macOrder?: MacOrder } = {},
): Result<BreezeAdvertisement> {
  if (data.length < 2) return fail('manufacturer data shorter than its company id', 0)
  const companyId = readU16LE(data, 0)
  if (companyId !== BREEZE_COMPANY_ID)
    return fail(`company id 0x${companyId.toString(16).padStart(4, '0')} is not Breeze's 0x01a8`, 0)
  if (data.length < BASE_LENGTH) return fail(`Breeze data of ${data.length} bytes is shorter than 14`, data.length)
  const fmsk = data[3]
  const signedAdv = (fmsk & BreezeFeature.signedAdv) !== 0
  if (signedAdv && data.length < SIGNED_LENGTH)
    return fail(`signed-adv bit set but only ${data.length} of 22 bytes present`, data.length)
  const macOrder = opts.macOrder ?? 'lsb-first'
  const macOnAir = data.subarray(8, 14)
  const end = signedAdv ? SIGNED_LENGTH : BASE_LENGTH
  return ok({
    companyId,
    version: data[2],
    featureMask: fmsk,
    bluetoothVersion: fmsk & BreezeFeature.bluetoothVersionMask,
    ota: (fmsk & BreezeFeature.ota) !== 0,
    security: (fmsk & BreezeFeature.security) !== 0,
    secretType: fmsk & BreezeFeature.perDeviceSecret ? 'per-device' : 'per-product',
    signedAdv,
    productId: readU32LE(data, 4),
    mac: macBytesToText(macOnAir, macOrder),
    macOrder,
    macOnAir,
    ...(signedAdv ? { signature: data.subarray(14, 18), sequence: readU32LE(data, 18) } : {}),
    userData: data.subarray(end),
  })
}

export interface BreezeAdvertisementInput {
  /** Protocol/version byte: 0x05 on the old core, else the last number of BZ_VERSION (5 for 2.0.5). */
  version: number
  bluetoothVersion?: number
  ota?: boolean
  security?: boolean
  secretType: SecretType
  productId: number
  mac: string
  macOrder?: MacOrder
  /** Both present for a signed adv; sets the signed-adv bit. */
  signature?: Uint8Array
  sequence?: number
  userData?: Uint8Array
}

/** Manufacturer data bytes, starting with the company id. */
export function buildBreezeManufacturerData(a: BreezeAdvertisementInput): Result<Uint8Array> {
  if (!isUint(a.version, 8)) return fail('version must fit one byte', 2)
  const btv = a.bluetoothVersion ?? 0
  if (!isUint(btv, 2)) return fail('Bluetooth version field is 2 bits', 3)
  if (!isUint(a.productId, 32)) return fail('product id must fit 32 bits', 4)
  const mac = macTextToBytes(a.mac, a.macOrder ?? 'lsb-first')
  if (!mac.ok) return mac
  const signed = a.signature !== undefined || a.sequence !== undefined
  if (signed && (a.signature?.length !== 4 || a.sequence === undefined || !isUint(a.sequence, 32)))
    return fail('a signed adv needs a 4-byte signature and a 32-bit sequence', 14)
  const user = a.userData ?? new Uint8Array(0)
  const out = new Uint8Array((signed ? SIGNED_LENGTH : BASE_LENGTH) + user.length)
  writeU16LE(out, 0, BREEZE_COMPANY_ID)
  out[2] = a.version
  out[3] =
    btv |
    (a.ota ? BreezeFeature.ota : 0) |
    (a.security === false ? 0 : BreezeFeature.security) |
    (a.secretType === 'per-device' ? BreezeFeature.perDeviceSecret : 0) |
    (signed ? BreezeFeature.signedAdv : 0)
  writeU32LE(out, 4, a.productId)
  out.set(mac.value, 8)
  if (signed) {
    out.set(a.signature!, 14)
    writeU32LE(out, 18, a.sequence!)
  }
  out.set(user, signed ? SIGNED_LENGTH : BASE_LENGTH)
  return ok(out)
}

/**
 * Signed-adv signature: SHA-256("deviceName" DN ("deviceSecret" DS | "productSecret" PS) "productKey" PK
 * "sequence" seq_LE32)[0..3].
 */
export function computeAdvSignature(p: {
  deviceName: string
  productKey: string
  secret: string | Uint8Array
  secretType: SecretType
  sequence: number
}): Uint8Array {
  const seq = new Uint8Array(4)
  writeU32LE(seq, 0, p.sequence >>> 0)
  const h = createHash('sha256')
  h.update('deviceName').update(encodeUtf8(p.deviceName))
  h.update(p.secretType === 'per-device' ? 'deviceSecret' : 'productSecret')
  h.update(typeof p.secret === 'string' ? encodeUtf8(p.secret) : p.secret)
  h.update('productKey').update(encodeUtf8(p.productKey)).update('sequence').update(seq)
  return new Uint8Array(h.digest().subarray(0, 4))
}

/**
 * Is this a Breeze device? It must list service 0xFEB3 and carry manufacturer data of company 0x01A8.
 * Pass the advertising data and the scan response together when both were seen.
 */
export function detectBreeze(
  ad: Uint8Array | AdStructure[],
  opts: { macOrder?: MacOrder } = {},
): Result<BreezeAdvertisement> {
  let structures: AdStructure[]
  if (ad instanceof Uint8Array) {
    const p = parseAdvertisingData(ad)
    if (!p.ok) return p
    structures = p.value
  } else structures = ad
  const hasService = structures.some((s) => s.kind === 'uuid16' && s.uuids.includes(BREEZE_SERVICE_UUID))
  const mfr = structures.find((s) => s.kind === 'manufacturer' && s.companyId === BREEZE_COMPANY_ID)
  if (!hasService && !mfr) return fail('not Breeze: neither service 0xFEB3 nor company 0x01A8 advertised', 0)
  if (!hasService) return fail('company 0x01A8 data present but service 0xFEB3 not listed', 0)
  if (!mfr || mfr.kind !== 'manufacturer') return fail('service 0xFEB3 listed but no company 0x01A8 data', 0)
  const full = new Uint8Array(2 + mfr.data.length)
  writeU16LE(full, 0, mfr.companyId)
  full.set(mfr.data, 2)
  return parseBreezeManufacturerData(full, opts)
}

/** AdvData as create_bz_adv_data / ble_advertising_start lay it out. */
export function buildBreezeAdvertisingData(a: BreezeAdvertisementInput): Result<Uint8Array> {
  const m = buildBreezeManufacturerData(a)
  if (!m.ok) return m
  return buildAdvertisingData([
    { kind: 'flags', flags: AdFlags.leGeneralDiscoverable | AdFlags.brEdrNotSupported },
    { kind: 'uuid16', complete: true, uuids: [BREEZE_SERVICE_UUID] },
    { kind: 'manufacturer', companyId: BREEZE_COMPANY_ID, data: m.value.subarray(2) },
  ])
}

/** The scan response: complete local name "AZ". */
export const buildBreezeScanResponse = (): Result<Uint8Array> =>
  buildAdvertisingData([{ kind: 'local-name', complete: true, name: 'AZ' }])

/**
 * Settle the MAC byte order from the advertiser's public AdvA, when they agree one way round.
 * Undefined when neither order matches (random address, or a MAC unrelated to AdvA).
 */
export function resolveMacOrder(macOnAir: Uint8Array, advA: string): MacOrder | undefined {
  const norm = advA.toLowerCase().replace(/-/g, ':')
  if (macBytesToText(macOnAir, 'lsb-first') === norm) return 'lsb-first'
  if (macBytesToText(macOnAir, 'msb-first') === norm) return 'msb-first'
  return undefined
}
