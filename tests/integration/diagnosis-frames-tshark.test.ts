import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { pcapngToFrames } from '../../main/bundle/frames-pcapng'
import { observeFrames, type CapturedPacket, type JoinMilestone } from '../../main/sessions/diagnosis/frames'
import { CAPTURES_DIR, prerequisites, tsharkFields } from '../bench/lib/tshark.js'

// The frame evidence of the diagnosis (which join milestones were seen with a router, how often) against tshark on
// peers' real captures: aircrack-ng's test captures hold real 4-way handshakes, complete and not.

const prereq = prerequisites({ captures: true })

const SUBTYPES: [JoinMilestone, number[]][] = [
  ['beacon', [0x08]],
  ['probe-response', [0x05]],
  ['authentication', [0x0b]],
  ['association', [0x00, 0x01]],
  ['deauthentication', [0x0c]],
  ['disassociation', [0x0a]],
]
const FIELDS = ['wlan.fc.type_subtype', 'wlan.bssid', 'wlan.ra', 'wlan.ta', 'eapol.type', 'wlan_rsna_eapol.keydes.msgnr']

function packetsOf(file: string): CapturedPacket[] {
  const read = pcapngToFrames(new Uint8Array(fs.readFileSync(file)))
  if (!read.ok) throw new Error(read.reason)
  return read.packets.map((p) => ({ linktype: read.interfaces[p.interfaceId].linktype, timestampNs: p.timestampNs, data: p.data }))
}


if (prereq.missing.length > 0) {
  if (prereq.mustFail) {
    it('has its prerequisites', () => {
      throw new Error(`missing: ${prereq.missing.join(', ')}`)
    })
  } else {
    console.warn(`diagnosis-frames-tshark: skipped, missing ${prereq.missing.join(', ')}`)
    it.skip(`skipped: missing ${prereq.missing.join(', ')}`, () => {})
  }
} else {
  describe.each(['aircrack-ng__test__test1.pcap', 'aircrack-ng__test__testm1m2m3.pcap'])('%s', (name) => {
    const file = path.join(CAPTURES_DIR, name)
    // One tshark pass: its decode of each frame's subtype, addresses and EAPOL message number is the oracle.
    const decoded = tsharkFields(file, FIELDS)
    const bssids = [...new Set(decoded.filter((f) => f['eapol.type']).map((f) => f['wlan.bssid'][0]))]

    it('has handshakes and management frames to compare (sanity)', () => {
      expect(bssids.length).toBeGreaterThan(0)
      expect(decoded.filter((f) => Number(f['wlan.fc.type_subtype']?.[0]) === 0x08).length).toBeGreaterThan(0)
    })

    for (const bssid of bssids) {
      it(`counts what tshark counts with router ${bssid}`, () => {
        const observation = observeFrames(packetsOf(file), { ssid: '', bssid }, { name: name, allChannels: false })
        const seen = new Map(observation.seen.map((s) => [s.milestone, s.count]))
        const withBss = decoded.filter((f) => ['wlan.bssid', 'wlan.ra', 'wlan.ta'].some((k) => f[k]?.[0] === bssid))
        for (const n of [1, 2, 3, 4]) {
          const expected = withBss.filter((f) => f['eapol.type'] && f['wlan_rsna_eapol.keydes.msgnr']?.[0] === String(n)).length
          expect(seen.get(`eapol-${n}` as JoinMilestone) ?? 0, `EAPOL ${n}/4`).toBe(expected)
        }
        for (const [milestone, subtypes] of SUBTYPES) {
          const expected = withBss.filter((f) => subtypes.includes(Number(f['wlan.fc.type_subtype']?.[0]))).length
          expect(seen.get(milestone) ?? 0, milestone).toBe(expected)
        }
        const m = (n: number) => seen.has(`eapol-${n}` as JoinMilestone)
        expect(observation.handshake).toBe(m(4) ? 'completed' : m(1) ? 'incomplete' : 'not-started')
        // A one-channel capture never claims that something was not sent.
        expect(observation.router).not.toBe('not-heard')
      })
    }
  })
}
