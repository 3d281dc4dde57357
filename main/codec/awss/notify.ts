import { type Result, fail, ok } from '../result'
import { fromHex, isHex, toHex } from './bytes'
import { deviceSignature } from './crypto'
import { type DevInfo, type JsonObject, devInfoMembers, isJsonObject, member, parseDevInfo } from './devinfo'

// PROTOCOLS-awss.md §9.2/§9.3: the JSON a provisioned device multicasts on the LAN (CoAP NON POST to UDP 5683),
// and the reply that makes it stop. Builders print exactly as the device does; parsers take hostile input.

export const NOTIFY_TOPICS = Object.freeze({
  connectAp: '/sys/awss/event/connectap/notify',
  deviceInfo: '/sys/device/info/notify',
  awssDeviceInfo: '/sys/awss/device/info/notify',
})

export const NOTIFY_METHODS = Object.freeze({
  connectAp: 'awss.event.connectap.notify',
  deviceInfo: 'device.info.notify',
  awssDeviceInfo: 'awss.device.info.notify',
})

export type NotifyKind = keyof typeof NOTIFY_METHODS

/** The bind token's life on the device (BIND_TOKEN_LIFE). */
export const BIND_TOKEN_LIFE_MS = 90_000
/** The device ignores replies longer than this. */
export const NOTIFY_REPLY_MAX_BYTES = 64
export const NOTIFY_MAX_TEXT = 8192

function envelope(id: number, method: string, params: string): string {
  return `{"id":"${Math.trunc(id) >>> 0}","version":"1.0","method":"${method}","params":{${params}}}`
}

export function buildConnectApNotify(input: { id: number; devinfo: DevInfo }): string {
  return envelope(input.id, NOTIFY_METHODS.connectAp, `${devInfoMembers(input.devinfo)},"type":0`)
}

export function buildDeviceInfoNotify(input: { id: number; devinfo: DevInfo; token: Uint8Array; remainTimeMs?: number; tokenType?: number }): string {
  const tokenType = input.tokenType === undefined ? '' : `,"tokenType":${Math.trunc(input.tokenType)}`
  const params = `${devInfoMembers(input.devinfo)},"token":"${toHex(input.token, true)}","remainTime":${Math.trunc(input.remainTimeMs ?? BIND_TOKEN_LIFE_MS)},"type":0${tokenType}`
  return envelope(input.id, NOTIFY_METHODS.deviceInfo, params)
}

/** Phone-AP/dev-AP announcement with the device's random and its §1.2 signature. */
export function buildAwssDeviceInfoNotify(input: { id: number; devinfo: DevInfo; random: Uint8Array; sign: Uint8Array }): string {
  const params = `${devInfoMembers(input.devinfo)},"random":"${toHex(input.random, true)}","signMethod":0,"sign":"${toHex(input.sign, true)}"`
  return envelope(input.id, NOTIFY_METHODS.awssDeviceInfo, params)
}

/** What the app answers to stop a device's notifications. */
export function buildNotifySuccessReply(id: string | number = '1'): string {
  return JSON.stringify({ id: String(id), code: 200, data: {} })
}

export interface ParsedNotify {
  kind: NotifyKind
  method: string
  id: string
  devinfo: DevInfo
  /** connectap/device-info "type" (0 = no token / bind). */
  type?: number
  token?: Uint8Array
  tokenHex?: string
  tokenType?: number
  remainTimeMs?: number
  random?: Uint8Array
  sign?: Uint8Array
  signMethod?: number
}

function parseJsonObject(text: string, what: string): Result<JsonObject> {
  if (typeof text !== 'string') return fail(`${what} is not text`, 0)
  if (text.length > NOTIFY_MAX_TEXT) return fail(`${what} is longer than ${NOTIFY_MAX_TEXT} characters`, NOTIFY_MAX_TEXT)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)
    return fail(`${what} is not valid JSON`, position ? Number(position[1]) : 0)
  }
  if (!isJsonObject(value)) return fail(`${what} is not a JSON object`, 0)
  return ok(value)
}

function hexField(obj: JsonObject, key: string, bytes: number): Result<Uint8Array | undefined> {
  const value = member(obj, key)
  if (value === undefined) return ok(undefined)
  if (typeof value !== 'string' || !isHex(value, bytes * 2)) return fail(`"${key}" is not ${bytes * 2} hex characters`, 0)
  return fromHex(value)
}

