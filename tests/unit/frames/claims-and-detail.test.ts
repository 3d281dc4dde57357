import { describe, expect, it } from 'vitest'
import { encodeP2pDeviceName } from '../../../main/codec/awss/index.js'
import { ssidElement } from '../../../main/codec/ieee80211/index.js'
import { frameDetail } from '../../../main/frames/frame-detail'
import { FrameStore } from '../../../main/frames/frame-store'
import type { FrameDetailNode } from '../../../preload/contract'
import { beacon, dataFrame, enrolleeProbe, must, P2P_WORKED_EXAMPLE, packet, probeRequest, withRadiotap, wpsProbe } from './packets'

function* walk(nodes: FrameDetailNode[]): Generator<FrameDetailNode> {
  for (const node of nodes) {
    yield node
    if (node.children) yield* walk(node.children)
  }
}

const bytesOf = (hex: string, node: FrameDetailNode) => hex.slice(node.offset! * 2, (node.offset! + node.length!) * 2)

function stored(...packets: Uint8Array[]) {
  const store = new FrameStore({ limit: 100 })
  for (const p of packets) store.append(packet(p))
  return store
}

describe('provisioning claims', () => {
  it('claims the zero-config enrollee probe and annotates each IE field at its bytes', () => {
    const store = stored(withRadiotap(enrolleeProbe()))
    const detail = frameDetail(store, 0)!
    expect(detail.row.claims).toEqual(['zero-config'])
    const awss = detail.tree.find((n) => n.label === 'Provisioning (AWSS)')!
    const ie = [...walk(awss.children!)].find((n) => n.label.startsWith('Zero-config enrollee IE'))!
    // The annotated range is the vendor IE itself: DD len D8 96 E0 AA ...
    expect(bytesOf(detail.hex, ie).slice(0, 2)).toBe('dd')
    expect(bytesOf(detail.hex, ie).slice(4, 12)).toBe('d896e0aa')
    const name = ie.children!.find((n) => n.label === 'Device name')!
    expect(name.value).toBe('6 bytes: "dev001"')
    expect(Buffer.from(bytesOf(detail.hex, name), 'hex').subarray(1).toString()).toBe('dev001')
    const pk = ie.children!.find((n) => n.label === 'Product key')!
    expect(Buffer.from(bytesOf(detail.hex, pk), 'hex').subarray(1).toString()).toBe('a1b2c3d4e5f')
    expect(ie.children!.find((n) => n.label === 'Sign')!.length).toBe(21)
  })

  it('claims the §4 worked example p2p Device Name, and decodes it in the annotation', () => {
    const store = stored(withRadiotap(wpsProbe(P2P_WORKED_EXAMPLE)))
    const detail = frameDetail(store, 0)!
    expect(detail.row.claims).toEqual(['smart-config-p2p'])
    const p2p = [...walk(detail.tree)].find((n) => n.label.startsWith('Smart-config p2p: SSID'))!
    expect(p2p.value).toContain('"MyWiFi"')
    expect(bytesOf(detail.hex, p2p)).toBe(Buffer.from(P2P_WORKED_EXAMPLE).toString('hex'))
    const checksum = p2p.children!.find((n) => n.label === 'Checksum v3')!
    expect(bytesOf(detail.hex, checksum)).toBe('0b38')
    // The WPS attribute nodes of the element list point at their own headers too.
    const attribute = [...walk(detail.tree)].find((n) => n.label.toLowerCase().includes('device name') && n.offset !== undefined && n !== p2p && !n.label.startsWith('Smart'))!
    expect(bytesOf(detail.hex, attribute).slice(0, 4)).toBe('1011')
  })

  it('claims a p2p frame the codec encodes, but not an ordinary phone WPS probe or a broken checksum', () => {
    const encoded = must(encodeP2pDeviceName({ ssid: 'LabNet', password: 'provbench-lab', productSecret: 'abcdefghijklmnop' }))
    const broken = P2P_WORKED_EXAMPLE.slice()
    broken[broken.length - 1] ^= 1
    const store = stored(withRadiotap(wpsProbe(encoded.value)), withRadiotap(wpsProbe(new TextEncoder().encode('Phone-01'))), withRadiotap(wpsProbe(broken)))
    expect([0, 1, 2].map((i) => frameDetail(store, i)!.row.claims)).toEqual([['smart-config-p2p'], [], []])
    expect(store.provisioning).toBe(1)
  })

  it('claims dev-AP hotspot beacons (adh_<productKey>_<MAC tail>) and nothing ordinary', () => {
    const store = stored(
      withRadiotap(beacon('02:00:00:dd:ee:ff', 'adh_a1b2c3d4e5f_DDEEFF', 6)),
      withRadiotap(beacon('02:00:00:00:00:01', 'LabNet', 6)),
      withRadiotap(probeRequest('02:00:00:00:00:09', 'adh_x')),
      withRadiotap(dataFrame('02:00:00:00:00:09', '02:00:00:00:00:01', '02:00:00:00:00:01')),
    )
    expect([0, 1, 2, 3].map((i) => frameDetail(store, i)!.row.claims)).toEqual([['dev-ap-ssid'], [], [], []])
    const note = [...walk(frameDetail(store, 0)!.tree)].find((n) => n.label.startsWith('Dev-AP hotspot of'))!
    expect(note.value).toBe('product key a1b2c3d4e5f, MAC ends DD:EE:FF')
    expect(Buffer.from(bytesOf(frameDetail(store, 0)!.hex, note), 'hex').subarray(2).toString()).toBe('adh_a1b2c3d4e5f_DDEEFF')
  })
})

