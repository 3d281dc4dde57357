import { describe, expect, it } from 'vitest'
import {
  decode80211,
  decodeSsidText,
  parseInformationElements,
  type DecodedIe,
  type InformationElement,
} from '../../../../main/codec/ieee80211/index.js'

const hex = (text: string) => Uint8Array.from(text.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)))

function decodeOne(bytes: Uint8Array): InformationElement {
  const list = parseInformationElements(bytes, 0, bytes.length)
  expect(list.malformed).toBeUndefined()
  expect(list.ies).toHaveLength(1)
  return list.ies[0]
}

function kind<K extends DecodedIe['kind']>(ie: InformationElement, k: K): Extract<DecodedIe, { kind: K }> {
  expect(ie.error).toBeUndefined()
  expect(ie.decoded.kind).toBe(k)
  return ie.decoded as Extract<DecodedIe, { kind: K }>
}

// PROTOCOLS-awss.md section 5.1: the 46-byte probe request template both zero-config roles transmit.
const TEMPLATE_HEADER = hex('4000 0000 ffffffffffff 02a0b0c0d0e0 ffffffffffff c079')
const TEMPLATE_IES = hex('0000 0108 82848b968c929 8a4 3204 b048606c'.replace(/ /g, ''))
const DUMMY_FCS = hex('3f84109e')

describe('zero-config vendor elements (PROTOCOLS-awss.md section 5)', () => {
  // Section 5.3 worked example: registrar IE after the 42-byte template, then the 4 dummy FCS bytes.
  const sign = hex('000102030405060708090a0b0c0d0e0f10111213')
  const registrarIe = hex(`dd31d896e0ab0114${'000102030405060708090a0b0c0d0e0f10111213'}01064d7957694669086d1afabad6c17c96112233445566`)
  const frame = Uint8Array.from([...TEMPLATE_HEADER, ...TEMPLATE_IES, ...registrarIe, ...DUMMY_FCS])

  it('the worked-example registrar frame decodes with the fields named as in section 5.3', () => {
    expect(TEMPLATE_HEADER.length + TEMPLATE_IES.length).toBe(42)
    const decoded = decode80211(frame, { fcsAtEnd: true })
    expect(decoded.malformed).toBeUndefined()
    expect(decoded.kindName).toBe('Probe Request')
    expect(decoded.fcs?.ok).toBe(false) // the template's FCS bytes are a placeholder
    // The enrollee searches for the registrar IE from byte 36: the ExtRates element must start there.
    expect(decoded.ies!.map((ie) => ie.offset)).toEqual([24, 26, 36, 42])
    expect(decoded.vendorIes).toEqual([{ oui: 'd8:96:e0', type: 0xab }])
    const ie = kind(decoded.ies![3], 'alibaba-registrar')
    expect(ie).toEqual({
      kind: 'alibaba-registrar',
      verDevtype: 0x01,
      sign: '000102030405060708090a0b0c0d0e0f10111213',
      frameType: 0x01,
      ssid: 'MyWiFi',
      ssidBytes: new TextEncoder().encode('MyWiFi'),
      passwd: '6d1afabad6c17c96',
      bssid: '11:22:33:44:55:66',
    })
    expect(sign.length).toBe(20)
  })

  it('the ESL extension (token, token type, region id) is decoded when present', () => {
    const body = hex(`d896e0ab 01 00 01 00 00 112233445566 03aabbcc 01 07`)
    const ie = kind(decodeOne(Uint8Array.from([0xdd, body.length, ...body])), 'alibaba-registrar')
    expect([ie.sign, ie.ssid, ie.passwd, ie.token, ie.tokenType, ie.regionId]).toEqual(['', '', '', 'aabbcc', 1, 7])
  })

  it('an enrollee IE (section 5.2) decodes; its total length is 50 + dn_len + pk_len', () => {
    const random = '0df20e533090b0769841aa682fc7ae8d'
    const sign = 'a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3'
    const value = hex(`d896e0aa 01 05${Buffer.from('dev-1').toString('hex')} 00 0b${Buffer.from('a1b2c3d4e5f').toString('hex')} 10${random} 03 00 14${sign}`)
    const bytes = Uint8Array.from([0xdd, value.length, ...value])
    expect(bytes.length).toBe(50 + 5 + 11)
    expect(kind(decodeOne(bytes), 'alibaba-enrollee')).toEqual({
      kind: 'alibaba-enrollee',
      verDevtype: 1,
      deviceName: 'dev-1',
      deviceNameBytes: new TextEncoder().encode('dev-1'),
      frameType: 0,
      productKey: 'a1b2c3d4e5f',
      random,
      security: 3,
      signMethod: 0,
      sign,
    })
  })

  it('a mode-switch IE (section 5.5) decodes; pk_len 0 means any product', () => {
    const value = hex('d896e0ac 01 02 00 3c 06 00')
    expect(kind(decodeOne(Uint8Array.from([0xdd, value.length, ...value])), 'alibaba-mode-switch')).toEqual({
      kind: 'alibaba-mode-switch',
      verDevtype: 1,
      frameType: 2,
      switchToMode: 0,
      switchTimeout: 0x3c,
      apChannel: 6,
      productKey: '',
    })
  })

  it('a truncated enrollee IE is kept raw with the offset where its fields ran out', () => {
    const value = hex('d896e0aa 01 09 6465')
    const ie = decodeOne(Uint8Array.from([0xdd, value.length, ...value]))
    expect(ie.decoded.kind).toBe('raw')
    expect(ie.error).toEqual({ reason: expect.stringContaining('enrollee'), offset: 8 }) // where the 9 name bytes should be
  })
})

