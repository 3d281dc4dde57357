import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildWpsIe, encodeP2pDeviceName, findWpsDeviceName } from '../../../../main/codec/awss/p2p'
import { buildEnrolleeIe, buildRegistrarIe, buildZeroConfigProbeRequest } from '../../../../main/codec/awss/zero-config'
import { CAPTURES_DIR, PRODUCT_SECRET, bytes, hex, sharedFileAvailable, unwrap } from './helpers'

// Wireshark's dissectors as an independent reader of the frames we build, and real captures as peer data for the
// WPS attribute walk. Without tshark these tests skip (and fail under CI).

const tsharkPresent = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0
if (!tsharkPresent && process.env.CI === 'true') throw new Error('tshark is required under CI for the AWSS oracle tests')

type RawField = [hex: string, offset: number, length: number]

function tsharkRaw(file: string, field: string, filter?: string): RawField[][] {
  const args = ['-r', file, '-T', 'json', '-x', '--no-duplicate-keys', ...(filter ? ['-Y', filter] : [])]
  const run = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (run.status !== 0) throw new Error(`tshark failed: ${run.stderr}`)
  const packets = JSON.parse(run.stdout) as unknown[]
  return packets.map((packet) => {
    const found: RawField[] = []
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk)
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === `${field}_raw` && Array.isArray(value)) {
            if (Array.isArray(value[0])) for (const v of value) found.push(v as RawField)
            else found.push(value as RawField)
          } else {
            walk(value)
          }
        }
      }
    }
    walk(packet)
    return found
  })
}

const workDir = mkdtempSync(join(tmpdir(), 'awss-oracle-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

/** Classic pcap, linktype 105 (IEEE 802.11 without radiotap), one record per frame. */
function writePcap(name: string, frames: Uint8Array[]): string {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt16LE(2, 4)
  header.writeUInt16LE(4, 6)
  header.writeUInt32LE(65535, 16)
  header.writeUInt32LE(105, 20)
  const records = frames.map((frame, i) => {
    const record = Buffer.alloc(16)
    record.writeUInt32LE(i, 0)
    record.writeUInt32LE(frame.length, 8)
    record.writeUInt32LE(frame.length, 12)
    return Buffer.concat([record, frame])
  })
  const path = join(workDir, name)
  writeFileSync(path, Buffer.concat([header, ...records]))
  return path
}

describe.runIf(tsharkPresent)('tshark reads the frames we build', () => {
  it('a p2p probe request: WPS Device Name equals our attribute value', () => {
    const value = unwrap(encodeP2pDeviceName({ ssid: 'MyWiFi', password: '12345678', productSecret: PRODUCT_SECRET })).value
    const frame = unwrap(buildZeroConfigProbeRequest(bytes('02aabbccddee'), unwrap(buildWpsIe(value))))
    const file = writePcap('p2p.pcap', [frame.subarray(0, frame.length - 4)])
    const [names] = tsharkRaw(file, 'wps.device_name')
    expect(names.map(([h]) => h)).toEqual(['260819334869486f1777430821020a0f010b38'])
  })

  it('the §5.3 registrar frame: tags at 24, 26, 36 and the Alibaba vendor IE at 42', () => {
    const sign = bytes('00112233445566778899aabbccddeeff01234567')
    const random = bytes('0df20e533090b0769841aa682fc7ae8d')
    const ie = unwrap(buildRegistrarIe({ sign, ssid: 'MyWiFi', password: '12345678', bssid: bytes('112233445566'), enrolleeRandom: random, productSecret: PRODUCT_SECRET }))
    const enrollee = unwrap(buildEnrolleeIe({ deviceName: 'lamp-01', productKey: 'a1B2c3D4e5F', random, secret: PRODUCT_SECRET }))
    const frames = [ie, enrollee].map((vendorIe) => {
      const frame = unwrap(buildZeroConfigProbeRequest(bytes('28c2dd616883'), vendorIe))
      return frame.subarray(0, frame.length - 4)
    })
    const file = writePcap('zero-config.pcap', frames)
    const tags = tsharkRaw(file, 'wlan.tag')
    for (const [i, vendorIe] of [ie, enrollee].entries()) {
      expect(tags[i].map(([, offset, length]) => [offset, length])).toEqual([
        [24, 2],
        [26, 10],
        [36, 6],
        [42, vendorIe.length],
      ])
      expect(tags[i][3][0]).toBe(hex(vendorIe))
    }
    const types = tsharkRaw(file, 'wlan.tag.vendor.oui.type').map((fields) => fields.map(([h]) => h))
    expect(types).toEqual([['ab'], ['aa']])
  })
})

describe.runIf(tsharkPresent && sharedFileAvailable(CAPTURES_DIR))('real captures: the WPS attribute walk agrees with Wireshark', () => {
  for (const capture of ['aircrack-ng__test__test1.pcap', 'tcpdump__tests__ieee802.11_meshid.pcap']) {
    it(capture, () => {
      const file = join(CAPTURES_DIR, capture)
      const names = tsharkRaw(file, 'wps.device_name', 'wps.device_name')
      const tags = tsharkRaw(file, 'wlan.tag', 'wps.device_name')
      expect(names.length).toBeGreaterThan(0)
      names.forEach((packetNames, i) => {
        const wpsIes = tags[i].map(([h]) => bytes(h)).filter((t) => t[0] === 0xdd && hex(t.subarray(2, 6)) === '0050f204')
        expect(wpsIes).toHaveLength(1)
        expect(hex(unwrap(findWpsDeviceName(wpsIes[0])))).toBe(packetNames[0][0])
      })
    })
  }
})
