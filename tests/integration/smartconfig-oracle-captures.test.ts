import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeCaptureFile } from '../../main/awss-oracle/capture-file'
import { tsharkAvailable, tsharkFields } from '../bench/lib/tshark'
import { CAPTURES_DIR, sharedFileAvailable } from '../unit/codec/awss/helpers'

// Peers' real captures (tcpdump and aircrack-ng test suites) as a negative control and a check of the AP list the
// oracle builds its cipher offsets from: every frame counted as tshark counts it, the same access points, and the
// group cipher tshark reads from the same RSN elements. None of these captures holds smart-config.
const GCS: Record<string, string> = { '4': 'ccmp', '2': 'tkip', '1': 'wep', '5': 'wep' }

describe("air oracle on peers' captures", () => {
  it('finds no smart-config sender, counts every frame, and lists the APs with the ciphers tshark reads', async () => {
    if (!sharedFileAvailable(CAPTURES_DIR)) return
    const files = fs.readdirSync(CAPTURES_DIR).filter((f) => /\.pcap(ng)?$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    for (const name of files) {
      const file = path.join(CAPTURES_DIR, name)
      const { analysis } = await analyzeCaptureFile(file)
      expect(analysis.senders, name).toEqual([])
      if (!tsharkAvailable()) {
        console.warn('tshark is not installed: skipping the frame-count and AP comparison')
        continue
      }
      expect(analysis.frames, name).toBe(tsharkFields(file, ['frame.number']).length)
      const bss = tsharkFields(file, ['wlan.bssid', 'wlan.ssid', 'wlan.fixed.capabilities.privacy', 'wlan.rsn.gcs.type'], ['-Y', '(wlan.fc.type_subtype == 8 || wlan.fc.type_subtype == 5) && wlan.ssid'])
      const expected = new Map<string, string>()
      for (const f of bss) {
        const group = f['wlan.rsn.gcs.type']?.[0]
        expected.set(f['wlan.bssid'][0], group ? (GCS[group] ?? group) : f['wlan.fixed.capabilities.privacy']?.[0] === '1' ? 'wep' : 'open')
      }
      expect(new Map(analysis.accessPoints.map((ap) => [ap.bssid, ap.groupCipher])), name).toEqual(expected)
    }
  }, 60_000)
})
