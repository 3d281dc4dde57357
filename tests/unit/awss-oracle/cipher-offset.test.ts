import { describe, expect, it } from 'vitest'
import { chooseOffset, cipherFromName, pairwiseCipher } from '../../../main/awss-oracle/cipher-offset'

const frame = (over: Partial<Parameters<typeof chooseOffset>[0]> = {}) => ({
  direction: 'to-ds' as const,
  protected: true,
  duration: 0x0130,
  iv: Uint8Array.of(0x01, 0x00, 0x00, 0x20),
  ...over,
})

describe('cipher offset (§2.1, in the device order)', () => {
  it('takes the AP list first: group cipher for FromDS, pairwise for ToDS', () => {
    const ap = { group: 'tkip' as const, pairwise: 'ccmp' as const }
    expect(chooseOffset(frame({ direction: 'from-ds' }), ap)).toMatchObject({ cipher: 'tkip', bytes: 56, reason: 'ap-list' })
    expect(chooseOffset(frame({ direction: 'to-ds' }), ap)).toMatchObject({ cipher: 'ccmp', bytes: 52, reason: 'ap-list' })
    // The AP list wins even over the Protected bit.
    expect(chooseOffset(frame({ protected: false }), ap)?.reason).toBe('ap-list')
  })

  it('Protected clear means open (36)', () => {
    expect(chooseOffset(frame({ protected: false }), undefined)).toMatchObject({ cipher: 'open', bytes: 36, reason: 'unprotected' })
  })

  it('the Duration rule: high byte (low 6 bits) zero picks WEP even for a CCMP frame', () => {
    expect(chooseOffset(frame({ duration: 44 }), undefined)).toMatchObject({ cipher: 'wep', bytes: 44, reason: 'duration-rule' })
    expect(chooseOffset(frame({ duration: 0 }), undefined)?.cipher).toBe('wep')
    // Only the low 6 bits of the high byte count: 0xC0xx still reads as zero.
    expect(chooseOffset(frame({ duration: 0xc012 }), undefined)?.cipher).toBe('wep')
  })

  it('with a long Duration the IV decides: WEPSeed shape = TKIP, CCMP header shape = AES, else dropped', () => {
    expect(chooseOffset(frame({ iv: Uint8Array.of(0x12, (0x12 | 0x20) & 0x7f, 0x34, 0x20) }), undefined)).toMatchObject({ cipher: 'tkip', bytes: 56, reason: 'extiv-tkip' })
    expect(chooseOffset(frame({ iv: Uint8Array.of(0x05, 0x00, 0x00, 0x60) }), undefined)).toMatchObject({ cipher: 'ccmp', bytes: 52, reason: 'extiv-ccmp' })
    expect(chooseOffset(frame({ iv: Uint8Array.of(0x05, 0x00, 0x01, 0x61) }), undefined)).toBeUndefined()
  })

  it('reads beacon cipher names; TKIP anywhere in the pairwise list is the mixed column (56)', () => {
    expect(cipherFromName('CCMP-128', true)).toBe('ccmp')
    expect(cipherFromName('TKIP', true)).toBe('tkip')
    expect(cipherFromName('WEP-104', true)).toBe('wep')
    expect(cipherFromName(undefined, true)).toBe('wep')
    expect(cipherFromName(undefined, false)).toBe('open')
    expect(pairwiseCipher(['CCMP-128', 'TKIP'], true)).toBe('tkip')
    expect(pairwiseCipher(['CCMP-128'], true)).toBe('ccmp')
  })
})
