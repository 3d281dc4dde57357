// Our 802.11 / radiotap decoder against tshark (and tcpdump's reference decodes) on peers' real captures,
// and on frames from our own builders, so that the builders are checked by a third party too.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  appendFcs,
  buildAssociationRequest,
  buildAssociationResponse,
  buildAuthentication,
  buildBeacon,
  buildControlFrame,
  buildDataFrame,
  buildDeauthentication,
  buildDisassociation,
  buildManagementFrame,
  buildProbeRequest,
  buildProbeResponse,
  buildRadiotap,
  decodePacket,
  decodeRadiotapFrame,
  dsParameterElement,
  element,
  meshIdElement,
  rateElements,
  rsnWpa2CcmpElement,
  ssidElement,
  toHex,
  vendorElement,
  type DecodedWifiFrame,
  type ElementSpec,
} from '../../main/codec/ieee80211/index.js'
import { buildEthernet, buildIpv4Udp, buildLlcSnapIpv4Udp } from '../../main/codec/ethernet/index.js'
import { createCaptureReader, writePcap, type PacketRecord } from '../../main/codec/pcapfile/index.js'
import { CAPTURES_DIR, prerequisites, tsharkFields, type TsharkFrame } from '../bench/lib/tshark.js'

const WLAN_FIELDS = [
  'frame.len',
  'frame.time_epoch',
  'wlan.fc.type_subtype',
  'wlan.ra',
  'wlan.ta',
  'wlan.sa',
  'wlan.da',
  'wlan.bssid',
  'wlan.ssid',
  'wlan.seq',
  'wlan.frag',
  'wlan.fc.protected',
  'wlan.fc.retry',
  'wlan.duration',
  'wlan.qos.tid',
  'wlan.tag.number',
  'wlan.tag.oui',
  'wlan.tag.vendor.oui.type',
  'wlan.ds.current_channel',
  'wlan.rsn.gcs.type',
  'wlan.rsn.pcs.type',
  'wlan.rsn.akms.type',
  'wlan.fcs.status',
  'radiotap.channel.freq',
  'radiotap.dbm_antsignal',
  'radiotap.antenna',
  'radiotap.flags.fcs',
  'radiotap.flags.badfcs',
  'radiotap.datarate',
  'radiotap.mactime',
  'wlan_radio.channel',
  'ip.src',
  'ip.dst',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
]

const prereq = prerequisites({ captures: true })
const first = (t: TsharkFrame, field: string) => t[field]?.[0]
const hexOui = (decimal: string) =>
  Number(decimal)
    .toString(16)
    .padStart(6, '0')
    .replace(/(..)(..)(..)/, '$1:$2:$3')

function readAll(bytes: Uint8Array, chunkSize: number): PacketRecord[] {
  const reader = createCaptureReader()
  const records: PacketRecord[] = []
  for (let at = 0; at < bytes.length; at += chunkSize) records.push(...reader.push(bytes.subarray(at, at + chunkSize)))
  records.push(...reader.end())
  return records
}

