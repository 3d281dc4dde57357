import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBcastValues, encodeBcast } from '../../../../main/codec/awss/bcast'
import { fromHex, parseMac } from '../../../../main/codec/awss/bytes'
import { buildSwitchApReply, parseSwitchApResponse } from '../../../../main/codec/awss/dev-ap'
import { decodeMcastData, encodeMcast } from '../../../../main/codec/awss/mcast'
import { buildDeviceInfoNotify, parseNotify, parseNotifyReply } from '../../../../main/codec/awss/notify'
import { buildWpsIe, decodeP2pDeviceName, encodeP2pDeviceName, findWpsDeviceName } from '../../../../main/codec/awss/p2p'
import { buildEnrolleeIe, buildModeSwitchIe, buildRegistrarIe, parseEnrolleeIe, parseModeSwitchIe, parseRegistrarIe } from '../../../../main/codec/awss/zero-config'
import type { Result } from '../../../../main/codec/result'
import { PRODUCT_SECRET, bytes, unwrap } from './helpers'

// Every parser against truncations and byte mutations of its own valid inputs: it must return a Result (never
// throw), and an error must say what went wrong and where.

function expectWellFormed(result: Result<unknown, { reason: string; offset: number }>): void {
  if (result.ok) return
  expect(result.error.reason.length).toBeGreaterThan(0)
  expect(Number.isInteger(result.error.offset) && result.error.offset >= 0).toBe(true)
}

/** A valid sample cut at a random length and with a few random byte edits. */
const mutationsOf = (sample: Uint8Array) =>
  fc
    .tuple(fc.nat(sample.length), fc.array(fc.tuple(fc.nat(Math.max(sample.length - 1, 0)), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }))
    .map(([cut, edits]) => {
      const out = sample.slice(0, cut)
      for (const [at, value] of edits) if (at < out.length) out[at] = value
      return out
    })

const textMutationsOf = (sample: string) =>
  fc
    .tuple(fc.nat(sample.length), fc.array(fc.tuple(fc.nat(sample.length - 1), fc.constantFrom('"', '{', '}', '[', ':', ',', '\\', '0', 'x', ' ')), { maxLength: 5 }))
    .map(([cut, edits]) => {
      const chars = sample.slice(0, cut).split('')
      for (const [at, c] of edits) if (at < chars.length) chars[at] = c
      return chars.join('')
    })

const random = bytes('0df20e533090b0769841aa682fc7ae8d')
const sign = new Uint8Array(20).fill(3)

describe('parsers against mutated valid input', () => {
  it('bcast values', () => {
    const values = Uint8Array.from(unwrap(encodeBcast({ ssid: '我的网络', password: '12345678', productSecret: PRODUCT_SECRET, ssidMode: 'packed' })).values)
    fc.assert(fc.property(mutationsOf(values), (v) => expectWellFormed(decodeBcastValues(Array.from(v), PRODUCT_SECRET))))
  })

  it('mcast data', () => {
    const data = Uint8Array.from(unwrap(encodeMcast({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, token: bytes('aabbcc'), bssid: '11:22:33:44:55:66' })).data)
    fc.assert(fc.property(mutationsOf(data), (d) => expectWellFormed(decodeMcastData(Array.from(d), PRODUCT_SECRET))))
  })

  it('p2p Device Name and WPS IE', () => {
    const value = unwrap(encodeP2pDeviceName({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, javaModifiedUtf8: true })).value
    const ie = unwrap(buildWpsIe(value))
    fc.assert(fc.property(mutationsOf(value), (v) => expectWellFormed(decodeP2pDeviceName(v, PRODUCT_SECRET))))
    fc.assert(fc.property(mutationsOf(ie), (i) => expectWellFormed(findWpsDeviceName(i))))
  })

  it('zero-config IEs', () => {
    const enrollee = unwrap(buildEnrolleeIe({ deviceName: 'lamp', productKey: 'pk', random, secret: PRODUCT_SECRET }))
    const registrar = unwrap(buildRegistrarIe({ sign, ssid: 'Net', password: 'abc12345', bssid: bytes('112233445566'), enrolleeRandom: random, productSecret: PRODUCT_SECRET, token: new Uint8Array(16), tokenType: 1 }))
    const modeSwitch = unwrap(buildModeSwitchIe({ apChannel: 6, productKey: 'pk' }))
    fc.assert(fc.property(mutationsOf(enrollee), (i) => expectWellFormed(parseEnrolleeIe(i))))
    fc.assert(fc.property(mutationsOf(registrar), (i) => expectWellFormed(parseRegistrarIe(i))))
    fc.assert(fc.property(mutationsOf(modeSwitch), (i) => expectWellFormed(parseModeSwitchIe(i))))
  })

  it('JSON messages', () => {
    const notify = buildDeviceInfoNotify({ id: 1, devinfo: { productKey: 'pk', deviceName: 'dn', mac: 'AA:BB:CC:DD:EE:FF', ip: '10.0.0.2', cipherType: 3 }, token: new Uint8Array(16) })
    const reply = buildSwitchApReply('"7"', 200, { productKey: 'pk', deviceName: 'dn', mac: 'AA:BB:CC:DD:EE:FF', ip: '10.0.0.2', cipherType: 3 }, { token: new Uint8Array(16) })
    fc.assert(fc.property(textMutationsOf(notify), (t) => expectWellFormed(parseNotify(t))))
    fc.assert(fc.property(textMutationsOf(reply), (t) => expectWellFormed(parseSwitchApResponse(t))))
    fc.assert(fc.property(textMutationsOf('{"id":"1","code":200,"data":{}}'), (t) => expectWellFormed(parseNotifyReply(t, { variant: 'esl', notifyCounter: 3 }))))
  })

  it('hex and MAC text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        expectWellFormed(fromHex(s))
        expectWellFormed(parseMac(s))
      }),
    )
  })
})
