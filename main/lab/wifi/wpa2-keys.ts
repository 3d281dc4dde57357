import { createHmac, pbkdf2Sync } from 'node:crypto'
import { MIC_OFFSET } from '../../codec/eapol/key-frame'

// Real WPA2-PSK key derivation, so a lab run with a wrong password fails the way a real one does (M2 MIC mismatch,
// M1 retried, deauthentication) and its capture can be checked with standard tools.
export function pmkFromPassphrase(passphrase: string, ssid: string): Uint8Array {
  return new Uint8Array(pbkdf2Sync(passphrase, Buffer.from(ssid, 'utf8'), 4096, 32, 'sha1'))
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

/** PRF-384 over "Pairwise key expansion"; returns KCK (16), KEK (16), TK (16). */
export function derivePtk(pmk: Uint8Array, apMac: Uint8Array, staMac: Uint8Array, anonce: Uint8Array, snonce: Uint8Array) {
  const [macLow, macHigh] = compare(apMac, staMac) < 0 ? [apMac, staMac] : [staMac, apMac]
  const [nonceLow, nonceHigh] = compare(anonce, snonce) < 0 ? [anonce, snonce] : [snonce, anonce]
  const data = Buffer.concat([macLow, macHigh, nonceLow, nonceHigh])
  const label = Buffer.from('Pairwise key expansion', 'ascii')
  const blocks: Buffer[] = []
  for (let i = 0; blocks.length * 20 < 48; i++) {
    blocks.push(createHmac('sha1', pmk).update(Buffer.concat([label, Buffer.from([0]), data, Buffer.from([i])])).digest())
  }
  const ptk = Buffer.concat(blocks).subarray(0, 48)
  return { kck: new Uint8Array(ptk.subarray(0, 16)), kek: new Uint8Array(ptk.subarray(16, 32)), tk: new Uint8Array(ptk.subarray(32, 48)) }
}

/** MIC over the whole EAPOL frame with its MIC field zeroed (key descriptor version 2: HMAC-SHA1-128). */
export function eapolMic(kck: Uint8Array, eapolFrame: Uint8Array): Uint8Array {
  const zeroed = eapolFrame.slice()
  zeroed.fill(0, MIC_OFFSET, MIC_OFFSET + 16)
  return new Uint8Array(createHmac('sha1', kck).update(zeroed).digest().subarray(0, 16))
}

export function withMic(kck: Uint8Array, eapolFrame: Uint8Array): Uint8Array {
  const out = eapolFrame.slice()
  out.set(eapolMic(kck, eapolFrame), MIC_OFFSET)
  return out
}

export function micMatches(kck: Uint8Array, eapolFrame: Uint8Array): boolean {
  const expected = eapolMic(kck, eapolFrame)
  const actual = eapolFrame.subarray(MIC_OFFSET, MIC_OFFSET + 16)
  return expected.every((b, i) => b === actual[i])
}