/** Differences between our decode and tshark's for one frame, as readable lines (empty = agree). */
function compareFrame(ours: DecodedWifiFrame, record: PacketRecord, t: TsharkFrame): string[] {
  const diffs: string[] = []
  const same = (what: string, mine: unknown, theirs: unknown) => {
    const text = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))
    if (text(mine) !== text(theirs)) diffs.push(`${what}: ours ${text(mine)} tshark ${text(theirs)}`)
  }
  same('frame.len', record.originalLength, Number(first(t, 'frame.len')))
  const epoch = first(t, 'frame.time_epoch')!
  const [sec, frac] = epoch.split('.')
  same('time', record.timestampNs, BigInt(sec) * 1_000_000_000n + BigInt((frac ?? '').padEnd(9, '0').slice(0, 9)))
  const ts = first(t, 'wlan.fc.type_subtype')
  same('type_subtype', ours.typeSubtype, ts === undefined ? undefined : parseInt(ts, 16))
  for (const role of ['ra', 'ta', 'sa', 'da', 'bssid'] as const) same(role, ours[role], first(t, `wlan.${role}`))
  // tshark prints an empty SSID as "<MISSING>" in field output.
  const theirSsid = first(t, 'wlan.ssid')
  same('ssid', ours.ssidBytes === undefined ? undefined : toHex(ours.ssidBytes), theirSsid === '<MISSING>' ? '' : theirSsid)
  same('seq', ours.seq, t['wlan.seq'] ? Number(first(t, 'wlan.seq')) : undefined)
  same('frag', ours.frag, t['wlan.frag'] ? Number(first(t, 'wlan.frag')) : undefined)
  same('protected', ours.fc?.protected, t['wlan.fc.protected'] ? first(t, 'wlan.fc.protected') === '1' : undefined)
  same('retry', ours.fc?.retry, t['wlan.fc.retry'] ? first(t, 'wlan.fc.retry') === '1' : undefined)
  if (t['wlan.duration']) same('duration', ours.duration, Number(first(t, 'wlan.duration')))
  same('qos.tid', ours.qos?.tid, t['wlan.qos.tid'] ? Number(first(t, 'wlan.qos.tid')) : undefined)
  // Data frames can carry elements too (EAPOL key data); tshark reports those with the same fields, so
  // element-level comparisons are made on management frames only.
  const management = ours.fc?.type === 0
  if (management && ours.ies) same('tag numbers', ours.ies.map((ie) => ie.id), (t['wlan.tag.number'] ?? []).map(Number))
  const theirVendors = (t['wlan.tag.oui'] ?? []).map((oui, i) => `${hexOui(oui)}/${t['wlan.tag.vendor.oui.type']?.[i]}`)
  if (management) same('vendor OUI:type', ours.vendorIes.map((v) => `${v.oui}/${v.type}`), theirVendors)
  same('DS channel', ours.channel, t['wlan.ds.current_channel'] ? Number(first(t, 'wlan.ds.current_channel')) : undefined)
  if (management && t['wlan.rsn.gcs.type']) {
    const rsnIe = ours.ies?.find((ie) => ie.decoded.kind === 'rsn')?.decoded
    same('rsn group', rsnIe?.kind === 'rsn' ? rsnIe.groupCipher?.type : undefined, Number(first(t, 'wlan.rsn.gcs.type')))
    same('rsn pairwise', rsnIe?.kind === 'rsn' ? rsnIe.pairwiseCiphers.map((c) => c.type) : undefined, (t['wlan.rsn.pcs.type'] ?? []).map(Number))
    same('rsn akms', rsnIe?.kind === 'rsn' ? rsnIe.akms.map((c) => c.type) : undefined, (t['wlan.rsn.akms.type'] ?? []).map(Number))
  }
  const fcsStatus = first(t, 'wlan.fcs.status')
  same('fcs ok', ours.fcs?.ok, fcsStatus === undefined || fcsStatus === '2' ? undefined : fcsStatus === '1')
  const rt = ours.radiotap
  same('channel freq', rt?.channel?.freqMHz, t['radiotap.channel.freq'] ? Number(first(t, 'radiotap.channel.freq')) : undefined)
  if (t['wlan_radio.channel'] && rt?.channel) same('channel number', rt.channel.number, Number(first(t, 'wlan_radio.channel')))
  same('dbm signals', rt?.fields.filter((f) => f.name === 'dbm_antsignal').map((f) => f.value) ?? [], (t['radiotap.dbm_antsignal'] ?? []).map(Number))
  same('antennas', rt?.fields.filter((f) => f.name === 'antenna').map((f) => f.value) ?? [], (t['radiotap.antenna'] ?? []).map(Number))
  same('radiotap fcs flag', rt?.flags?.fcsAtEnd, t['radiotap.flags.fcs'] ? first(t, 'radiotap.flags.fcs') === '1' : undefined)
  same('radiotap bad fcs flag', rt?.flags?.badFcs, t['radiotap.flags.badfcs'] ? first(t, 'radiotap.flags.badfcs') === '1' : undefined)
  // tshark also derives a data rate from MCS/VHT fields; only the legacy Rate field is compared.
  if (rt?.mcs === undefined && rt?.vht === undefined) {
    same('rate', rt?.rateKbps, t['radiotap.datarate'] ? Number(first(t, 'radiotap.datarate')) * 1000 : undefined)
  }
  same('tsft', rt?.tsft, t['radiotap.mactime'] ? BigInt(first(t, 'radiotap.mactime')!) : undefined)
  same('udp', ours.udp && [ours.udp.srcIp, ours.udp.dstIp, ours.udp.srcPort, ours.udp.dstPort, ours.udp.udpLength], t['udp.length'] && [
    first(t, 'ip.src'),
    first(t, 'ip.dst'),
    Number(first(t, 'udp.srcport')),
    Number(first(t, 'udp.dstport')),
    Number(first(t, 'udp.length')),
  ])
  return diffs
}

function compareFile(file: string): { frames: number; diffs: string[] } {
  const records = readAll(readFileSync(file), 997)
  const theirs = tsharkFields(file, WLAN_FIELDS, ['-o', 'wlan.check_checksum:TRUE'])
  const diffs: string[] = []
  if (records.length !== theirs.length) diffs.push(`frame count: ours ${records.length} tshark ${theirs.length}`)
  records.forEach((record, i) => {
    expect(record.malformed).toBeUndefined()
    const ours = decodePacket(record.linktype, record.data)
    if (ours.kind !== 'ieee80211') {
      diffs.push(`frame ${i + 1}: not decoded as 802.11 (${ours.kind})`)
      return
    }
    if (ours.malformed) diffs.push(`frame ${i + 1}: malformed ${ours.malformed.reason}`)
    for (const d of compareFrame(ours, record, theirs[i] ?? {})) diffs.push(`frame ${i + 1}: ${d}`)
  })
  return { frames: records.length, diffs }
}

