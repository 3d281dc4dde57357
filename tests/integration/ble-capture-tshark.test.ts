// A lab ble-config session recorded with the air recorder and read back by tshark (the oracle): BLE on its own
// pcapng interface (linktype 256), the connection followed from CONNECT_IND, every ATT write of the Breeze exchange
// on FED5 (which Wireshark resolves from the discovery it saw), indications on FED6, and no bad CRC.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AirRecorder } from '../../main/lab/air-recorder'
import { LAB_WORKSTATION_BLE_ADDRESS } from '../../main/radio/lab/lab-ble'
import type { Session } from '../../preload/contract'
import { LAB_WIFI, labStation } from '../support/station'

const haveTshark = (() => {
  const r = spawnSync('tshark', ['--version'], { encoding: 'utf8' })
  return !r.error && r.status === 0
})()
const DEVICE = '02:00:1c:00:00:01'

type Layers = Record<string, unknown>

function field(node: unknown, name: string): string[] {
  const found: string[] = []
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk)
    else if (n && typeof n === 'object')
      for (const [k, v] of Object.entries(n)) {
        if (k === name) (Array.isArray(v) ? v : [v]).forEach((x) => (typeof x === 'string' ? found.push(x) : walk(x)))
        else walk(v)
      }
  }
  walk(node)
  return found
}

