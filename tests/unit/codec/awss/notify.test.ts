import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deviceSignature } from '../../../../main/codec/awss/crypto'
import type { DevInfo } from '../../../../main/codec/awss/devinfo'
import {
  NOTIFY_TOPICS,
  buildAwssDeviceInfoNotify,
  buildConnectApNotify,
  buildDeviceInfoNotify,
  buildNotifySuccessReply,
  parseNotify,
  parseNotifyReply,
  verifyNotifySign,
} from '../../../../main/codec/awss/notify'
import { PRODUCT_SECRET, bytes, errorOf, hex, unwrap } from './helpers'

const device: DevInfo = { productKey: 'a1B2c3D4e5F', deviceName: 'lamp-01', mac: 'AA:BB:CC:DD:EE:FF', ip: '192.168.1.23', cipherType: 3 }
const TOKEN = bytes('d9499e45053fed161cee1c3a074cd045')
const AWSS_VER = '{"smartconfig":"2.0","zconfig":"2.0","router":"2.0","ap":"2.0","softap":"2.0"}'

describe('notification builders print what the device prints', () => {
  it('connectap notify', () => {
    expect(buildConnectApNotify({ id: 3, devinfo: device })).toBe(
      `{"id":"3","version":"1.0","method":"awss.event.connectap.notify","params":{"awssVer":${AWSS_VER},"productKey":"a1B2c3D4e5F","deviceName":"lamp-01","mac":"AA:BB:CC:DD:EE:FF","ip":"192.168.1.23","cipherType":3,"type":0}}`,
    )
    expect(NOTIFY_TOPICS.connectAp).toBe('/sys/awss/event/connectap/notify')
  })

  it('device info notify with the token in uppercase hex', () => {
    const json = buildDeviceInfoNotify({ id: 4, devinfo: device, token: TOKEN })
    expect(json).toContain('"token":"D9499E45053FED161CEE1C3A074CD045","remainTime":90000,"type":0}}')
    expect(json).toContain('"method":"device.info.notify"')
  })

  it('awss device info notify with random and a verifiable sign', () => {
    const random = bytes('00112233445566778899aabbccddeeff')
    const sign = deviceSignature(PRODUCT_SECRET, random, device.deviceName, device.productKey)
    const json = buildAwssDeviceInfoNotify({ id: 5, devinfo: device, random, sign })
    expect(json).toContain(`"random":"00112233445566778899AABBCCDDEEFF","signMethod":0,"sign":"${hex(sign).toUpperCase()}"`)
    const parsed = unwrap(parseNotify(json))
    expect(verifyNotifySign(parsed, PRODUCT_SECRET)).toBe(true)
    expect(verifyNotifySign(parsed, 'wrong')).toBe(false)
  })

  it('success reply', () => {
    expect(buildNotifySuccessReply()).toBe('{"id":"1","code":200,"data":{}}')
  })
})

describe('notification parser', () => {
  it('round-trips every kind', () => {
    const connect = unwrap(parseNotify(buildConnectApNotify({ id: 1, devinfo: device })))
    expect(connect).toMatchObject({ kind: 'connectAp', id: '1', type: 0, devinfo: device })
    const info = unwrap(parseNotify(buildDeviceInfoNotify({ id: 2, devinfo: { ...device, fwVersion: '1.2.3' }, token: TOKEN, tokenType: 1 })))
    expect(info).toMatchObject({ kind: 'deviceInfo', tokenHex: 'D9499E45053FED161CEE1C3A074CD045', remainTimeMs: 90_000, tokenType: 1 })
    expect(info.devinfo.fwVersion).toBe('1.2.3')
  })

  it('gives clear errors for hostile or malformed JSON', () => {
    const cases: [string, RegExp][] = [
      ['{', /not valid JSON/],
      ['"str"', /not a JSON object/],
      ['{"method":"x.y"}', /unknown notification method/],
      ['{"method":"awss.event.connectap.notify","id":{},"params":{}}', /"id"/],
      ['{"method":"awss.event.connectap.notify","id":"1","params":[]}', /params/],
      ['{"method":"awss.event.connectap.notify","id":"1","params":{"productKey":"a","deviceName":"b","mac":"zz","ip":"1.2.3.4","cipherType":3}}', /mac/],
      ['{"method":"awss.event.connectap.notify","id":"1","params":{"productKey":"a","deviceName":"b","mac":"AA:BB:CC:DD:EE:FF","ip":"1.2.3.400","cipherType":3}}', /ip/],
      ['{"method":"device.info.notify","id":"1","params":{"productKey":"a","deviceName":"b","mac":"AA:BB:CC:DD:EE:FF","ip":"1.2.3.4","cipherType":3}}', /no token/],
      ['{"method":"device.info.notify","id":"1","params":{"productKey":"a","deviceName":"b","mac":"AA:BB:CC:DD:EE:FF","ip":"1.2.3.4","cipherType":3,"token":"XYZ"}}', /token/],
      [`{"method":"awss.event.connectap.notify","id":"1","params":{"__proto__":{"polluted":1},"productKey":"a","deviceName":"b","mac":"AA:BB:CC:DD:EE:FF","ip":"1.2.3.4","cipherType":3,"awssVer":{"__proto__":"x"}}}`, /^$/],
      ['x'.repeat(9000), /longer than/],
    ]
    for (const [input, reason] of cases) {
      const result = parseNotify(input)
      if (reason.source === '^$') {
        expect(result.ok).toBe(true)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      } else {
        expect(errorOf(result).reason).toMatch(reason)
      }
    }
  })

  it('never throws on random JSON or text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json({ maxDepth: 5 }), fc.string({ maxLength: 300 }), fc.jsonValue().map((v) => JSON.stringify({ method: 'device.info.notify', id: '1', params: v }))), (input) => {
        const result = parseNotify(input)
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
    )
  })
})

describe('reply that stops the device', () => {
  it('needs code 200 and at most 64 bytes; ESL also checks the id', () => {
    expect(unwrap(parseNotifyReply(buildNotifySuccessReply())).stopsDevice).toBe(true)
    expect(unwrap(parseNotifyReply('{"id":"1","code":400,"data":{}}')).stopsDevice).toBe(false)
    expect(unwrap(parseNotifyReply(`{"id":"1","code":200,"data":{"pad":"${'x'.repeat(40)}"}}`)).stopsDevice).toBe(false)
    expect(unwrap(parseNotifyReply('{"id":"9","code":200,"data":{}}', { variant: 'esl', notifyCounter: 5 })).stopsDevice).toBe(false)
    expect(unwrap(parseNotifyReply('{"id":"123","code":200,"data":{}}', { variant: 'esl', notifyCounter: 5 })).stopsDevice).toBe(true)
    expect(errorOf(parseNotifyReply('{"id":"1"}')).reason).toMatch(/code/)
  })
})
