import fc from 'fast-check'
import { PNG } from 'pngjs'
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { completeBindToken } from '../../../main/codec/awss/bind-token'
import { buildQrPayload, maskQrPayload, normalizeBssid, parseQrPayload, validateQrFields } from '../../../main/codec/awss/qr-payload'
import { decodeQrImage } from '../../../main/lab/devices/webcam-camera'

describe('webcam-config QR payload', () => {
  it('is the seed JSON with keys in the seed order v, s, p, b, t', () => {
    expect(buildQrPayload({ ssid: 'Router', password: '12345678', bssidHex: 'EC26CAB68CC0', tokenHex: '93DAB7' })).toBe(
      '{"v":"Ali_1","s":"Router","p":"12345678","b":"EC26CAB68CC0","t":"93DAB7"}',
    )
  })

  it("rejects the seed's own 11-digit BSSID with a message that says so", () => {
    const result = normalizeBssid('EC26CAB68CC')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toBe('BSSID must be 12 hex digits (6 bytes); "EC26CAB68CC" has 11.')
    expect(normalizeBssid('ec:26:ca:b6:8c:c0')).toEqual({ ok: true, value: 'EC26CAB68CC0' })
  })

  it('checks SSID 1..32 bytes and password 0..64 bytes in UTF-8', () => {
    expect(validateQrFields({ ssid: '', password: '', bssid: 'EC26CAB68CC0' })[0].field).toBe('ssid')
    expect(validateQrFields({ ssid: '实验室网络实验室网络实', password: '', bssid: 'EC26CAB68CC0' })[0].message).toMatch(/33/)
    expect(validateQrFields({ ssid: 'a', password: 'x'.repeat(65), bssid: 'EC26CAB68CC0' })[0].field).toBe('password')
    expect(validateQrFields({ ssid: 'a'.repeat(32), password: 'x'.repeat(64), bssid: 'EC26CAB68CC0' })).toEqual([])
  })

  it('masks the password for display', () => {
    const masked = maskQrPayload({ ssid: 'LabNet', password: 'provbench-lab', bssidHex: '02001A000001', tokenHex: 'ABCDEF' })
    expect(masked).not.toContain('provbench-lab')
    expect(JSON.parse(masked)).toMatchObject({ v: 'Ali_1', s: 'LabNet', b: '02001A000001', t: 'ABCDEF' })
  })

  it('survives the round trip through a rendered PNG and a real QR decoder, Chinese SSIDs included', async () => {
    const fields = { ssid: '实验室-LabNet', password: '密码 provbench', bssidHex: '02001A000001', tokenHex: '0A1B2C' }
    const png = await QRCode.toBuffer(buildQrPayload(fields), { errorCorrectionLevel: 'M', scale: 6, margin: 4, type: 'png' })
    expect(PNG.sync.read(png).width).toBeGreaterThan(150)
    const text = decodeQrImage(new Uint8Array(png))
    expect(parseQrPayload(text!)).toEqual({ ok: true, value: fields })
  })

  it('parses hostile text into a clear error, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (text) => {
        const result = parseQrPayload(text)
        if (!result.ok) expect(result.error.reason.length).toBeGreaterThan(0)
      }),
      { numRuns: 500 },
    )
    expect(parseQrPayload('{"v":"Ali_1","s":"a","p":"b","b":"EC26CAB68CC"}').ok).toBe(false)
  })

  it('computes the §8 bind token SHA-256(bssid6 || random3 || password)[:16]', () => {
    const token = completeBindToken(Buffer.from('93DAB7', 'hex'), Buffer.from('EC26CAB68CC0', 'hex'), new TextEncoder().encode('12345678'))!
    const { createHash } = require('node:crypto') as typeof import('node:crypto')
    const expected = createHash('sha256').update(Buffer.from('EC26CAB68CC093DAB7', 'hex')).update('12345678').digest().subarray(0, 16)
    expect(Buffer.from(token).equals(expected)).toBe(true)
    expect(completeBindToken(new Uint8Array(16).fill(1), undefined, new Uint8Array())).toEqual(new Uint8Array(16).fill(1))
    expect(completeBindToken(new Uint8Array(0), undefined, new Uint8Array())).toBeUndefined()
  })
})