describe('WPS and P2P vendor elements', () => {
  it('keeps the WPS Device Name (0x1011) as raw bytes: the P2P smart-config carrier (section 4 example)', () => {
    const deviceName = hex('26 0819334869 48 6f1777430821020a0f01 0b38')
    const value = Uint8Array.from([0x00, 0x50, 0xf2, 0x04, 0x10, 0x4a, 0, 1, 0x10, 0x10, 0x11, 0, deviceName.length, ...deviceName])
    const wps = kind(decodeOne(Uint8Array.from([0xdd, value.length, ...value])), 'wps')
    expect(wps.attributes.map((a) => [a.id, a.name, a.length])).toEqual([
      [0x104a, 'Version', 1],
      [0x1011, 'Device Name', deviceName.length],
    ])
    expect(wps.deviceName).toEqual(deviceName)
    expect(wps.attributes[1].offset).toBe(2 + 4 + 5)
  })

  it('lists P2P attributes (1-byte id, little-endian length)', () => {
    const value = hex('506f9a09 02 0200 2500 0d 0300 aabbcc')
    const p2p = kind(decodeOne(Uint8Array.from([0xdd, value.length, ...value])), 'p2p')
    expect(p2p.attributes.map((a) => [a.id, a.name, Array.from(a.value)])).toEqual([
      [2, 'P2P Capability', [0x25, 0x00]],
      [13, 'P2P Device Info', [0xaa, 0xbb, 0xcc]],
    ])
  })

  it('flags a WPS attribute that runs past the element', () => {
    const value = hex('0050f204 1011 0010 4142')
    expect(decodeOne(Uint8Array.from([0xdd, value.length, ...value])).error?.reason).toContain('0x1011')
  })
})

describe('RSN, WPA and WMM', () => {
  it('decodes a WPA2-PSK CCMP RSN element with capabilities', () => {
    const rsn = kind(decodeOne(hex('30 14 0100 000fac04 0100 000fac04 0100 000fac02 0c00')), 'rsn')
    expect([rsn.version, rsn.groupCipher?.name, rsn.pairwiseCiphers.map((c) => c.name), rsn.akms.map((c) => c.name), rsn.capabilities]).toEqual([
      1,
      'CCMP-128',
      ['CCMP-128'],
      ['PSK'],
      0x000c,
    ])
  })

  it('decodes a WPA3 transition element with PMKIDs and a group management cipher', () => {
    const rsn = kind(decodeOne(hex(`30 2e 0100 000fac04 0100 000fac04 0200 000fac02 000fac08 c000 0100 ${'11'.repeat(16)} 000fac06`)), 'rsn')
    expect(rsn.akms.map((a) => a.name)).toEqual(['PSK', 'SAE'])
    expect(rsn.pmkids).toEqual(['11'.repeat(16)])
    expect(rsn.groupManagementCipher?.name).toBe('BIP-CMAC-128')
  })

  it('flags a suite count that promises more than the element holds', () => {
    const ie = decodeOne(hex('30 0a 0100 000fac04 0500 000f'))
    expect(ie.decoded.kind).toBe('raw')
    expect(ie.error).toEqual({ reason: expect.stringContaining('count 5'), offset: 8 })
  })

  it('decodes the WPA vendor element with TKIP names from its own OUI', () => {
    const wpa = kind(decodeOne(hex('dd 16 0050f201 0100 0050f202 0100 0050f202 0100 0050f202')), 'wpa')
    expect([wpa.groupCipher?.name, wpa.pairwiseCiphers[0].name, wpa.akms[0].name]).toEqual(['TKIP', 'TKIP', 'PSK'])
  })

  it('decodes WMM parameter elements with their four AC records', () => {
    const wmm = kind(decodeOne(hex('dd 18 0050f202 01 01 80 00 03a40000 27a40000 42435e00 62322f00')), 'wmm')
    expect(wmm.acParameters?.map((a) => [a.aci, a.aifsn, a.ecwMin, a.ecwMax, a.txopLimit])).toEqual([
      [0, 3, 4, 10, 0],
      [1, 7, 4, 10, 0],
      [2, 2, 3, 4, 94],
      [3, 2, 2, 3, 47],
    ])
  })
})

