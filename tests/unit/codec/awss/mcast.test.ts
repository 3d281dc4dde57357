import fc from 'fast-check'
import iconv from 'iconv-lite'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checksumV5 } from '../../../../main/codec/awss/checksum'
import { McastAssembler, decodeMcastData, encodeMcast, multicastMacForGroup } from '../../../../main/codec/awss/mcast'
import { PRODUCT_SECRET, bytes, errorOf, hex, text, unwrap } from './helpers'

const BSSID = '11:22:33:44:55:66'

function deliver(assembler: McastAssembler, macs: Array<string | Uint8Array>, order: number[] = macs.map((_, i) => i)) {
  return order.map((i) => assembler.push({ destination: macs[i], bssid: BSSID }))
}

describe('mcast encoder and assembler round trips', () => {
  it.each([
    ['ASCII SSID with token', 'MyWiFi', 'hunter22', bytes('010203')],
    ['UTF-8 Chinese SSID', '我的网络', '12345678', bytes('a0b1c2')],
    ['empty password, no token', 'Open', '', undefined],
    ['32-byte SSID, 64-byte password', 'S'.repeat(32), 'p'.repeat(64), bytes('ffeedd')],
  ])('%s', (_name, ssid, password, token) => {
    const encoding = unwrap(encodeMcast({ ssid, password, productSecret: PRODUCT_SECRET, token, bssid: BSSID }))
    const assembler = new McastAssembler({ productSecret: PRODUCT_SECRET })
    deliver(assembler, encoding.macs)
    const result = assembler.result
    expect(text(result?.ssid?.bytes)).toBe(ssid)
    expect(text(result?.password)).toBe(password)
    expect(hex(result?.appToken ?? new Uint8Array())).toBe(token ? hex(token) : '')
    if (token) {
      const expected = createHash('sha256').update(bytes('445566')).update(token).update(Buffer.from(password)).digest().subarray(0, 16)
      expect(result?.bindTokenHex).toBe(Buffer.from(expected).toString('hex').toUpperCase())
    } else {
      expect(result?.bindToken).toBeUndefined()
    }
  })

  it('carries a GBK SSID byte for byte', () => {
    const gbk = new Uint8Array(iconv.encode('我的网络', 'gbk'))
    const encoding = unwrap(encodeMcast({ ssid: gbk, password: '12345678', productSecret: PRODUCT_SECRET, bssid: BSSID }))
    const decoded = unwrap(decodeMcastData(encoding.data, PRODUCT_SECRET))
    expect(hex(decoded.ssid?.bytes ?? new Uint8Array())).toBe(hex(gbk))
    expect(decoded.ssid?.display).toBe('我的网络')
  })

  it('completes in any order and with repetitions', () => {
    const encoding = unwrap(encodeMcast({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, token: bytes('aabbcc'), bssid: BSSID }))
    fc.assert(
      fc.property(
        fc.array(fc.nat(encoding.macs.length - 1), { maxLength: 60 }),
        fc.shuffledSubarray([...encoding.macs.keys()], { minLength: encoding.macs.length, maxLength: encoding.macs.length }),
        (extra, all) => {
        const order = [...extra, ...all]
        const assembler = new McastAssembler({ productSecret: PRODUCT_SECRET })
        deliver(assembler, encoding.macs, order)
        expect(assembler.result?.bindTokenHex).toBe('D9499E45053FED161CEE1C3A074CD045')
        },
      ),
      { numRuns: 50 },
    )
  })

  it('maps multicast groups to MACs with the low 23 bits', () => {
    expect(hex(unwrap(multicastMacForGroup('239.13.206.0')))).toBe('01005e0dce00')
    expect(hex(unwrap(multicastMacForGroup('224.141.206.0')))).toBe('01005e0dce00')
    expect(multicastMacForGroup('10.0.0.1').ok).toBe(false)
  })

  it('omits the SSID when asked (flag bit 1 clear)', () => {
    const encoding = unwrap(encodeMcast({ password: '12345678', productSecret: PRODUCT_SECRET, bssid: BSSID }))
    expect(encoding.data[1] & 0x02).toBe(0)
    expect(unwrap(decodeMcastData(encoding.data, PRODUCT_SECRET)).ssid).toBeUndefined()
  })
})

