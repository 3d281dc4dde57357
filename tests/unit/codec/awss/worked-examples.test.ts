import { describe, expect, it } from 'vitest'
import { encodeBcast, decodeBcastValues } from '../../../../main/codec/awss/bcast'
import { BcastAssembler } from '../../../../main/codec/awss/bcast-assembler'
import { checksumV3 } from '../../../../main/codec/awss/checksum'
import { deriveAwssKey, encryptPasswordCfb } from '../../../../main/codec/awss/crypto'
import { buildSwitchApRequest, handleSwitchApRequest } from '../../../../main/codec/awss/dev-ap'
import { McastAssembler, encodeMcast } from '../../../../main/codec/awss/mcast'
import { decodeP2pDeviceName, encodeP2pDeviceName } from '../../../../main/codec/awss/p2p'
import {
  buildRegistrarIe,
  buildZeroConfigProbeRequest,
  enrolleeAcceptRegistrarFrame,
  registrarKey,
} from '../../../../main/codec/awss/zero-config'
import { PRODUCT_SECRET, bytes, hex, text, unwrap } from './helpers'

// The worked examples of PROTOCOLS-awss.md that Alibaba's own device code decoded: fixed vectors, byte for byte.

const SSID = 'MyWiFi'
const PASSWORD = '12345678'
const BSSID = bytes('112233445566')

describe('§2.6 bcast worked example', () => {
  const encoding = unwrap(encodeBcast({ ssid: SSID, password: PASSWORD, productSecret: PRODUCT_SECRET, ssidMode: 'ascii' }))

  it('derives the zero-random key and the CFB ciphertext', () => {
    expect(hex(deriveAwssKey(PRODUCT_SECRET))).toBe('d53490a7e1737fda8093069bac74b335')
    expect(hex(encoding.ciphertext)).toBe('efcb7d880809148f')
  })

  it('produces the 23 values with checksum 0x0B0F', () => {
    expect(encoding.values).toEqual([23, 5, 6, 11, 45, 89, 55, 73, 38, 73, 47, 47, 28, 31, 8, 34, 16, 2, 20, 60, 8, 11, 15])
    expect(encoding.checksum).toBe(0x0b0f)
    expect(checksumV3(encoding.values.slice(0, -2))).toBe(0x0b0f)
  })

  it('produces the exact UDP payload lengths of one cycle', () => {
    expect(encoding.lengths).toEqual([
      1248, 279, 389, 518, 651, 813, 985, 1079, 1225, 993, 294, 457, 559, 687, 796, 927, 1032, 1186, 994, 272, 386, 532, 700, 776, 907,
      1039,
    ])
  })

  it('is recovered by the value decoder and by the device-side assembler', () => {
    const decoded = unwrap(decodeBcastValues(encoding.values, PRODUCT_SECRET))
    expect(text(decoded.ssid?.bytes)).toBe(SSID)
    expect(text(decoded.password)).toBe(PASSWORD)
    const assembler = new BcastAssembler({ productSecret: PRODUCT_SECRET })
    encoding.lengths.forEach((length, i) => assembler.push({ length, sequence: 100 + i, timeMs: 10 * i }))
    expect(text(assembler.result?.ssid?.bytes)).toBe(SSID)
    expect(text(assembler.result?.decoded.password)).toBe(PASSWORD)
  })
})

describe('§3 mcast worked example', () => {
  const encoding = unwrap(
    encodeMcast({ ssid: SSID, password: PASSWORD, productSecret: PRODUCT_SECRET, token: bytes('aabbcc'), bssid: '11:22:33:44:55:66' }),
  )

  it('produces the data bytes', () => {
    expect(encoding.data).toEqual([27, 199, 8, 239, 203, 125, 136, 8, 9, 20, 143, 3, 170, 187, 204, 6, 77, 121, 87, 105, 70, 105, 3, 68, 85, 102, 206])
  })

  it('produces groups 239.0.27.199 … 239.13.206.0 and their MACs', () => {
    expect(encoding.groups).toHaveLength(14)
    expect(encoding.groups[0]).toBe('239.0.27.199')
    expect(encoding.groups[1]).toBe('239.1.8.239')
    expect(encoding.groups[13]).toBe('239.13.206.0')
    expect(encoding.macs[0]).toBe('01:00:5e:00:1b:c7')
    expect(encoding.macs[13]).toBe('01:00:5e:0d:ce:00')
  })

  it('completes to the bind token D9499E45053FED161CEE1C3A074CD045', () => {
    const assembler = new McastAssembler({ productSecret: PRODUCT_SECRET })
    for (const mac of encoding.macs) assembler.push({ destination: mac, bssid: '11:22:33:44:55:66' })
    expect(assembler.result?.bindTokenHex).toBe('D9499E45053FED161CEE1C3A074CD045')
    expect(text(assembler.result?.password)).toBe(PASSWORD)
    expect(text(assembler.result?.ssid?.bytes)).toBe(SSID)
    expect(hex(assembler.result?.bssidTail ?? new Uint8Array())).toBe('445566')
  })
})

