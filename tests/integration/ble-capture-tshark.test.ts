// A lab ble-config session recorded with the air recorder and read back by tshark (the oracle): BLE on its own
// pcapng interface (linktype 256), the connection followed from CONNECT_IND, every ATT write of the Breeze exchange
// on FED5 (which Wireshark resolves from the discovery it saw), indications on FED6, and no bad CRC.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AirRecorder } from '../../main/lab/air-recorder'
import { LAB_WORKSTATION_BLE_ADDRESS } from '../../main/radio/lab/lab-ble'
import type { Session } from '../../preload/contract'
import { type TsharkLayers, fieldValues, tsharkAvailable, tsharkTree } from '../bench/lib/tshark'
import { LAB_WIFI, labStation } from '../support/station'

const haveTshark = tsharkAvailable()
const DEVICE = '02:00:1c:00:00:01'

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
    let packets: TsharkLayers[] = []
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
      packets = tsharkTree(file)
    }, 60_000)
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    it('recorded a successful session, 802.11 and BLE on separate interfaces', () => {
      expect(session.outcome).toBe('succeeded')
      expect(packets.length).toBe(written)
      const byInterface = new Map<string, Set<string>>()
      for (const p of packets) {
        const id = fieldValues(p, 'frame.interface_id')[0]
        const top = fieldValues(p, 'frame.protocols')[0].split(':').slice(0, 2).join(':')
        byInterface.set(id, (byInterface.get(id) ?? new Set()).add(top))
      }
      expect([...byInterface.get('0')!]).toEqual(['radiotap:wlan_radio'])
      expect([...byInterface.get('1')!]).toEqual(['bluetooth:btle_rf'])
      // The device's WPA2 join after the BLE part is on the 802.11 interface.
      expect(packets.filter((p) => fieldValues(p, 'frame.protocols')[0].includes('eapol')).length).toBeGreaterThanOrEqual(4)
    })

    it('sees the Breeze advertisement and the CONNECT_IND from the workstation', () => {
      const adv = packets.find((p) => fieldValues(p, 'btle.advertising_address')[0] === DEVICE && fieldValues(p, 'btcommon.eir_ad.entry.company_id').length > 0)!
      expect(fieldValues(adv, 'btcommon.eir_ad.entry.company_id')).toEqual(['0x01a8'])
      expect(fieldValues(adv, 'btcommon.eir_ad.entry.uuid_16')).toEqual(['0xfeb3'])
      const connect = packets.filter((p) => fieldValues(p, 'btle.link_layer_data.access_address').length > 0 && fieldValues(p, 'btle.advertising_address')[0] === DEVICE)
      expect(connect.length).toBeGreaterThanOrEqual(1)
      expect(fieldValues(connect[0], 'btle.initiator_address')).toEqual([LAB_WORKSTATION_BLE_ADDRESS])
    })

    /** A connect retry on a loaded machine makes a second connection: look at the one that carried the config. */
    const lastConnection = (): TsharkLayers[] => {
      const aa = packets.filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x12').map((p) => fieldValues(p, 'btle.access_address')[0]).pop()
      return packets.filter((p) => fieldValues(p, 'btle.access_address')[0] === aa)
    }

    it('shows every ATT write of the handshake and the Wi-Fi config on FED5, from the central, in order', () => {
      const writes = lastConnection()
        .filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x12' && fieldValues(p, 'btatt.uuid16')[0] === '0xfed5' && fieldValues(p, 'btatt.service_uuid16')[0] === '0xfeb3')
        .map((p) => ({ value: fieldValues(p, 'btatt.value')[0], pduType: fieldValues(p, 'btle_rf.pdu_type')[0], master: fieldValues(p, 'btle.master_bd_addr')[0] }))
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
        .filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x12' && fieldValues(p, 'btatt.uuid16')[0] === '0x2902')
        .map((p) => [fieldValues(p, 'btatt.characteristic_uuid16')[0], fieldValues(p, 'btatt.characteristic_configuration_client')[0]])
      expect(cccd.filter((c, i) => i === 0 || c.join() !== cccd[i - 1].join())).toEqual([
        ['0xfed6', '0x0002'],
        ['0xfed8', '0x0001'],
      ])
      const indications = connection.filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x1d')
      expect(new Set(indications.map((p) => fieldValues(p, 'btatt.uuid16')[0]))).toEqual(new Set(['0xfed6']))
      const authRand = fieldValues(indications[0], 'btatt.value')[0].split(':').map((h) => parseInt(h, 16))
      expect(authRand.slice(0, 4)).toEqual([0x00, 0x11, 0x00, 0x10])
      // get_random(): sixteen ASCII decimal digits, in clear.
      expect(authRand.slice(4).every((b) => b >= 0x30 && b <= 0x39)).toBe(true)
      expect(connection.filter((p) => fieldValues(p, 'btatt.opcode')[0] === '0x1e').length).toBeGreaterThanOrEqual(indications.length)
    })

    it('agrees with every CRC the lab put on the air', () => {
      const ble = packets.filter((p) => fieldValues(p, 'btle.crc').length > 0)
      expect(ble.length).toBeGreaterThan(50)
      for (const p of ble) expect(JSON.stringify(p)).not.toContain('btle.crc.incorrect')
    })
  })
})
