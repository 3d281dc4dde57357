import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MethodOptions, WifiPassword, Ssid } from '../../../preload/contract'
import { checkBssid, checkConfirmTimeout, checkOptionalInt, checkPassword, checkSsid, validateWifiTarget } from '../../../renderer/src/pages/provision/wifi-validation'

// The form must reject exactly what main's contract rejects, so a user never meets a surprise from main for a field
// the form already passed (or is blocked by the form for a value main would take).
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', 'é', '中', '😀', ' '), maxLength: 70 }),
)

describe('Wi-Fi target validation mirrors the contract', () => {
  it('SSID: accepted exactly when the contract Ssid schema accepts it', () => {
    fc.assert(
      fc.property(anyText, (ssid) => {
        expect(checkSsid(ssid) === undefined).toBe(Ssid.safeParse(ssid).success)
      }),
      { numRuns: 2_000 },
    )
  })

  it('password: accepted exactly when the contract WifiPassword schema accepts it', () => {
    fc.assert(
      fc.property(anyText, (password) => {
        expect(checkPassword(password) === undefined).toBe(WifiPassword.safeParse(password).success)
      }),
      { numRuns: 2_000 },
    )
  })

  it('counts bytes, not characters: 11 Chinese characters are 33 bytes, too long for an SSID', () => {
    expect(checkSsid('中'.repeat(10) + 'ab')).toBeUndefined() // 32 bytes
    expect(checkSsid('中'.repeat(11))).toEqual({ key: 'validation.ssidTooLong', values: { bytes: 33, max: 32 } })
    expect(checkSsid('')).toEqual({ key: 'validation.ssidRequired' })
    expect(checkPassword('😀'.repeat(16))).toBeUndefined() // 64 bytes
    expect(checkPassword('😀'.repeat(16) + 'x')).toEqual({ key: 'validation.passwordTooLong', values: { bytes: 65, max: 64 } })
  })

  it('BSSID: empty, or 12 hex digits with optional ":" / "-" separators', () => {
    for (const ok of ['', '   ', 'AA:BB:CC:DD:EE:FF', 'aa-bb-cc-dd-ee-ff', 'aabbccddeeff', 'EC26CAB68CC0']) expect(checkBssid(ok)).toBeUndefined()
    expect(checkBssid('EC26CAB68CC')).toEqual({ key: 'validation.bssidLength', values: { digits: 11 } })
    expect(checkBssid('GG:BB:CC:DD:EE:FF')).toEqual({ key: 'validation.bssidNotHex' })
    expect(checkBssid('aa bb cc dd ee ff')).toEqual({ key: 'validation.bssidNotHex' })
  })

  it('BSSID: every 6-byte MAC written with any separator is accepted; any other digit count is not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 9 }), fc.constantFrom('', ':', '-'), (bytes, sep) => {
        const text = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(sep)
        const expectedOk = bytes.length === 6 || bytes.length === 0
        expect(checkBssid(text) === undefined).toBe(expectedOk)
      }),
    )
  })

  it('reports every bad field at once', () => {
    const problems = validateWifiTarget({ ssid: '', bssid: 'nope', password: 'p'.repeat(65) })
    expect(Object.keys(problems).sort()).toEqual(['bssid', 'password', 'ssid'])
    expect(validateWifiTarget({ ssid: 'LabNet', bssid: '', password: 'provbench-lab' })).toEqual({})
  })

  it('confirm timeout: empty means the default; otherwise 1 to 900 seconds', () => {
    expect(checkConfirmTimeout('')).toBeUndefined()
    expect(checkConfirmTimeout('1')).toBeUndefined()
    expect(checkConfirmTimeout('900')).toBeUndefined()
    expect(checkConfirmTimeout('0.5')).toBeDefined()
    expect(checkConfirmTimeout('901')).toBeDefined()
    expect(checkConfirmTimeout('abc')).toBeDefined()
  })

  it('smart-config pacing fields accept exactly what MethodOptions accepts', () => {
    const typed = fc.oneof(fc.integer({ min: -5, max: 200_000 }).map(String), fc.constantFrom('1.5', 'abc', '1e3', ' 7 '))
    fc.assert(
      fc.property(typed, (text) => {
        const value = Number(text)
        expect(checkOptionalInt(text, 1, 1_000) === undefined).toBe(MethodOptions.safeParse({ sendIntervalMs: value }).success)
        expect(checkOptionalInt(text, 1, 100_000) === undefined).toBe(MethodOptions.safeParse({ sendCycles: value }).success)
      }),
      { numRuns: 1_000 },
    )
    expect(checkOptionalInt('', 1, 10)).toBeUndefined()
  })
})
