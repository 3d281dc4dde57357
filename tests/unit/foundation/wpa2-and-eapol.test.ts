import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KeyInfo, buildEapolKey, parseEapolKey } from '../../../main/codec/eapol/key-frame'
import { derivePtk, eapolMic, micMatches, pmkFromPassphrase, withMic } from '../../../main/lab/wifi/wpa2-keys'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('WPA2-PSK key derivation used by the lab routers', () => {
  it('reproduces the IEEE 802.11i test vector for PBKDF2 (passphrase "password", SSID "IEEE")', () => {
    expect(hex(pmkFromPassphrase('password', 'IEEE'))).toBe('f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e')
  })

  it('gives matching MICs only to a supplicant holding the same passphrase', () => {
    const ap = Uint8Array.from([2, 0, 0x1a, 0, 0, 1])
    const sta = Uint8Array.from([2, 0, 0x1b, 0, 0, 1])
    const anonce = new Uint8Array(32).fill(0xaa)
    const snonce = new Uint8Array(32).fill(0x55)
    const frame = buildEapolKey({ keyInfo: 2 | KeyInfo.pairwise | KeyInfo.mic, keyLength: 0, replayCounter: 1n, nonce: snonce, iv: new Uint8Array(16), rsc: new Uint8Array(8), mic: new Uint8Array(16), keyData: new Uint8Array([0x30, 0]) })
    const good = derivePtk(pmkFromPassphrase('provbench-lab', 'LabNet'), ap, sta, anonce, snonce)
    const bad = derivePtk(pmkFromPassphrase('provbench-lub', 'LabNet'), ap, sta, anonce, snonce)
    const signed = withMic(good.kck, frame)
    expect(micMatches(good.kck, signed)).toBe(true)
    expect(micMatches(bad.kck, signed)).toBe(false)
    expect(hex(eapolMic(good.kck, signed))).toBe(hex(eapolMic(good.kck, frame)))
  })
})

describe('EAPOL-Key frames', () => {
  it('round-trip and name the handshake message from the key-info bits', () => {
    const m3 = buildEapolKey({ keyInfo: 2 | KeyInfo.pairwise | KeyInfo.install | KeyInfo.ack | KeyInfo.mic | KeyInfo.secure, keyLength: 16, replayCounter: 7n, nonce: new Uint8Array(32).fill(3), iv: new Uint8Array(16), rsc: new Uint8Array(8), mic: new Uint8Array(16), keyData: new Uint8Array([1, 2, 3]) })
    const parsed = parseEapolKey(m3)
    expect(parsed.ok && parsed.value).toMatchObject({ message: 3, replayCounter: 7n, keyLength: 16 })
  })

  it('reports hostile bytes as located errors, never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = parseEapolKey(bytes)
        if (!result.ok) expect(result.error.offset).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 2000 },
    )
  })
})