function integerField(obj: JsonObject, key: string): Result<number | undefined> {
  const value = member(obj, key)
  if (value === undefined) return ok(undefined)
  if (typeof value !== 'number' || !Number.isInteger(value)) return fail(`"${key}" is not an integer`, 0)
  return ok(value)
}

const KIND_BY_METHOD = new Map<string, NotifyKind>(Object.entries(NOTIFY_METHODS).map(([kind, method]) => [method, kind as NotifyKind]))

/** Parses a §9.2 notification (or a §9.3 "data" object wrapped the same way). */
export function parseNotify(text: string): Result<ParsedNotify> {
  const parsed = parseJsonObject(text, 'notification')
  if (!parsed.ok) return parsed
  const obj = parsed.value
  const method = member(obj, 'method')
  if (typeof method !== 'string') return fail('notification has no "method" string', 0)
  const kind = KIND_BY_METHOD.get(method)
  if (!kind) return fail(`unknown notification method (${method.slice(0, 64)})`, 0)
  const rawId = member(obj, 'id')
  if (typeof rawId !== 'string' && typeof rawId !== 'number') return fail('notification "id" is neither a string nor a number', 0)
  const params = member(obj, 'params')
  if (!isJsonObject(params)) return fail('notification "params" is not an object', 0)
  const devinfo = parseDevInfo(params)
  if (!devinfo.ok) return devinfo
  const result: ParsedNotify = { kind, method, id: String(rawId), devinfo: devinfo.value }
  for (const key of ['type', 'tokenType', 'signMethod'] as const) {
    const n = integerField(params, key)
    if (!n.ok) return n
    if (n.value !== undefined) result[key] = n.value
  }
  const remain = integerField(params, 'remainTime')
  if (!remain.ok) return remain
  if (remain.value !== undefined) result.remainTimeMs = remain.value
  const token = hexField(params, 'token', 16)
  if (!token.ok) return token
  if (token.value) {
    result.token = token.value
    result.tokenHex = toHex(token.value, true)
  }
  const random = hexField(params, 'random', 16)
  if (!random.ok) return random
  if (random.value) result.random = random.value
  const sign = hexField(params, 'sign', 20)
  if (!sign.ok) return sign
  if (sign.value) result.sign = sign.value
  if (kind === 'deviceInfo' && !result.token) return fail('device.info.notify carries no token', 0)
  if (kind === 'awssDeviceInfo' && (!result.random || !result.sign)) return fail('awss.device.info.notify lacks random or sign', 0)
  return ok(result)
}

/** For awss.device.info.notify: does the sign match HMAC-SHA1(secret, random || deviceName || productKey)? */
export function verifyNotifySign(notify: ParsedNotify, secret: string): boolean {
  if (!notify.random || !notify.sign || (notify.signMethod ?? 0) !== 0) return false
  const expected = deviceSignature(secret, notify.random, notify.devinfo.deviceName, notify.devinfo.productKey)
  return toHex(expected) === toHex(notify.sign)
}

export interface NotifyReply {
  id?: string
  code: number
  /** The device stops notifying on this reply (size and code rules; ESL also checks the id). */
  stopsDevice: boolean
}

/**
 * The device's check of a reply to its notification: payload at most 64 bytes and "code" 200. ESL also needs
 * "id" not above its own counter, or 123.
 */
export function parseNotifyReply(text: string, options: { variant?: 'ik32' | 'esl'; notifyCounter?: number } = {}): Result<NotifyReply> {
  const parsed = parseJsonObject(text, 'reply')
  if (!parsed.ok) return parsed
  const code = member(parsed.value, 'code')
  if (typeof code !== 'number' || !Number.isInteger(code)) return fail('reply has no integer "code"', 0)
  const rawId = member(parsed.value, 'id')
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : undefined
  let stopsDevice = code === 200 && new TextEncoder().encode(text).length <= NOTIFY_REPLY_MAX_BYTES
  if (stopsDevice && options.variant === 'esl') {
    const n = id === undefined ? Number.NaN : Number(id)
    stopsDevice = Number.isFinite(n) && (n === 123 || n <= (options.notifyCounter ?? Number.POSITIVE_INFINITY))
  }
  return ok({ id, code, stopsDevice })
}
