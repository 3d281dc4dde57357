import { createHash } from 'node:crypto'

// PROTOCOLS-awss.md §1.3: a short app token (1..15 bytes) is completed by the device as
// SHA-256(bssid || token || password)[:16]; a 16-byte token is used as-is; anything else means "no app token".
export function completeBindToken(
  appToken: Uint8Array,
  bssid: Uint8Array | undefined,
  password: Uint8Array,
): Uint8Array | undefined {
  if (appToken.length === 16) return appToken.slice()
  if (appToken.length === 0 || appToken.length > 16) return undefined
  const hash = createHash('sha256')
  if (bssid) hash.update(bssid)
  hash.update(appToken)
  const total = (bssid?.length ?? 0) + appToken.length + password.length
  if (password.length > 0 && total <= 128) hash.update(password)
  return new Uint8Array(hash.digest().subarray(0, 16))
}

/** Devices report the bind token as 32 uppercase hex characters. */
export function bindTokenHex(token: Uint8Array): string {
  return Buffer.from(token).toString('hex').toUpperCase()
}
