import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto'
import { type Result, fail, ok } from '../result'
import { asBytes, cString } from './bytes'

// PROTOCOLS-awss.md §1.1 and §1.2: the password cipher and the device signature shared by every AWSS mode.

export const AWSS_RANDOM_LENGTH = 16
export const AWSS_KEY_LENGTH = 16
/** cal_passwd() hashes at most this many secret characters. */
export const SECRET_PREFIX_LIMIT = 40
const AES_BLOCK = 16

/** smartconfig (bcast, mcast) and p2p use an all-zero random: key from the secret alone, IV = 0. */
export const ZERO_RANDOM: Uint8Array = new Uint8Array(AWSS_RANDOM_LENGTH)

/**
 * The device copies exactly 16 random bytes; a shorter random is zero-filled here (the device would read past
 * it), a longer one is cut. A missing random means the all-zero random of smartconfig and p2p.
 */
export function normalizeRandom(random: Uint8Array | undefined): Uint8Array {
  const out = new Uint8Array(AWSS_RANDOM_LENGTH)
  if (random) out.set(random.subarray(0, AWSS_RANDOM_LENGTH))
  return out
}

/** key = SHA-256(secret[0..40] || ',' || random16)[:16]; the secret is a C string, so it ends at a NUL. */
export function deriveAwssKey(secret: string | Uint8Array, random?: Uint8Array): Uint8Array {
  const secretBytes = cString(asBytes(secret)).subarray(0, SECRET_PREFIX_LIMIT)
  const digest = createHash('sha256')
    .update(secretBytes)
    .update(Uint8Array.of(0x2c))
    .update(normalizeRandom(random))
    .digest()
  return new Uint8Array(digest.subarray(0, AWSS_KEY_LENGTH))
}

function checkKeyAndIv(key: Uint8Array, iv: Uint8Array): Result<true> {
  if (key.length !== AWSS_KEY_LENGTH) return fail(`AES-128 key must be 16 bytes, got ${key.length}`, 0)
  if (iv.length !== AES_BLOCK) return fail(`AES IV must be 16 bytes, got ${iv.length}`, 0)
  return ok(true)
}

function runCipher(kind: 'encrypt' | 'decrypt', mode: 'aes-128-cfb' | 'aes-128-cbc', key: Uint8Array, iv: Uint8Array, input: Uint8Array): Uint8Array {
  const cipher = kind === 'encrypt' ? createCipheriv(mode, key, iv) : createDecipheriv(mode, key, iv)
  cipher.setAutoPadding(false)
  const head = cipher.update(input)
  const tail = cipher.final()
  const out = new Uint8Array(head.length + tail.length)
  out.set(head, 0)
  out.set(tail, head.length)
  return out
}

/** AES-128-CFB128, no padding: the ciphertext is as long as the plaintext. */
export function aesCfbEncrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Result<Uint8Array> {
  const checked = checkKeyAndIv(key, iv)
  if (!checked.ok) return checked
  return ok(runCipher('encrypt', 'aes-128-cfb', key, iv, plain))
}

export function aesCfbDecrypt(key: Uint8Array, iv: Uint8Array, cipher: Uint8Array): Result<Uint8Array> {
  const checked = checkKeyAndIv(key, iv)
  if (!checked.ok) return checked
  return ok(runCipher('decrypt', 'aes-128-cfb', key, iv, cipher))
}

/** AES-128-CBC with zero padding to whole blocks (the device never removes padding, it strlen()s instead). */
export function aesCbcZeroPadEncrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Result<Uint8Array> {
  const checked = checkKeyAndIv(key, iv)
  if (!checked.ok) return checked
  const padded = new Uint8Array(Math.ceil(plain.length / AES_BLOCK) * AES_BLOCK)
  padded.set(plain)
  return ok(runCipher('encrypt', 'aes-128-cbc', key, iv, padded))
}

/** Decrypts the whole blocks only, as the device does (blocks = length / 16); no un-padding. */
export function aesCbcDecryptBlocks(key: Uint8Array, iv: Uint8Array, cipher: Uint8Array): Result<Uint8Array> {
  const checked = checkKeyAndIv(key, iv)
  if (!checked.ok) return checked
  const whole = cipher.subarray(0, cipher.length - (cipher.length % AES_BLOCK))
  return ok(runCipher('decrypt', 'aes-128-cbc', key, iv, whole))
}

/**
 * The device's is_utf8(): ASCII, 2-byte and 3-byte sequences only (no 4-byte, no overlong/surrogate checks).
 * A NUL counts as ASCII, but a NUL straight after a lead byte fails. Bytes beyond `length` read as 0, as in the
 * device's zero-filled buffers.
 */
export function isDeviceUtf8(bytes: Uint8Array, length: number = bytes.length): boolean {
  const at = (i: number): number => (i < bytes.length ? bytes[i] : 0)
  let i = 0
  while (i < length) {
    const lead = at(i)
    if ((lead & 0x80) === 0) {
      i += 1
    } else if ((lead & 0xe0) === 0xc0) {
      const c1 = at(i + 1)
      if (c1 === 0 || (c1 & 0xc0) !== 0x80) return false
      i += 2
    } else if ((lead & 0xf0) === 0xe0) {
      const c1 = at(i + 1)
      const c2 = at(i + 2)
      if (c1 === 0 || c2 === 0) return false
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) return false
      i += 3
    } else {
      return false
    }
  }
  return true
}

/** smartconfig/p2p/zero-config password cipher: CFB with key(secret, random) and IV = random. */
export function encryptPasswordCfb(secret: string | Uint8Array, random: Uint8Array | undefined, plain: Uint8Array): Uint8Array {
  const iv = normalizeRandom(random)
  return runCipher('encrypt', 'aes-128-cfb', deriveAwssKey(secret, iv), iv, plain)
}

export function decryptPasswordCfb(secret: string | Uint8Array, random: Uint8Array | undefined, cipher: Uint8Array): Uint8Array {
  const iv = normalizeRandom(random)
  return runCipher('decrypt', 'aes-128-cfb', deriveAwssKey(secret, iv), iv, cipher)
}

/** dev-ap/phone-AP password cipher: CBC, zero padding, key(secret, random), IV = random. */
export function encryptPasswordCbc(secret: string | Uint8Array, random: Uint8Array, plain: Uint8Array): Uint8Array {
  const iv = normalizeRandom(random)
  const padded = new Uint8Array(Math.ceil(plain.length / AES_BLOCK) * AES_BLOCK)
  padded.set(plain)
  return runCipher('encrypt', 'aes-128-cbc', deriveAwssKey(secret, iv), iv, padded)
}

/** What the device does with a CBC password: decrypt whole blocks, then take the C string. */
export function decryptPasswordCbcAsDevice(secret: string | Uint8Array, random: Uint8Array, cipher: Uint8Array): Uint8Array {
  const iv = normalizeRandom(random)
  const whole = cipher.subarray(0, cipher.length - (cipher.length % AES_BLOCK))
  return cString(runCipher('decrypt', 'aes-128-cbc', deriveAwssKey(secret, iv), iv, whole))
}

/**
 * §1.2 device signature: HMAC-SHA1(secret, random16 || deviceName || productKey), 20 raw bytes
 * (sent in JSON as 40 uppercase hex characters).
 */
export function deviceSignature(secret: string | Uint8Array, random: Uint8Array, deviceName: string, productKey: string): Uint8Array {
  const mac = createHmac('sha1', asBytes(secret))
  mac.update(normalizeRandom(random))
  mac.update(asBytes(deviceName))
  mac.update(asBytes(productKey))
  return new Uint8Array(mac.digest())
}
