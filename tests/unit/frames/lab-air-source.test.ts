import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { radiotapPacket } from '../../../main/lab/air-recorder'
import { RadiotapTemplates } from '../../../main/radio/capture/lab-air-source'

describe('lab air source radiotap', () => {
  it('the header templates give exactly the bytes radiotapPacket builds, for any time, rate, channel and RSSI', () => {
    const templates = new RadiotapTemplates()
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 52n) - 1n }),
        fc.constantFrom(1000, 2000, 5500, 6000, 11000, 54000),
        fc.constantFrom(2412, 2437, 2462, 2484, 5180, 5825),
        fc.integer({ min: -100, max: 0 }),
        fc.uint8Array({ maxLength: 300 }),
        (timeMicros, rateKbps, freqMHz, rssiDbm, bytes) => {
          const frame = { medium: 'wifi' as const, from: 'x', channel: 1, freqMHz, bytes, rateKbps, rssiDbm, timeMicros, at: 0 }
          expect(Buffer.from(templates.packet(frame)).toString('hex')).toBe(Buffer.from(radiotapPacket(frame)).toString('hex'))
        },
      ),
      { numRuns: 2000 },
    )
  })
})
