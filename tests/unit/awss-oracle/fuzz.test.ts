import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AirOracle } from '../../../main/awss-oracle/air-oracle'
import { DeviceListener } from '../../../main/awss-oracle/device-listener'
import { ApList } from '../../../main/awss-oracle/ap-list'
import { airFrameFrom } from '../../../main/awss-oracle/air-frame'
import { decodePacket, LINKTYPE_ETHERNET, LINKTYPE_IEEE802_11, LINKTYPE_IEEE802_11_RADIOTAP } from '../../../main/codec/ieee80211/index.js'
import { PRODUCT_SECRET } from '../codec/awss/helpers'
import { BCAST_26_LENGTHS, MCAST_3_DATA, bcastDestinations, beacon, mcastDestinations, relayedAir } from './air-fixtures'

const valid = [beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS)), ...relayedAir(mcastDestinations(MCAST_3_DATA))]

describe('air oracle never throws on hostile frames', () => {
  it('random bytes under every link type', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(LINKTYPE_IEEE802_11, LINKTYPE_IEEE802_11_RADIOTAP, LINKTYPE_ETHERNET), fc.uint8Array({ maxLength: 1800 })), { maxLength: 40 }), (packets) => {
        const oracle = new AirOracle({ productSecrets: [{ secret: PRODUCT_SECRET }] })
        for (const [linktype, bytes] of packets) oracle.pushPacket(decodePacket(linktype, bytes), bytes, 0)
        expect(oracle.analysis({ reveal: true }).frames).toBe(packets.length)
      }),
      { numRuns: 300 },
    )
  })

  it('mutated and truncated valid smart-config frames, in any order and with any times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.nat(2000), fc.uint8Array({ minLength: 0, maxLength: 3 }), fc.double({ noNaN: true, min: -1e6, max: 1e12 })), { maxLength: 120 }),
        (edits) => {
          const oracle = new AirOracle({ productSecrets: [{ secret: PRODUCT_SECRET }] })
          const device = new DeviceListener({ apList: new ApList(), productSecret: PRODUCT_SECRET })
          for (const [index, at, patch, time] of edits) {
            const bytes = valid[index].bytes.slice(0, Math.max(0, valid[index].bytes.length - (at % 7)))
            if (bytes.length > 0) bytes.set(patch.subarray(0, Math.max(0, bytes.length - (at % bytes.length))), at % bytes.length)
            const packet = decodePacket(LINKTYPE_IEEE802_11, bytes)
            oracle.pushPacket(packet, bytes, time)
            const frame = airFrameFrom(packet, bytes)
            if ('frame' in frame) device.handle(frame.frame, time)
          }
          oracle.analysis({ reveal: true })
        },
      ),
      { numRuns: 300 },
    )
  })
})
