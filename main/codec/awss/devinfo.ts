import { type Result, fail, ok } from '../result'

// PROTOCOLS-awss.md §9.2: the "devinfo" members every LAN message of a provisioned device carries, in the order the
// device writes them ("awssVer","productKey","deviceName","mac","ip","cipherType"), plus ESL's optional extras.

export const DEFAULT_AWSS_VERSIONS: Readonly<Record<string, string>> = Object.freeze({
  smartconfig: '2.0',
  zconfig: '2.0',
  router: '2.0',
  ap: '2.0',
  softap: '2.0',
})

export interface DevInfo {
  awssVer?: Record<string, string>
  productKey: string
  deviceName: string
  /** "AA:BB:CC:DD:EE:FF" */
  mac: string
  ip: string
  cipherType: number
  fwVersion?: string
  service?: string
  serviceVer?: string
}

/** The members as the device prints them, without the enclosing braces. */
export function devInfoMembers(info: DevInfo): string {
  const parts = [
    `"awssVer":${JSON.stringify(info.awssVer ?? DEFAULT_AWSS_VERSIONS)}`,
    `"productKey":${JSON.stringify(info.productKey)}`,
    `"deviceName":${JSON.stringify(info.deviceName)}`,
    `"mac":${JSON.stringify(info.mac)}`,
    `"ip":${JSON.stringify(info.ip)}`,
    `"cipherType":${Math.trunc(info.cipherType)}`,
  ]
  if (info.fwVersion !== undefined) parts.push(`"fwVersion":${JSON.stringify(info.fwVersion)}`)
  if (info.service !== undefined) parts.push(`"service":${JSON.stringify(info.service)}`)
  if (info.serviceVer !== undefined) parts.push(`"serviceVer":${JSON.stringify(info.serviceVer)}`)
  return parts.join(',')
}

export type JsonObject = Record<string, unknown>

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Own properties only: a "__proto__" key in hostile JSON must not reach the prototype chain. */
export function member(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined
}

const MAC_PATTERN = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/
const IPV4_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/
const MAX_FIELD_LENGTH = 128

function stringField(obj: JsonObject, key: string, required: boolean): Result<string | undefined> {
  const value = member(obj, key)
  if (value === undefined) return required ? fail(`devinfo lacks "${key}"`, 0) : ok(undefined)
  if (typeof value !== 'string') return fail(`devinfo "${key}" is not a string`, 0)
  if (value.length > MAX_FIELD_LENGTH) return fail(`devinfo "${key}" is longer than ${MAX_FIELD_LENGTH} characters`, 0)
  return ok(value)
}

/** Reads devinfo members out of a parsed JSON object, checking each one's type and shape. */
export function parseDevInfo(obj: JsonObject): Result<DevInfo> {
  const productKey = stringField(obj, 'productKey', true)
  if (!productKey.ok) return productKey
  const deviceName = stringField(obj, 'deviceName', true)
  if (!deviceName.ok) return deviceName
  const mac = stringField(obj, 'mac', true)
  if (!mac.ok) return mac
  if (!MAC_PATTERN.test(mac.value as string)) return fail('devinfo "mac" is not AA:BB:CC:DD:EE:FF', 0)
  const ip = stringField(obj, 'ip', true)
  if (!ip.ok) return ip
  const ipMatch = IPV4_PATTERN.exec(ip.value as string)
  if (!ipMatch || ipMatch.slice(1).some((o) => Number(o) > 255)) return fail('devinfo "ip" is not a dotted IPv4 address', 0)
  const cipherType = member(obj, 'cipherType')
  if (typeof cipherType !== 'number' || !Number.isInteger(cipherType)) return fail('devinfo "cipherType" is not an integer', 0)
  const info: DevInfo = {
    productKey: productKey.value as string,
    deviceName: deviceName.value as string,
    mac: mac.value as string,
    ip: ip.value as string,
    cipherType,
  }
  const awssVer = member(obj, 'awssVer')
  if (awssVer !== undefined) {
    if (!isJsonObject(awssVer)) return fail('devinfo "awssVer" is not an object', 0)
    const versions: Record<string, string> = {}
    for (const [k, v] of Object.entries(awssVer)) {
      if (typeof v !== 'string') return fail(`devinfo "awssVer.${k.slice(0, 32)}" is not a string`, 0)
      if (k !== '__proto__') versions[k] = v
    }
    info.awssVer = versions
  }
  for (const key of ['fwVersion', 'service', 'serviceVer'] as const) {
    const extra = stringField(obj, key, false)
    if (!extra.ok) return extra
    if (extra.value !== undefined) info[key] = extra.value
  }
  return ok(info)
}