describe('mcast capacity boundaries', () => {
  it('the largest legal message (32-byte SSID, 64-byte password, 16-byte token) is 122 bytes; a 17-byte token is refused', () => {
    // tlen = 2 + (1 + p) + (1 + t) + (1 + s) + (1 + 3) + 1 = 10 + p + t + s
    const fits = unwrap(encodeMcast({ ssid: 'S'.repeat(32), password: 'p'.repeat(64), productSecret: PRODUCT_SECRET, token: bytes('010203'), bssid: BSSID }))
    expect(fits.data[0]).toBe(109)
    const exact = unwrap(encodeMcast({ ssid: 'S'.repeat(32), password: 'p'.repeat(64), productSecret: PRODUCT_SECRET, token: new Uint8Array(16).fill(1), bssid: BSSID }))
    expect(exact.data[0]).toBe(122)
    const long = encodeMcast({ ssid: 'S'.repeat(32), password: 'p'.repeat(64), productSecret: PRODUCT_SECRET, token: new Uint8Array(17), bssid: BSSID })
    expect(errorOf(long).reason).toMatch(/token/)
  })

  it('the IK32 device takes pair index 63 (bytes 126-127); the ESL device stops at 62', () => {
    const ik32 = new McastAssembler()
    expect(ik32.push({ destination: '01:00:5e:3f:00:00' }).kind).toBe('stored')
    expect(ik32.push({ destination: '01:00:5e:40:00:00' }).kind).toBe('ignored')
    const esl = new McastAssembler({ variant: 'esl' })
    expect(esl.push({ destination: '01:00:5e:3e:00:00' }).kind).toBe('stored')
    expect(esl.push({ destination: '01:00:5e:3f:00:00' }).kind).toBe('ignored')
  })
})

describe('mcast device rules', () => {
  const encoding = unwrap(encodeMcast({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET, token: bytes('aabbcc'), bssid: BSSID }))

  it('ignores non-multicast destinations, payloads other than 1 byte, and other sources', () => {
    const assembler = new McastAssembler()
    expect(assembler.push({ destination: 'ff:ff:ff:ff:ff:ff' }).kind).toBe('ignored')
    expect(assembler.push({ destination: encoding.macs[0], payloadLength: 2 }).kind).toBe('ignored')
    expect(assembler.push({ destination: encoding.macs[0], source: 'a' }).kind).toBe('stored')
    expect(assembler.push({ destination: encoding.macs[1], source: 'b' })).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/interference/) })
  })

  it('reports whether the BSSID tail matches the frames', () => {
    const decoded = unwrap(decodeMcastData(encoding.data, PRODUCT_SECRET, bytes('aabbcc445566')))
    expect(decoded.bssidMatchesFrames).toBe(true)
    expect(unwrap(decodeMcastData(encoding.data, PRODUCT_SECRET, bytes('112233000000'))).bssidMatchesFrames).toBe(false)
  })

  it('refuses a wrong version, a bad checksum, overrunning fields and a wrong secret', () => {
    const version = [...encoding.data]
    version[1] = 0x87
    version[version.length - 1] = checksumV5(version.slice(0, -1))
    expect(errorOf(decodeMcastData(version)).kind).toBe('version')
    const crc = [...encoding.data]
    crc[5] ^= 0x40
    expect(errorOf(decodeMcastData(crc))).toMatchObject({ kind: 'checksum', checksum: { received: 206 } })
    const overrun = [...encoding.data]
    overrun[2] = 100
    expect(errorOf(decodeMcastData(overrun)).kind).toBe('layout')
    expect(errorOf(decodeMcastData(encoding.data, 'wrong-secret')).kind).toBe('password')
  })

  it('IK32 stops listening after a failed parse; ESL clears its table and listens again', () => {
    const broken = [...encoding.data]
    broken[20] ^= 1
    const macs = (data: number[]) =>
      Array.from({ length: Math.ceil(data.length / 2) }, (_, i) => Uint8Array.of(1, 0, 0x5e, i, data[2 * i], data[2 * i + 1] ?? 0))
    const ik32 = new McastAssembler({ productSecret: PRODUCT_SECRET })
    expect(deliver(ik32, macs(broken)).at(-1)?.kind).toBe('failed')
    expect(deliver(ik32, encoding.macs).every((e) => e.kind === 'ignored')).toBe(true)
    expect(ik32.result).toBeUndefined()
    const esl = new McastAssembler({ productSecret: PRODUCT_SECRET, variant: 'esl' })
    expect(deliver(esl, macs(broken)).at(-1)?.kind).toBe('failed')
    deliver(esl, encoding.macs)
    expect(esl.result?.bindTokenHex).toBe('D9499E45053FED161CEE1C3A074CD045')
  })
})

describe('mcast hostile input', () => {
  it('the data decoder never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 140 }), fc.option(fc.string({ maxLength: 12 }), { nil: undefined }), (data, secret) => {
        const result = decodeMcastData(data, secret, new Uint8Array(6))
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
    )
  })

  it('the assembler never throws on random destination MACs and strings', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ minLength: 0, maxLength: 8 }),
            fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })).map(([a, b, c]) => Uint8Array.of(1, 0, 0x5e, a, b, c)),
            fc.string({ maxLength: 20 }),
          ),
          { maxLength: 200 },
        ),
        fc.constantFrom<'ik32' | 'esl'>('ik32', 'esl'),
        (destinations, variant) => {
          const assembler = new McastAssembler({ productSecret: PRODUCT_SECRET, variant })
          for (const destination of destinations) expect(typeof assembler.push({ destination, bssid: BSSID }).kind).toBe('string')
        },
      ),
      { numRuns: 300 },
    )
  })
})