describe('standard elements', () => {
  it('rates: basic flags, 500 kbit/s units and BSS membership selectors', () => {
    const rates = kind(decodeOne(hex('01 05 82 84 0c ff fa')), 'rates')
    expect(rates.rates).toEqual([
      { basic: true, kbps: 1000 },
      { basic: true, kbps: 2000 },
      { basic: false, kbps: 6000 },
      { basic: true, selector: 127 },
      { basic: true, selector: 122 },
    ])
  })

  it('DS parameter, TIM and country', () => {
    expect(kind(decodeOne(hex('03 01 0b')), 'ds-parameter').channel).toBe(11)
    expect(kind(decodeOne(hex('05 04 00 03 01 80')), 'tim')).toMatchObject({ dtimCount: 0, dtimPeriod: 3, bitmapControl: 1 })
    const country = kind(decodeOne(hex('07 06 434e20 010d14')), 'country')
    expect([country.code, country.triplets]).toEqual(['CN', [{ firstChannel: 1, channelCount: 13, maxTxPowerDbm: 20 }]])
  })

  it('HT capabilities and operation summaries', () => {
    const caps = kind(decodeOne(hex(`2d 1a 6e00 17 ffff0000 000000000000 0000 00 000000 0000 00000000 00`)), 'ht-capabilities')
    expect([caps.width40, caps.shortGi20, caps.shortGi40, caps.greenfield, caps.spatialStreams, caps.rxMcs.length]).toEqual([
      true,
      true,
      true,
      false,
      2,
      16,
    ])
    const op = kind(decodeOne(hex(`3d 16 06 07 0400 0000 ${'00'.repeat(16)}`)), 'ht-operation')
    expect([op.primaryChannel, op.secondaryChannelOffset, op.staChannelWidthAny, op.nonGreenfieldPresent]).toEqual([6, 3, true, true])
  })

  it('VHT capabilities and operation summaries', () => {
    const caps = kind(decodeOne(hex('bf 0c 72 08 80 0f fa ff 00 00 fa ff 00 00')), 'vht-capabilities')
    expect([caps.maxMpduLength, caps.shortGi80, caps.suBeamformee, caps.spatialStreams]).toEqual([11454, true, false, 2])
    const op = kind(decodeOne(hex('c0 05 01 2a 00 fcff')), 'vht-operation')
    expect([op.channelWidth, op.centerSegment0, op.basicMcsMap]).toEqual([1, 42, 0xfffc])
  })

  it('reports a too-short fixed-size element on the element only', () => {
    const ie = decodeOne(hex('2d 02 0000'))
    expect(ie.decoded.kind).toBe('raw')
    expect(ie.error?.reason).toContain('needs 26')
  })

  it('keeps unknown elements and element-ID extensions raw, with offsets and lengths', () => {
    const list = parseInformationElements(hex('aa aa 99 02 0102 ff 03 23 0405'), 2, 11)
    expect(list.ies.map((ie) => [ie.id, ie.extId, ie.offset, ie.length, Array.from(ie.raw), ie.decoded.kind])).toEqual([
      [0x99, undefined, 2, 2, [1, 2], 'raw'],
      [255, 0x23, 6, 3, [0x23, 4, 5], 'raw'],
    ])
  })

  it('never reads past the buffer, whatever end it is given', () => {
    const list = parseInformationElements(hex('00 04 4142'), 0, 100)
    expect(list.ies).toHaveLength(0)
    expect(list.malformed?.offset).toBe(0)
  })

  it('reports a cut element list with the offset of the element that overruns', () => {
    const list = parseInformationElements(hex('00 02 4142 dd 10 0050'), 0, 8)
    expect(list.ies).toHaveLength(1)
    expect(list.malformed).toEqual({ reason: expect.stringContaining('element 221 claims 16 bytes'), offset: 4 })
    expect(parseInformationElements(hex('00 00 07'), 0, 3).malformed?.offset).toBe(2)
  })
})

describe('SSID display', () => {
  it.each([
    ['ASCII', new TextEncoder().encode('Lab AP'), 'Lab AP', 'ascii'],
    ['UTF-8', new TextEncoder().encode('咖啡店 Wi-Fi'), '咖啡店 Wi-Fi', 'utf-8'],
    ['GBK', hex('cec4bcfed2d1b1a3b4e6'), '文件已保存', 'gbk'],
    ['neither (escaped hex)', hex('ff fe 41 80'), '\\xff\\xfeA\\x80', 'hex'],
    ['control characters escaped', hex('00 00 41 5c'), '\\x00\\x00A\\\\', 'ascii'],
    ['empty (hidden network)', new Uint8Array(0), '', 'ascii'],
  ])('%s', (_, bytes, text, encoding) => {
    expect(decodeSsidText(bytes)).toEqual({ text, encoding })
  })

  it('a lone GBK lead byte is not GBK', () => {
    expect(decodeSsidText(hex('41 c4')).encoding).toBe('hex')
  })
})
