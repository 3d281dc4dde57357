// Breeze channel crypto (§10.3/§10.4): AES-128-CBC, fixed IV "0123456789ABCDEF" restarted for every frame,
// zero padding, key = SHA-256(secret || ',' || random16)[0..15].
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto'
import { concatBytes } from '../ble/bytes'
import { fail, ok, type Result } from '../result'
import { AES_BLOCK } from './constants'

const IV = new TextEncoder().encode('0123456789ABCDEF')

const asBytes = (s: string | Uint8Array): Uint8Array => (typeof s === 'string' ? new TextEncoder().encode(s) : s)

/** Session key from a product or device secret and the device's 16-byte random (raw, as sent in AUTH_RAND). */
export function deriveSessionKey(secret: string | Uint8Array, random: Uint8Array): Uint8Array {
  const h = createHash('sha256')
  h.update(asBytes(secret))
  h.update(Uint8Array.of(0x2c))
  h.update(random)
  return new Uint8Array(h.digest().subarray(0, 16))
}

/** Offline re-auth id (2.0.6+): SHA-256(random of the earlier session)[0..3]. */
export function computeAuthId(previousRandom: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(previousRandom).digest().subarray(0, 4))
}

export const zeroPad = (b: Uint8Array): Uint8Array => {
  const padded = new Uint8Array(Math.ceil(b.length / AES_BLOCK) * AES_BLOCK)
  padded.set(b)
  return padded
}

/** Encrypt one frame's plaintext (zero padded to whole blocks) with the IV restarted. */
export function encryptFrame(key: Uint8Array, plaintext: Uint8Array): Result<Uint8Array> {
  if (key.length !== 16) return fail(`AES-128 key must be 16 bytes, is ${key.length}`, 0)
  const c = createCipheriv('aes-128-cbc', key, IV)
  c.setAutoPadding(false)
  return ok(concatBytes(c.update(zeroPad(plaintext)), c.final()))
}

/** Decrypt one frame's ciphertext (whole blocks) with the IV restarted. Padding stays: byte 3 says what counts. */
export function decryptFrame(key: Uint8Array, ciphertext: Uint8Array): Result<Uint8Array> {
  if (key.length !== 16) return fail(`AES-128 key must be 16 bytes, is ${key.length}`, 0)
  if (ciphertext.length % AES_BLOCK !== 0)
    return fail(`ciphertext of ${ciphertext.length} bytes is not whole 16-byte AES blocks`, 0)
  const d = createDecipheriv('aes-128-cbc', key, IV)
  d.setAutoPadding(false)
  return ok(concatBytes(d.update(ciphertext), d.final()))
}
