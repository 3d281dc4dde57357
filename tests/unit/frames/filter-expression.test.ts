import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseFilterExpression } from '../../../main/frames/filter-expression'

describe('filter expression', () => {
  it('parses every term into the structured filter', () => {
    const parsed = parseFilterExpression('type=beacon,probe-req addr=AA-BB-CC-DD-EE-FF ssid="My WiFi" vendor=D896E0AA channel=1,6,11 signal>=-70 signal<-30 provisioning claim=zero-config malformed fcs=bad kind=wifi')
    expect(parsed).toEqual({
      ok: true,
      value: {
        typeSubtypes: [0x04, 0x08],
        address: 'aa:bb:cc:dd:ee:ff',
        ssid: 'My WiFi',
        vendor: 'd8:96:e0:aa',
        channels: [1, 6, 11],
        signalMin: -70,
        signalMax: -31,
        provisioning: true,
        claims: ['zero-config'],
        malformed: true,
        fcsBad: true,
        kinds: ['wifi'],
      },
    })
  })

  it('expands categories to their 16 subtypes and accepts numbers (Wireshark type_subtype)', () => {
    const parsed = parseFilterExpression('type=ctrl,0x28,8')
    expect(parsed.ok && parsed.value.typeSubtypes).toEqual([8, ...Array.from({ length: 16 }, (_, k) => 16 + k), 0x28])
  })

  it('ssid= is exact, ssid~ contains, a quote can hold spaces and an escaped quote', () => {
    expect(parseFilterExpression('ssid~Lab')).toEqual({ ok: true, value: { ssidContains: 'Lab' } })
    expect(parseFilterExpression('ssid="a \\"b\\" c"')).toEqual({ ok: true, value: { ssid: 'a "b" c' } })
  })

  it('says what is wrong and where', () => {
    const cases: [string, number, RegExp][] = [
      ['type=beacon chanel=6', 12, /unknown filter "chanel"/],
      ['addr=12:34', 0, /not a MAC address/],
      ['signal=-70 signal~3', 11, /signal takes/],
      ['type=bacon', 0, /unknown frame type "bacon"/],
      ['ssid="open', 5, /unclosed quote/],
      ['provisioning=yes', 0, /takes no value/],
      ['vendor=zz', 0, /not a vendor OUI/],
      ['channel=300', 0, /not a channel/],
      ['type', 0, /needs a value/],
    ]
    for (const [expr, offset, reason] of cases) {
      const parsed = parseFilterExpression(expr)
      expect(parsed.ok, expr).toBe(false)
      if (!parsed.ok) {
        expect(parsed.error.reason, expr).toMatch(reason)
        expect(parsed.error.offset, expr).toBe(offset)
      }
    }
  })

  it('never throws, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseFilterExpression(text)
        if (!parsed.ok) expect(parsed.error.offset).toBeLessThanOrEqual(text.length)
      }),
      { numRuns: 3000 },
    )
    const pieces = fc.constantFrom('type=', 'ssid', '~', '=', '"', ',', 'signal', '>=', '-', '70', ' ', 'beacon', 'addr=', 'vendor=', '\\')
    fc.assert(fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => void parseFilterExpression(parts.join(''))), { numRuns: 3000 })
  })
})