describe('detail tree', () => {
  it('every node with a range points at the bytes it names (radiotap, header fields, IEs, FCS)', () => {
    const store = stored(withRadiotap(beacon('02:00:00:00:00:01', 'LabNet', 11, [ssidElement('second')]), { fcs: true, freqMHz: 2462, dbmSignal: -42 }))
    const detail = frameDetail(store, 0)!
    const all = [...walk(detail.tree)]
    const radiotap = all.find((n) => n.label === 'Radiotap header')!
    expect(bytesOf(detail.hex, radiotap).slice(0, 2)).toBe('00')
    const signal = all.find((n) => n.label === 'dbm_antsignal')!
    expect(signal.value).toBe('-42')
    expect(bytesOf(detail.hex, signal)).toBe((256 - 42).toString(16))
    expect(all.find((n) => n.label === 'flags')!.value).toBe('raw=16, fcsAtEnd')
    const bssid = all.find((n) => n.label === 'Address 3 (BSSID)')!
    expect(bytesOf(detail.hex, bssid)).toBe('020000000001')
    const ssid = all.find((n) => n.label === 'SSID' && n.value === '"LabNet"')!
    expect(bytesOf(detail.hex, ssid)).toBe(`0006${Buffer.from('LabNet').toString('hex')}`)
    const ds = all.find((n) => n.label === 'DS parameter set')!
    expect(ds.value).toBe('channel 11')
    expect(bytesOf(detail.hex, ds)).toBe('03010b')
    const fcs = all.find((n) => n.label === 'Frame check sequence')!
    expect(fcs.value).toMatch(/correct/)
    expect(fcs.offset! + fcs.length!).toBe(detail.row.length)
    const interval = all.find((n) => n.label === 'Beacon interval')!
    expect(bytesOf(detail.hex, interval)).toBe('6400')
  })

  it('data frames resolve the address roles from ToDS/FromDS', () => {
    const store = stored(withRadiotap(dataFrame('02:00:00:00:00:09', '02:00:00:00:00:07', '02:00:00:00:00:01')))
    const labels = [...walk(frameDetail(store, 0)!.tree)].filter((n) => n.label.startsWith('Address')).map((n) => `${n.label}=${n.value}`)
    expect(labels).toEqual(['Address 1 (BSSID / receiver)=02:00:00:00:00:01', 'Address 2 (source / transmitter)=02:00:00:00:00:09', 'Address 3 (destination)=02:00:00:00:00:07'])
  })
})
