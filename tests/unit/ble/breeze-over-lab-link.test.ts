// The §10.4 worked example (PROTOCOLS-awss.md, checked against the device code) must cross the lab air byte for
// byte: the Breeze link (client state machine over a GATT connection) talks to the lab's FEB3 GATT server (device
// state machine) through the lab link layer, and the ATT writes and indications on the air carry exactly the
// documented frames.
import { describe, expect, it } from 'vitest'
import { parseAttPdu } from '../../../main/codec/ble/att'
import { toHex } from '../../../main/codec/ble/bytes'
import { parseL2capFrame } from '../../../main/codec/ble/l2cap'
import { parseDataPdu } from '../../../main/codec/ble/ll-data'
import { parseLinkLayerPacket } from '../../../main/codec/ble/ll-packet'
import { createBreezeDevice } from '../../../main/codec/breeze/device'
import { Air, type Reception } from '../../../main/lab/air'
import { createBreezeGattServer } from '../../../main/lab/devices/breeze-gatt'
import { BreezeLink } from '../../../main/radio/ble/breeze-link'
import { LabPeripheralLink } from '../../../main/radio/ble/lab/peripheral-link'
import { LabBleRadio } from '../../../main/radio/lab/lab-ble'
import { VirtualClock } from '../../../main/runtime/clock'
import { seededRandom } from '../../../main/runtime/random'

const RANDOM = new TextEncoder().encode('6020857211253677')
const AUTH_WRITES = ['111200099f50ccbc8dd0a11da16e63c641a7aca2', '12140002e742bade8aab226aeeffe2adcfc0d54f']
const AUTH_INDICATIONS = ['0011001036303230383537323131323533363737', '10130009ae11d45e7f0987448a5c67a19e10879c']
// The worked example sends the config with msg id 5; the link numbers its messages on (3 here), which changes only
// the header's low nibble: the encrypted blocks are independent of the id.
const CONFIG_FRAMES = ['150d10109739ba7649779bb4e225249bce16f25f', '150d110cb41d894fd0256b77797c84414b7b4a14']
const CONFIG_REPLY = '150e0005ea57a4510674d3462fd05df56d18fea6'
const withMsgId = (hex: string, id: number) => ((parseInt(hex.slice(0, 2), 16) & 0xf0) | id).toString(16).padStart(2, '0') + hex.slice(2)

async function settle<T>(clock: VirtualClock, promise: Promise<T>): Promise<T> {
  let done = false
  let value: T | undefined
  let error: unknown
  promise.then((v) => ((done = true), (value = v)), (e) => ((done = true), (error = e)))
  await clock.runUntil(clock.now() + 30_000, () => done)
  if (!done) throw new Error('did not settle')
  if (error) throw error
  return value as T
}

describe('Breeze over the lab link layer', () => {
  it('puts the §10.4 worked example on the air, ATT PDU by ATT PDU', async () => {
    const clock = new VirtualClock(5_000)
    const random = seededRandom(3)
    const air = new Air(clock, random)
    const env = { air, clock, random }
    const firmware = createBreezeDevice({ productKey: 'a1ProductKey', productSecret: 'abcdefghijklmnop', deviceName: 'lab-device-1', productId: 123456, mac: '11:22:33:44:55:66' })
    const configs: { ssid: string; password: string }[] = []
    let link!: LabPeripheralLink
    const server = createBreezeGattServer(clock, {
      firmware: () => firmware,
      responseDelayMs: () => 0,
      beforeWrite: () => true,
      step: (s) => {
        for (const e of s.events) if (e.type === 'wifi-config') configs.push({ ssid: new TextDecoder().decode(e.ssid), password: new TextDecoder().decode(e.password) })
      },
      terminate: () => link.terminate(),
      sendL2cap: (frame) => link.sendL2cap(frame),
      refuseConfig: () => false,
    })
    link = new LabPeripheralLink(env, 'device/ble', () => ({ x: 2, y: 0 }), {
      address: '11:22:33:44:55:66',
      advertisingData: () => {
        const a = firmware.advertisingData()
        if (!a.ok) throw new Error(a.error.reason)
        return a.value
      },
      scanResponse: () => Uint8Array.of(3, 9, 0x41, 0x5a),
      txPowerDbm: () => 0,
    }, {
      connected: () => firmware.connect(RANDOM),
      l2cap: (frame) => server.receive(frame),
      disconnected: () => {
        firmware.disconnect()
        server.reset()
      },
    })
    link.start()
    const onAir: { from: string; op: string; handle: number; value: string }[] = []
    air.tap((r: Reception) => {
      if (r.channel >= 37) return
      const ll = parseLinkLayerPacket(r.bytes)
      if (!ll.ok) return
      const pdu = parseDataPdu(ll.value.pdu)
      if (!pdu.ok || pdu.value.llid !== 2) return
      const l2cap = parseL2capFrame(pdu.value.payload)
      if (!l2cap.ok) return
      const att = parseAttPdu(l2cap.value.payload)
      if (att.ok && (att.value.op === 'write-req' || att.value.op === 'indication')) {
        const entry = { from: r.from, op: att.value.op, handle: att.value.handle, value: toHex(att.value.value) }
        const last = onAir[onAir.length - 1]
        // A retransmission is the same PDU again; the exchange is what matters.
        if (!last || JSON.stringify(last) !== JSON.stringify(entry)) onAir.push(entry)
      }
    }, { x: 1, y: 0 })

    const radio = new LabBleRadio(env, { x: 1, y: 0 })
    const conn = await settle(clock, radio.connect('11:22:33:44:55:66', { timeoutMs: 5_000 }))
    const breeze = new BreezeLink(conn, { productSecret: 'abcdefghijklmnop', secretType: 'per-product' }, clock)
    await settle(clock, breeze.subscribe())
    expect(await settle(clock, breeze.authenticate(10_000))).toEqual({ keyFrom: 'product-secret' })
    const sent = await settle(clock, breeze.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678', bssid: '11:22:33:44:55:66' }, 'aos'))
    expect(sent.frames).toBe(2)
    expect(await settle(clock, sent.reply(5_000))).toEqual({ result: 'success', code: 1 })
    await settle(clock, breeze.close())

    const writes = onAir.filter((e) => e.op === 'write-req' && e.handle === 0x0005).map((e) => e.value)
    const indications = onAir.filter((e) => e.op === 'indication' && e.handle === 0x0007).map((e) => e.value)
    expect(writes).toEqual([...AUTH_WRITES, ...CONFIG_FRAMES.map((f) => withMsgId(f, 3))])
    expect(indications).toEqual([...AUTH_INDICATIONS, withMsgId(CONFIG_REPLY, 3)])
    expect(onAir.filter((e) => e.op === 'write-req').every((e) => e.from.startsWith('workstation-ble/conn-'))).toBe(true)
    expect(onAir.filter((e) => e.op === 'indication').every((e) => e.from === 'device/ble')).toBe(true)
    // The firmware's callback got exactly the credentials (the model reads them as C strings).
    expect(configs).toEqual([{ ssid: 'MyWiFi', password: '12345678' }])
  })
})
