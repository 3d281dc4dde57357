// Breeze authentication (§10.4): AUTH_RAND (device) [-> AUTH_KEY (device, per-device secret)] -> AUTH_REQ "Hi,Server"
// -> AUTH_RSP "Hi,Client" -> AUTH_CFM "OK". Builders return the frames on air; checkers read decoded payloads.
import { decodeUtf8, encodeUtf8 } from '../ble/bytes'
import { fail, ok, type Result } from '../result'
import { BREEZE_RANDOM_LENGTH, BreezeCmd } from './constants'
import { type BreezeFrame, encodeMessage } from './transport'

export const HI_SERVER = 'Hi,Server'
export const HI_CLIENT = 'Hi,Client'
export const AUTH_OK = 'OK'
export const AUTH_ID_LENGTH = 4

const text = (s: string): Uint8Array => encodeUtf8(s)

/** Device -> phone: the 16-byte random, in clear (msg id 0). */
export function buildAuthRand(random: Uint8Array): Result<Uint8Array[]> {
  if (random.length !== BREEZE_RANDOM_LENGTH) return fail(`AUTH_RAND random must be 16 bytes, is ${random.length}`, 0)
  return encodeMessage({ cmd: BreezeCmd.AUTH_RAND, msgId: 0, payload: random })
}

/**
 * Device -> phone: the device name encrypted with the product-secret key, with the pre-AUTH_REQ header quirk
 * (enc bit 0, byte 3 counting the padding).
 */
export const buildAuthKey = (deviceName: string, productKeySession: Uint8Array): Result<Uint8Array[]> =>
  encodeMessage({
    cmd: BreezeCmd.AUTH_KEY,
    msgId: 0,
    payload: text(deviceName),
    key: productKeySession,
    preAuthHeaderQuirk: true,
  })

export const buildAuthReq = (key: Uint8Array, msgId: number): Result<Uint8Array[]> =>
  encodeMessage({ cmd: BreezeCmd.AUTH_REQ, msgId, payload: text(HI_SERVER), key })

export const buildAuthRsp = (key: Uint8Array): Result<Uint8Array[]> =>
  encodeMessage({ cmd: BreezeCmd.AUTH_RSP, msgId: 0, payload: text(HI_CLIENT), key })

export const buildAuthCfm = (key: Uint8Array, msgId: number): Result<Uint8Array[]> =>
  encodeMessage({ cmd: BreezeCmd.AUTH_CFM, msgId, payload: text(AUTH_OK), key })

/** Phone -> device: offline re-auth with the 4-byte id of an earlier session, encrypted with the current key. */
export function buildAuthRekey(key: Uint8Array, authId: Uint8Array, msgId: number): Result<Uint8Array[]> {
  if (authId.length !== AUTH_ID_LENGTH) return fail(`auth id must be 4 bytes, is ${authId.length}`, 0)
  return encodeMessage({ cmd: BreezeCmd.AUTH_REKEY, msgId, payload: authId, key })
}

/** AUTH_REKEY_RSP payload: 0x01 unknown auth id (device restarts with AUTH_RAND), 0x02 bad length. */
export type RekeyRefusal = 'unknown-auth-id' | 'bad-length'
export function readRekeyRsp(payload: Uint8Array): Result<RekeyRefusal> {
  if (payload.length !== 1) return fail(`AUTH_REKEY_RSP carries ${payload.length} bytes, expected 1`, 0)
  if (payload[0] === 0x01) return ok('unknown-auth-id')
  if (payload[0] === 0x02) return ok('bad-length')
  return fail(`AUTH_REKEY_RSP code 0x${payload[0].toString(16)} unknown`, 0)
}

export const AUTH_RAND_FIRMWARE_BUG =
  'AUTH_RAND undecodable: device firmware bug (it encrypts the random it should send in clear, as AliOS-Things ' +
  'breeze transport.c@029937a4 does); the handshake cannot complete with this firmware'

/**
 * Check the random of an AUTH_RAND. Breeze's get_random() makes 16 ASCII decimal digits; anything else means
 * the frame came encrypted (the firmware bug), which no client can undo because the key derives from the random.
 */
export function checkAuthRandom(frameOrPayload: BreezeFrame | Uint8Array): Result<Uint8Array> {
  if (!(frameOrPayload instanceof Uint8Array)) {
    if (frameOrPayload.cmd !== BreezeCmd.AUTH_RAND) return fail('not an AUTH_RAND frame', 1)
    if (frameOrPayload.encrypted) return fail(AUTH_RAND_FIRMWARE_BUG, 0)
  }
  const payload = frameOrPayload instanceof Uint8Array ? frameOrPayload : frameOrPayload.payload
  if (payload.length !== BREEZE_RANDOM_LENGTH) {
    return payload.length > BREEZE_RANDOM_LENGTH && payload.length % 16 === 0
      ? fail(AUTH_RAND_FIRMWARE_BUG, 3)
      : fail(`AUTH_RAND carries ${payload.length} bytes, expected 16`, 3)
  }
  for (let i = 0; i < payload.length; i++)
    if (payload[i] < 0x30 || payload[i] > 0x39) return fail(AUTH_RAND_FIRMWARE_BUG, 4 + i)
  return ok(payload)
}

/** The device name inside a decrypted AUTH_KEY: the padding is counted by byte 3, so strip trailing zeros. */
export function decodeAuthKey(decrypted: Uint8Array): Result<string> {
  let end = decrypted.length
  while (end > 0 && decrypted[end - 1] === 0) end--
  if (end === 0) return fail('AUTH_KEY decrypted to nothing but zeros (wrong product secret?)', 0)
  return ok(decodeUtf8(decrypted.subarray(0, end)))
}

const equalsText = (payload: Uint8Array, s: string): boolean => decodeUtf8(payload) === s

export const isHiServer = (payload: Uint8Array): boolean => equalsText(payload, HI_SERVER)
export const isHiClient = (payload: Uint8Array): boolean => equalsText(payload, HI_CLIENT)
export const isAuthOk = (payload: Uint8Array): boolean => equalsText(payload, AUTH_OK)

/**
 * The device's own test (auth.c): memcmp over MIN(received length, expected length), so any non-empty prefix of
 * the expected text passes ("Hi" is taken for "Hi,Server"). Device models use this, clients should not.
 */
export function deviceAcceptsText(payload: Uint8Array, expected: string): boolean {
  const e = encodeUtf8(expected)
  const n = Math.min(payload.length, e.length)
  for (let i = 0; i < n; i++) if (payload[i] !== e[i]) return false
  return true
}