if (prereq.missing.length > 0) {
  if (prereq.mustFail) {
    it('has tshark and the shared captures (required in CI)', () => {
      throw new Error(`missing: ${prereq.missing.join(', ')}`)
    })
  } else {
    console.warn(`captures-vs-tshark: skipped, missing ${prereq.missing.join(', ')}`)
    it.skip(`skipped: missing ${prereq.missing.join(', ')}`, () => {})
  }
} else {
  const captureFiles = readdirSync(CAPTURES_DIR).filter((f) => /\.(pcap|pcapng|cap)$/.test(f))

  describe('peers\' captures: every frame agrees with tshark', () => {
    it('finds the shared captures', () => {
      expect(captureFiles.length).toBeGreaterThanOrEqual(4)
    })
    for (const name of captureFiles) {
      it(name, () => {
        const { frames, diffs } = compareFile(path.join(CAPTURES_DIR, name))
        expect(frames).toBeGreaterThan(0)
        expect(diffs).toEqual([])
      })
    }
  })

  describe("tcpdump's reference decodes (second oracle)", () => {
    const kindByTypeSubtype: Record<number, string> = {
      0x00: 'Assoc Request',
      0x01: 'Assoc Response',
      0x04: 'Probe Request',
      0x05: 'Probe Response',
      0x08: 'Beacon',
      0x0b: 'Authentication',
      0x1d: 'Acknowledgment',
    }
    const outs = readdirSync(CAPTURES_DIR).filter((f) => f.endsWith('.out'))
    for (const out of outs) {
      it(out, () => {
        const pcap = path.join(CAPTURES_DIR, out.replace(/\.out$/, '.pcap'))
        const records = readAll(readFileSync(pcap), 64)
        const lines = readFileSync(path.join(CAPTURES_DIR, out), 'utf8').split('\n').filter((l) => l.trim())
        expect(lines.length).toBe(records.length)
        let checkedSignals = 0
        let checkedSsids = 0
        records.forEach((record, i) => {
          const line = lines[i]
          const frame = decodeRadiotapFrame(record.data)
          const signal = / (-?\d+)dBm signal/.exec(line)
          if (signal) {
            expect(frame.radiotap?.dbmSignal, line).toBe(Number(signal[1]))
            checkedSignals++
          }
          const mhz = / (\d+) MHz/.exec(line)
          if (mhz) expect(frame.radiotap?.channel?.freqMHz, line).toBe(Number(mhz[1]))
          const kind = kindByTypeSubtype[frame.typeSubtype ?? -1]
          if (kind) expect(line, `frame ${i + 1}`).toContain(kind)
          const ssid = /(?:Probe Request|Probe Response|Beacon|Assoc Request) \(([^)]*)\)/.exec(line)
          if (ssid) {
            expect(frame.ssid ?? '', line).toBe(ssid[1])
            checkedSsids++
          }
          const channel = /CH: (\d+)/.exec(line)
          if (channel) expect(frame.channel, line).toBe(Number(channel[1]))
          if (/MESHID: ([^)]+)\)/.test(line)) {
            const mesh = frame.ies?.find((ie) => ie.decoded.kind === 'mesh-id')?.decoded
            expect(mesh?.kind === 'mesh-id' ? mesh.text : undefined).toBe(/MESHID: ([^)]+)\)/.exec(line)![1])
          }
        })
        expect(checkedSignals).toBeGreaterThan(0)
        expect(checkedSsids).toBeGreaterThan(0)
      })
    }
  })

  describe('frames from our builders, written by our pcap writer, read by tshark', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provbench-tshark-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    const unwrap = (r: { ok: true; value: Uint8Array } | { ok: false; error: { reason: string } }): Uint8Array => {
      if (!r.ok) throw new Error(r.error.reason)
      return r.value
    }
    const AP = '02:11:22:33:44:55'
    const STA = '02:aa:bb:cc:dd:01'
    const PHONE = '02:aa:bb:cc:dd:02'
    const BCAST = 'ff:ff:ff:ff:ff:ff'
    const sign = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i)
    const enrollee = vendorElement(
      'd8:96:e0',
      0xaa,
      Uint8Array.of(0x01, 3, ...Buffer.from('dev'), 0x00, 4, ...Buffer.from('pk01'), 16, ...new Uint8Array(16).fill(7), 3, 0, 20, ...sign),
    )
    const wps = vendorElement('00:50:f2', 4, Uint8Array.of(0x10, 0x4a, 0, 1, 0x10, 0x10, 0x11, 0, 4, ...Buffer.from('Lab!')))
    const p2p = vendorElement('50:6f:9a', 9, Uint8Array.of(2, 2, 0, 0x25, 0x00))
    const beaconElements: ElementSpec[] = [
      ssidElement('Lab-AP'),
      ...rateElements([1000, 2000, 5500, 11000, 6000, 9000, 12000, 18000, 24000, 36000, 48000, 54000], [1000, 2000]),
      dsParameterElement(6),
      element(5, Uint8Array.of(0, 1, 0, 0)),
      element(7, Uint8Array.of(0x43, 0x4e, 0x20, 1, 13, 20)),
      rsnWpa2CcmpElement(),
      element(45, Uint8Array.from({ length: 26 }, (_, i) => (i === 0 ? 0x6e : i === 3 ? 0xff : 0))),
      element(61, Uint8Array.from({ length: 22 }, (_, i) => (i === 0 ? 6 : i === 1 ? 0x05 : 0))),
      meshIdElement('mesh-1'),
      enrollee,
      wps,
      p2p,
    ]
    const udpBody = unwrap(buildLlcSnapIpv4Udp({ srcIp: '192.168.1.20', dstIp: '255.255.255.255', srcPort: 5000, dstPort: 7001, payload: new Uint8Array(1248 - 1000) }))
    const mcastBody = unwrap(buildLlcSnapIpv4Udp({ srcIp: '192.168.1.20', dstIp: '239.1.8.239', srcPort: 5000, dstPort: 7001, payload: new Uint8Array(1) }))
    const frames: [name: string, bytes: Uint8Array][] = [
      ['beacon', unwrap(buildBeacon({ bssid: AP, seq: 100, timestamp: 123456789n, capability: 0x0411, elements: beaconElements }))],
      ['probe request', unwrap(buildProbeRequest({ sa: PHONE, seq: 7, elements: [ssidElement(''), ...rateElements([1000, 2000, 5500, 11000]), wps, p2p] }))],
      ['probe response', unwrap(buildProbeResponse({ bssid: AP, da: PHONE, seq: 8, elements: [ssidElement('Lab-AP'), dsParameterElement(6), rsnWpa2CcmpElement({ akm: 'sae' })] }))],
      ['authentication', unwrap(buildAuthentication({ da: AP, sa: STA, bssid: AP, seq: 9 }))],
      ['association request', unwrap(buildAssociationRequest({ da: AP, sa: STA, bssid: AP, seq: 10, elements: [ssidElement('Lab-AP'), rsnWpa2CcmpElement()] }))],
      ['association response', unwrap(buildAssociationResponse({ da: STA, sa: AP, bssid: AP, aid: 1, seq: 11, elements: rateElements([6000]) }))],
      ['deauthentication', unwrap(buildDeauthentication({ da: STA, sa: AP, bssid: AP, reason: 7, seq: 12 }))],
      ['disassociation', unwrap(buildDisassociation({ da: STA, sa: AP, bssid: AP, reason: 8, seq: 13, retry: true }))],
      ['management +HTC', unwrap(buildManagementFrame(13, { da: STA, sa: AP, bssid: AP }, Uint8Array.of(4, 0), { order: true, htControl: 0x12345678, seq: 14 }))],
      ['data ToDS with UDP', unwrap(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: PHONE, da: BCAST, seq: 15, body: udpBody }))],
      ['data FromDS mcast', unwrap(buildDataFrame({ toDS: false, fromDS: true, bssid: AP, sa: PHONE, da: '01:00:5e:01:08:ef', seq: 16, body: mcastBody }))],
      ['data no DS', unwrap(buildDataFrame({ toDS: false, fromDS: false, bssid: AP, sa: STA, da: PHONE, seq: 17, bodyLength: 30, fill: 0x5a }))],
      ['data WDS', unwrap(buildDataFrame({ toDS: true, fromDS: true, ra: AP, ta: '02:11:22:33:44:66', sa: STA, da: PHONE, seq: 18, body: udpBody }))],
      ['QoS data protected', unwrap(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: PHONE, qos: { tid: 5 }, protected: true, seq: 19, bodyLength: 60, fill: 0x33 }))],
      ['QoS data +HTC', unwrap(buildDataFrame({ toDS: false, fromDS: true, bssid: AP, sa: STA, da: PHONE, qos: { tid: 3 }, order: true, seq: 20, body: udpBody }))],
      ['null data', unwrap(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: AP, nullData: true, pwrMgmt: true, seq: 21 }))],
      ['QoS null', unwrap(buildDataFrame({ toDS: true, fromDS: false, bssid: AP, sa: STA, da: AP, nullData: true, qos: { tid: 0 }, seq: 22 }))],
      ['RTS', unwrap(buildControlFrame({ subtype: 11, ra: AP, ta: STA, duration: 300 }))],
      ['CTS', unwrap(buildControlFrame({ subtype: 12, ra: STA, duration: 200 }))],
      ['ACK', unwrap(buildControlFrame({ subtype: 13, ra: STA }))],
      ['BlockAckReq', unwrap(buildControlFrame({ subtype: 8, ra: AP, ta: STA, body: Uint8Array.of(0x04, 0x50, 0x10, 0x00) }))],
      ['BlockAck', unwrap(buildControlFrame({ subtype: 9, ra: STA, ta: AP, body: Uint8Array.of(0x05, 0x50, 0x10, 0x00, ...new Uint8Array(8).fill(0xff)) }))],
      ['PS-Poll', unwrap(buildControlFrame({ subtype: 10, ra: AP, ta: STA, aid: 1 }))],
      ['CF-End', unwrap(buildControlFrame({ subtype: 14, ra: BCAST, ta: AP }))],
      ['CF-End+CF-Ack', unwrap(buildControlFrame({ subtype: 15, ra: BCAST, ta: AP }))],
    ]
    const gbkSsid = Uint8Array.of(0xc4, 0xe3, 0xba, 0xc3) // "你好" in GBK
    const rawSsid = Uint8Array.of(0xff, 0x00, 0x41)
    frames.push(['GBK SSID', unwrap(buildBeacon({ bssid: AP, elements: [ssidElement(gbkSsid)] }))])
    frames.push(['non-text SSID', unwrap(buildBeacon({ bssid: AP, elements: [ssidElement(rawSsid)] }))])

    const radio = (i: number, fcs: boolean, bad = false) =>
      buildRadiotap({
        tsftMicros: 1_000_000n + BigInt(i),
        flags: (fcs ? 0x10 : 0) | (bad ? 0x40 : 0),
        rateKbps: i % 2 ? 1000 : 6000,
        freqMHz: i % 3 ? 2437 : 5745,
        dbmSignal: -30 - i,
        dbmNoise: -95,
        antenna: i % 2,
      })
    const CORRUPTED = 2
    const records = frames.map(([, bytes], i) => {
      const withFcs = i % 2 === 0
      const mpdu = withFcs ? appendFcs(bytes) : bytes
      if (i === CORRUPTED) mpdu[mpdu.length - 1] ^= 0xff // a corrupted FCS, flagged bad by radiotap as a NIC would
      const head = radio(i, withFcs, i === CORRUPTED)
      const data = new Uint8Array(head.length + mpdu.length)
      data.set(head)
      data.set(mpdu, head.length)
      return { linktype: 127, timestampNs: 1_700_000_000_123_456_789n + BigInt(i) * 1000n, data }
    })

    it('tshark reads every synthetic frame exactly as we decode it', () => {
      const file = path.join(dir, 'synthetic.pcapng')
      writeFileSync(file, unwrap(writePcap(records, { format: 'pcapng' })))
      const { frames: count, diffs } = compareFile(file)
      expect(count).toBe(frames.length)
      expect(diffs).toEqual([])
    })

    it('the corrupted FCS is reported bad by both, the others good', () => {
      const decoded = records.map((r) => decodeRadiotapFrame(r.data))
      expect(decoded[CORRUPTED].fcs?.ok).toBe(false)
      expect(decoded[CORRUPTED].radiotap?.flags?.badFcs).toBe(true)
      expect(decoded.filter((d, i) => i !== CORRUPTED && d.fcs).every((d) => d.fcs!.ok)).toBe(true)
      expect(decoded[0].fcs?.ok).toBe(true)
    })

    it('non-UTF-8 SSIDs: GBK is shown as text, other bytes as escaped hex', () => {
      const decoded = records.map((r) => decodeRadiotapFrame(r.data))
      expect(decoded[frames.length - 2].ssid).toBe('你好')
      expect(decoded[frames.length - 1].ssid).toBe('\\xff\\x00A')
    })
  })

  describe('every radiotap field tshark knows, against tshark', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provbench-radiotap-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const ALIGN_SIZE: Record<number, [number, number]> = {
      0: [8, 8], 1: [1, 1], 2: [1, 1], 3: [2, 4], 4: [1, 2], 5: [1, 1], 6: [1, 1], 7: [2, 2], 8: [2, 2], 9: [2, 2],
      10: [1, 1], 11: [1, 1], 12: [1, 1], 13: [1, 1], 14: [2, 2], 15: [2, 2], 16: [1, 1], 17: [1, 1], 18: [4, 8],
      19: [1, 3], 20: [4, 8], 21: [2, 12], 22: [8, 12], 23: [2, 12], 24: [2, 12], 25: [2, 6], 26: [1, 1], 27: [2, 4],
    }
    /** A radiotap header with the given fields (value bytes = a recognisable pattern), optional extra namespaces. */
    /** Realistic values where tshark validates them (VHT: MCS 9 x2 and MCS 7 x1; known = STBC, GI, BW, GID, PAID). */
    const FIXED: Record<number, number[]> = { 1: [0x00], 21: [0xc5, 0x01, 0x00, 4, 0x92, 0x71, 0, 0, 0, 5, 0x23, 0x01], 26: [1] }
    function header(words: { bits: number[]; vendor?: { oui: number[]; skip: number } }[]): Uint8Array {
      const bytes: number[] = []
      const presentCount = words.length
      for (let i = 0; i < 4 + 4 * presentCount; i++) bytes.push(0)
      const put = (align: number, data: number[]) => {
        while (bytes.length % align) bytes.push(0)
        bytes.push(...data)
      }
      words.forEach((w, i) => {
        let word = 0
        for (const bit of w.bits) {
          word |= 1 << bit
          const [align, size] = ALIGN_SIZE[bit]
          put(align, FIXED[bit] ?? Array.from({ length: size }, (_, k) => (bit * 7 + k * 3 + 1 + i) & 0xff))
        }
        const next = words[i + 1]
        if (next) word |= (1 << 31) | (next.vendor ? 1 << 30 : 1 << 29)
        if (next?.vendor) put(2, [...next.vendor.oui, 0, next.vendor.skip & 0xff, next.vendor.skip >> 8, ...new Array(next.vendor.skip).fill(0xee)])
        const at = 4 + 4 * i
        bytes[at] = word & 0xff
        bytes[at + 1] = (word >>> 8) & 0xff
        bytes[at + 2] = (word >>> 16) & 0xff
        bytes[at + 3] = word >>> 24
      })
      bytes[2] = bytes.length & 0xff
      bytes[3] = bytes.length >> 8
      return Uint8Array.from(bytes)
    }
    const standard = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 27]
    const headers = [
      header([{ bits: standard }]),
      header([{ bits: [1, 5] }, { bits: [0, 5, 11], vendor: { oui: [0x00, 0x11, 0x22], skip: 5 } }, { bits: [5, 11] }]),
      header([{ bits: [26] }]),
    ]
    const mpdu = (() => {
      const r = buildDataFrame({ toDS: true, fromDS: false, bssid: '02:00:00:00:00:01', sa: '02:00:00:00:00:02', da: 'ff:ff:ff:ff:ff:ff', bodyLength: 8 })
      if (!r.ok) throw new Error(r.error.reason)
      return r.value
    })()

    it('tshark shows the same values for each field', () => {
      const records = headers.map((h, i) => {
        const data = new Uint8Array(h.length + mpdu.length)
        data.set(h)
        data.set(mpdu, h.length)
        return { linktype: 127, timestampNs: BigInt(i), data }
      })
      const file = path.join(dir, 'radiotap.pcap')
      const written = writePcap(records)
      if (!written.ok) throw new Error(written.error.reason)
      writeFileSync(file, written.value)
      const fields = [
        'radiotap.length', 'radiotap.mactime', 'radiotap.datarate', 'radiotap.channel.freq', 'radiotap.channel.flags',
        'radiotap.fhss.hopset', 'radiotap.fhss.pattern', 'radiotap.dbm_antsignal', 'radiotap.dbm_antnoise', 'radiotap.quality',
        'radiotap.txattenuation', 'radiotap.db_txattenuation', 'radiotap.txpower', 'radiotap.antenna', 'radiotap.db_antsignal',
        'radiotap.db_antnoise', 'radiotap.rxflags', 'radiotap.txflags', 'radiotap.data_retries', 'radiotap.xchannel.flags',
        'radiotap.xchannel.freq', 'radiotap.xchannel.channel', 'radiotap.mcs.known', 'radiotap.ampdu.reference',
        'radiotap.ampdu.flags', 'radiotap.ampdu.delim_crc', 'radiotap.vht.have_stbc', 'radiotap.mcs.have_bw', 'radiotap.mcs.have_gid',
        'radiotap.mcs.have_paid', 'radiotap.vht.gid', 'radiotap.vht.paid', 'radiotap.vht.mcs.0', 'radiotap.vht.nss.0',
        'radiotap.vht.mcs.1', 'radiotap.vht.nss.1', 'radiotap.vht.mcs.2', 'radiotap.vht.nss.2', 'radiotap.vht.mcs.3', 'radiotap.vht.nss.3',
        'radiotap.timestamp.ts', 'radiotap.timestamp.accuracy', 'radiotap.he.data_1', 'radiotap.he.data_6', 'radiotap.he_mu.flags_1',
        'radiotap.he_mu.flags_2', 'radiotap.he_mu.chan1_rus_0_index', 'radiotap.l_sig.data1', 'radiotap.l_sig.data2',
        'radiotap.vendor_oui', 'radiotap.vendor_data_len', 'radiotap.0_len_psdu.type', 'wlan.fc.type_subtype',
      ]
      const theirs = tsharkFields(file, fields)
      const num = (t: TsharkFrame, f: string) => (t[f] ? Number(t[f][0]) : undefined)
      const big = (t: TsharkFrame, f: string) => (t[f] ? BigInt(t[f][0]) : undefined)

      const all = decodeRadiotapFrame(records[0].data)
      const rt = all.radiotap!
      const t = theirs[0]
      expect(all.malformed).toBeUndefined()
      expect(rt.length).toBe(num(t, 'radiotap.length'))
      expect(rt.tsft).toBe(big(t, 'radiotap.mactime'))
      expect(rt.rateKbps).toBe(num(t, 'radiotap.datarate')! * 1000)
      expect(rt.channel?.freqMHz).toBe(num(t, 'radiotap.channel.freq'))
      expect(rt.channel?.flags).toBe(num(t, 'radiotap.channel.flags'))
      expect(rt.fhss).toEqual({ hopSet: num(t, 'radiotap.fhss.hopset'), hopPattern: num(t, 'radiotap.fhss.pattern') })
      expect(rt.dbmSignal).toBe(num(t, 'radiotap.dbm_antsignal'))
      expect(rt.dbmNoise).toBe(num(t, 'radiotap.dbm_antnoise'))
      expect(rt.lockQuality).toBe(num(t, 'radiotap.quality'))
      expect(rt.txAttenuation).toBe(num(t, 'radiotap.txattenuation'))
      expect(rt.dbTxAttenuation).toBe(num(t, 'radiotap.db_txattenuation'))
      expect(rt.dbmTxPower).toBe(num(t, 'radiotap.txpower'))
      expect(rt.antenna).toBe(num(t, 'radiotap.antenna'))
      expect(rt.dbSignal).toBe(num(t, 'radiotap.db_antsignal'))
      expect(rt.dbNoise).toBe(num(t, 'radiotap.db_antnoise'))
      expect(rt.rxFlags).toBe(num(t, 'radiotap.rxflags'))
      expect(rt.txFlags).toBe(num(t, 'radiotap.txflags'))
      expect(rt.dataRetries).toBe(num(t, 'radiotap.data_retries'))
      expect(rt.xchannel).toEqual({
        flags: num(t, 'radiotap.xchannel.flags'),
        freqMHz: num(t, 'radiotap.xchannel.freq'),
        channel: num(t, 'radiotap.xchannel.channel'),
        maxPower: rt.xchannel?.maxPower,
      })
      expect(rt.mcs?.known).toBe(num(t, 'radiotap.mcs.known'))
      // tshark shows the delimiter CRC only when the flags say it is known; the pattern here does not.
      expect([rt.ampdu?.reference, rt.ampdu?.flags]).toEqual([num(t, 'radiotap.ampdu.reference'), num(t, 'radiotap.ampdu.flags')])
      // tshark shows group id / partial AID only when "known" says they are valid. It names the VHT "known"
      // bits radiotap.mcs.*, after the MCS field's own, so the VHT ones are the last occurrences.
      const known = rt.vht!.known
      const last = (f: string) => Number(t[f].at(-1))
      expect([known & 1, (known >> 6) & 1, (known >> 7) & 1, (known >> 8) & 1]).toEqual(
        ['radiotap.vht.have_stbc', 'radiotap.mcs.have_bw', 'radiotap.mcs.have_gid', 'radiotap.mcs.have_paid'].map(last),
      )
      if (t['radiotap.vht.gid']) expect(rt.vht?.groupId).toBe(num(t, 'radiotap.vht.gid'))
      if (t['radiotap.vht.paid']) expect(rt.vht?.partialAid).toBe(num(t, 'radiotap.vht.paid'))
      expect(rt.vht!.users.map((u) => [u.user, u.mcs, u.nss])).toEqual(
        [0, 1, 2, 3].filter((i) => t[`radiotap.vht.nss.${i}`]).map((i) => [i, num(t, `radiotap.vht.mcs.${i}`), num(t, `radiotap.vht.nss.${i}`)]),
      )
      expect(rt.vht!.users.length).toBe(2)
      expect(rt.timestamp?.value).toBe(big(t, 'radiotap.timestamp.ts'))
      if (t['radiotap.timestamp.accuracy']) expect(rt.timestamp?.accuracy).toBe(num(t, 'radiotap.timestamp.accuracy'))
      expect([rt.he?.data[0], rt.he?.data[5]]).toEqual([num(t, 'radiotap.he.data_1'), num(t, 'radiotap.he.data_6')])
      expect([rt.heMu?.flags1, rt.heMu?.flags2, rt.heMu?.ruChannel1[0]]).toEqual([
        num(t, 'radiotap.he_mu.flags_1'),
        num(t, 'radiotap.he_mu.flags_2'),
        num(t, 'radiotap.he_mu.chan1_rus_0_index'),
      ])
      expect(rt.lsig).toEqual({ data1: num(t, 'radiotap.l_sig.data1'), data2: num(t, 'radiotap.l_sig.data2') })
      expect(all.typeSubtype).toBe(parseInt(t['wlan.fc.type_subtype'][0], 16))

      // Per-antenna namespaces after a vendor namespace that must be skipped by its skip_length.
      const multi = decodeRadiotapFrame(records[1].data)
      const t1 = theirs[1]
      expect(multi.malformed).toBeUndefined()
      expect(multi.radiotap!.fields.filter((f) => f.name === 'dbm_antsignal').map((f) => f.value)).toEqual(t1['radiotap.dbm_antsignal'].map(Number))
      expect(multi.radiotap!.fields.filter((f) => f.name === 'antenna').map((f) => f.value)).toEqual(t1['radiotap.antenna'].map(Number))
      expect(multi.radiotap!.vendorNamespaces.map((v) => [parseInt(v.oui.replace(/:/g, ''), 16), v.skipLength])).toEqual([
        [num(t1, 'radiotap.vendor_oui'), num(t1, 'radiotap.vendor_data_len')],
      ])
      expect(multi.typeSubtype).toBe(parseInt(t1['wlan.fc.type_subtype'][0], 16))

      // 0-length PSDU: no 802.11 frame follows, and tshark does not dissect one either.
      const psdu = decodeRadiotapFrame(records[2].data)
      expect(psdu.radiotap!.zeroLengthPsdu).toBe(num(theirs[2], 'radiotap.0_len_psdu.type'))
      expect(psdu.fc).toBeUndefined()
      expect(theirs[2]['wlan.fc.type_subtype']).toBeUndefined()
    })
  })

  describe('Ethernet / IPv4 / UDP (linktype 1) against tshark', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'provbench-eth-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    it('addresses, ports, lengths and both checksums agree', () => {
      const datagrams = [0, 1, 17, 985, 1248].map((n, i) => {
        const ip = buildIpv4Udp({ srcIp: '10.0.0.2', dstIp: i % 2 ? '255.255.255.255' : '239.1.2.3', srcPort: 40000 + i, dstPort: 5683, payload: new Uint8Array(n).fill(i), identification: i })
        if (!ip.ok) throw new Error(ip.error.reason)
        const frame = buildEthernet({ dst: i % 2 ? 'ff:ff:ff:ff:ff:ff' : '01:00:5e:01:02:03', src: '02:00:00:00:00:09', ethertype: 0x0800, payload: ip.value })
        if (!frame.ok) throw new Error(frame.error.reason)
        return { linktype: 1, timestampNs: BigInt(i), data: frame.value }
      })
      const file = path.join(dir, 'udp.pcap')
      const written = writePcap(datagrams, { nanosecond: true })
      if (!written.ok) throw new Error(written.error.reason)
      writeFileSync(file, written.value)
      const theirs = tsharkFields(
        file,
        ['eth.dst', 'ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport', 'udp.length', 'ip.checksum.status', 'udp.checksum.status'],
        ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'],
      )
      datagrams.forEach((d, i) => {
        const ours = decodePacket(1, d.data)
        if (ours.kind !== 'ethernet') throw new Error('not decoded as Ethernet')
        const t = theirs[i]
        expect([ours.dst, ours.udp?.srcIp, ours.udp?.dstIp, ours.udp?.srcPort, ours.udp?.dstPort, ours.udp?.udpLength]).toEqual([
          t['eth.dst'][0],
          t['ip.src'][0],
          t['ip.dst'][0],
          Number(t['udp.srcport'][0]),
          Number(t['udp.dstport'][0]),
          Number(t['udp.length'][0]),
        ])
        expect(ours.udp?.payloadLength).toBe(Number(t['udp.length'][0]) - 8)
        expect(t['ip.checksum.status'][0]).toBe('1') // 1 = good, 0 = bad, 2 = unverified
        expect(t['udp.checksum.status'][0]).toBe('1')
      })
    })
  })
}