describe('§4 p2p worked example', () => {
  it('produces the Device Name attribute value', () => {
    const encoding = unwrap(encodeP2pDeviceName({ ssid: SSID, password: PASSWORD, productSecret: PRODUCT_SECRET }))
    expect(hex(encoding.value)).toBe('26' + '081933486948' + '6f1777430821020a0f01' + '0b38')
  })

  it('decodes the documented value back to the credentials', () => {
    const decoded = unwrap(decodeP2pDeviceName(bytes('26 0819334869 48 6f1777430821020a0f01 0b38'), PRODUCT_SECRET))
    expect(decoded.kind).toBe('credentials')
    expect(text(decoded.ssid.bytes)).toBe(SSID)
    expect(text(decoded.password)).toBe(PASSWORD)
  })
})

describe('§5.3 zero-config registrar worked example', () => {
  const random = bytes('0df20e533090b0769841aa682fc7ae8d')
  const sign = bytes('00112233445566778899aabbccddeeff01234567')

  it('derives the key and ciphertext from the enrollee random', () => {
    expect(hex(registrarKey(PRODUCT_SECRET, random))).toBe('fb1fe6907531391b5b8f32f25e918d2f')
    expect(hex(encryptPasswordCfb(PRODUCT_SECRET, random, new TextEncoder().encode(PASSWORD)))).toBe('6d1afabad6c17c96')
  })

  it('builds the full frame: 42-byte template + registrar IE + 3f84109e', () => {
    const source = bytes('28c2dd616883')
    const ie = unwrap(buildRegistrarIe({ sign, ssid: SSID, password: PASSWORD, bssid: BSSID, enrolleeRandom: random, productSecret: PRODUCT_SECRET }))
    const frame = unwrap(buildZeroConfigProbeRequest(source, ie))
    const template42 = '40000000ffffffffffff' + '28c2dd616883' + 'ffffffffffff' + 'c079' + '0000' + '010882848b968c9298a4' + '3204b048606c'
    expect(hex(frame)).toBe(template42 + 'dd31d896e0ab0114' + hex(sign) + '01064d7957694669086d1afabad6c17c96112233445566' + '3f84109e')
    // The enrollee starts its IE search at byte 36: the ExtRates IE.
    expect(frame[36]).toBe(0x32)
    const accepted = unwrap(enrolleeAcceptRegistrarFrame(frame.subarray(0, frame.length - 4), { ownSign: sign, productSecret: PRODUCT_SECRET, random }))
    expect(text(accepted.ssid.bytes)).toBe(SSID)
    expect(text(accepted.password)).toBe(PASSWORD)
    expect(hex(accepted.bssid)).toBe('112233445566')
  })
})

describe('§6 dev-ap worked example', () => {
  const random = bytes('00112233445566778899aabbccddeeff')
  const token = bytes('0f0e0d0c0b0a09080706050403020100')

  it('encrypts the password to the documented passwd hex', () => {
    const request = unwrap(buildSwitchApRequest({ id: 123, ssid: SSID, password: PASSWORD, productSecret: PRODUCT_SECRET, random, token, bssid: BSSID }))
    const params = JSON.parse(request.json).params
    expect(params.passwd).toBe('433f7a2c1e6e47de3f9e85f06fe8ace3')
    expect(params.random).toBe('00112233445566778899aabbccddeeff')
    expect(params.ssid).toBe(SSID)
  })

  it('is accepted by the device-side handler with exactly those values', () => {
    const request = unwrap(buildSwitchApRequest({ id: 123, ssid: SSID, password: PASSWORD, productSecret: PRODUCT_SECRET, random, token, bssid: BSSID }))
    const decision = handleSwitchApRequest(request.json, { productSecret: PRODUCT_SECRET })
    if (decision.reply !== 'ok') expect.fail(`device refused: ${JSON.stringify(decision)}`)
    expect(decision.code).toBe(200)
    expect(text(decision.ssid)).toBe(SSID)
    expect(text(decision.password)).toBe(PASSWORD)
    expect(hex(decision.bssid)).toBe('112233445566')
    expect(hex(decision.token ?? new Uint8Array())).toBe(hex(token))
  })
})