describe('a lab ble-config session in Wireshark', () => {
  it('has tshark to check against', () => {
    if (!haveTshark) {
      if (process.env.CI === 'true') throw new Error('tshark not found on PATH, and CI=true requires the Wireshark check of lab BLE captures')
      console.warn('tshark not found on PATH: skipping the Wireshark check of lab BLE captures')
    }
  })

  describe.skipIf(!haveTshark)('with tshark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'provbench-ble-capture-'))
    const file = join(dir, 'session.pcapng')
    let packets: Layers[] = []
    let session: Session
    let written = 0

    beforeAll(async () => {
      const station = await labStation()
      try {
        const recorder = new AirRecorder(station.lab!.air, file, station.lab!.scenario.workstation.position)
        const started = await station.runner.start({ method: 'ble-config', target: LAB_WIFI, deviceId: DEVICE, options: { confirmTimeoutMs: 8_000 } })
        session = await station.runner.wait(started.id)
        written = await recorder.close()
      } finally {
        await station.close()
      }
      const out = spawnSync('tshark', ['-r', file, '-T', 'json', '--no-duplicate-keys'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      if (out.status !== 0) throw new Error(`tshark failed: ${out.stderr}`)
      packets = (JSON.parse(out.stdout) as { _source: { layers: Layers } }[]).map((p) => p._source.layers)
    }, 60_000)
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('recorded a successful session, 802.11 and BLE on separate interfaces', () => {
      expect(session.outcome).toBe('succeeded')
      expect(packets.length).toBe(written)
      const byInterface = new Map<string, Set<string>>()
      for (const p of packets) {
        const id = field(p, 'frame.interface_id')[0]
        const top = field(p, 'frame.protocols')[0].split(':').slice(0, 2).join(':')
        byInterface.set(id, (byInterface.get(id) ?? new Set()).add(top))
      }
      expect([...byInterface.get('0')!]).toEqual(['radiotap:wlan_radio'])
      expect([...byInterface.get('1')!]).toEqual(['bluetooth:btle_rf'])
      // The device's WPA2 join after the BLE part is on the 802.11 interface.
      expect(packets.filter((p) => field(p, 'frame.protocols')[0].includes('eapol')).length).toBeGreaterThanOrEqual(4)
    })

    it('sees the Breeze advertisement and the CONNECT_IND from the workstation', () => {
      const adv = packets.find((p) => field(p, 'btle.advertising_address')[0] === DEVICE && field(p, 'btcommon.eir_ad.entry.company_id').length > 0)!
      expect(field(adv, 'btcommon.eir_ad.entry.company_id')).toEqual(['0x01a8'])
      expect(field(adv, 'btcommon.eir_ad.entry.uuid_16')).toEqual(['0xfeb3'])
      const connect = packets.filter((p) => field(p, 'btle.link_layer_data.access_address').length > 0 && field(p, 'btle.advertising_address')[0] === DEVICE)
      expect(connect.length).toBeGreaterThanOrEqual(1)
      expect(field(connect[0], 'btle.initiator_address')).toEqual([LAB_WORKSTATION_BLE_ADDRESS])
    })

    /** A connect retry on a loaded machine makes a second connection: look at the one that carried the config. */
    const lastConnection = (): Layers[] => {
      const aa = packets.filter((p) => field(p, 'btatt.opcode')[0] === '0x12').map((p) => field(p, 'btle.access_address')[0]).pop()
      return packets.filter((p) => field(p, 'btle.access_address')[0] === aa)
    }

    it('shows every ATT write of the handshake and the Wi-Fi config on FED5, from the central, in order', () => {
      const writes = lastConnection()
        .filter((p) => field(p, 'btatt.opcode')[0] === '0x12' && field(p, 'btatt.uuid16')[0] === '0xfed5' && field(p, 'btatt.service_uuid16')[0] === '0xfeb3')
        .map((p) => ({ value: field(p, 'btatt.value')[0], pduType: field(p, 'btle_rf.pdu_type')[0], master: field(p, 'btle.master_bd_addr')[0] }))
      // A lost acknowledgement makes the link layer send a packet again: collapse repeats.
      const distinct = writes.filter((w, i) => i === 0 || w.value !== writes[i - 1].value)
      const commands = distinct.map((w) => w.value.split(':')[1])
      // AUTH_REQ, AUTH_CFM, the identity query (EXT_DOWN, one frame), the Wi-Fi config (EXT_DOWN, two frames).
      expect(commands).toEqual(['12', '14', '0d', '0d', '0d'])
      const config = distinct.slice(3).map((w) => w.value.split(':'))
      expect(config.map((bytes) => bytes[2])).toEqual(['10', '11'])
      // Encrypted frames: enc bit set, one 16-byte block each.
      for (const bytes of distinct.map((w) => w.value.split(':'))) {
        expect(parseInt(bytes[0], 16) & 0x10).toBe(0x10)
        expect(bytes.length).toBe(20)
      }
      expect(new Set(writes.map((w) => w.pduType))).toEqual(new Set(['2']))
      expect(new Set(writes.map((w) => w.master))).toEqual(new Set([LAB_WORKSTATION_BLE_ADDRESS]))
    })

    it('shows the CCCD writes before AUTH_RAND, and the device\'s indications on FED6 with their confirmations', () => {
      const connection = lastConnection()
      const cccd = connection
        .filter((p) => field(p, 'btatt.opcode')[0] === '0x12' && field(p, 'btatt.uuid16')[0] === '0x2902')
        .map((p) => [field(p, 'btatt.characteristic_uuid16')[0], field(p, 'btatt.characteristic_configuration_client')[0]])
      expect(cccd.filter((c, i) => i === 0 || c.join() !== cccd[i - 1].join())).toEqual([
        ['0xfed6', '0x0002'],
        ['0xfed8', '0x0001'],
      ])
      const indications = connection.filter((p) => field(p, 'btatt.opcode')[0] === '0x1d')
      expect(new Set(indications.map((p) => field(p, 'btatt.uuid16')[0]))).toEqual(new Set(['0xfed6']))
      const authRand = field(indications[0], 'btatt.value')[0].split(':').map((h) => parseInt(h, 16))
      expect(authRand.slice(0, 4)).toEqual([0x00, 0x11, 0x00, 0x10])
      // get_random(): sixteen ASCII decimal digits, in clear.
      expect(authRand.slice(4).every((b) => b >= 0x30 && b <= 0x39)).toBe(true)
      expect(connection.filter((p) => field(p, 'btatt.opcode')[0] === '0x1e').length).toBeGreaterThanOrEqual(indications.length)
    })

    it('agrees with every CRC the lab put on the air', () => {
      const ble = packets.filter((p) => field(p, 'btle.crc').length > 0)
      expect(ble.length).toBeGreaterThan(50)
      for (const p of ble) expect(JSON.stringify(p)).not.toContain('btle.crc.incorrect')
    })
  })
})
