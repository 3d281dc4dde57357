// Our client against our device model over an in-memory GATT link, then the §10 quirks one by one, then fuzz.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../../../main/codec/ble/bytes'
import {
  AUTH_RAND_FIRMWARE_BUG,
  BreezeChar,
  BreezeCmd,
  buildExtQuery,
  buildWifiConfigPayload,
  computeAuthId,
  createBreezeClient,
  createBreezeDevice,
  deriveSessionKey,
  describeClientAction,
  encodeMessage,
  ERR_FRAME,
  type BreezeClient,
  type BreezeClientOptions,
  type BreezeDevice,
  type BreezeDeviceOptions,
  type ClientEvent,
  type DeviceEvent,
  type DeviceStep,
} from '../../../../main/codec/breeze'

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s)
const hex = (s: string): Uint8Array => fromHex(s)!
const R1 = ascii('6020857211253677')
const R2 = ascii('1111222233334444')

const PS = 'abcdefghijklmnop'
const DS = 'DeviceSecret0123456789abcdefABCD'
const DEVICE: BreezeDeviceOptions = {
  productKey: 'a1ProductKey',
  productSecret: PS,
  deviceName: 'lab-device-0000000001',
  productId: 123456,
  mac: '11:22:33:44:55:66',
}

interface Trace {
  client: ClientEvent[]
  device: DeviceEvent[]
  /** Every value that crossed the link, tagged with its direction and characteristic. */
  air: string[]
}

/** Pump actions both ways until the link is quiet. Indications are delivered in order. */
function pump(client: BreezeClient, device: BreezeDevice, first: { actions: unknown[]; events: ClientEvent[] }): Trace {
  const trace: Trace = { client: [...first.events], device: [], air: [] }
  type Item = { from: 'client' | 'device'; action: any }
  const queue: Item[] = first.actions.map((action) => ({ from: 'client' as const, action }))
  const takeDevice = (s: DeviceStep): void => {
    trace.device.push(...s.events)
    queue.push(...s.actions.map((action) => ({ from: 'device' as const, action })))
  }
  const takeClient = (s: { actions: unknown[]; events: ClientEvent[] }): void => {
    trace.client.push(...s.events)
    queue.push(...s.actions.map((action) => ({ from: 'client' as const, action })))
  }
  for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
    const { from, action } = queue.shift()!
    if (from === 'client') {
      if (action.kind === 'subscribe') takeDevice(device.setSubscription(action.characteristic, action.mode))
      else if (action.kind === 'write') {
        trace.air.push(`> ${action.characteristic.toString(16)} ${toHex(action.value)}`)
        takeDevice(device.write(action.characteristic, action.value))
      } else if (action.kind === 'disconnect') {
        takeDevice(device.disconnect())
        queue.length = 0
      }
    } else if (action.kind === 'indicate' || action.kind === 'notify') {
      trace.air.push(`< ${action.characteristic.toString(16)} ${toHex(action.value)}`)
      takeClient(client.receive(action.value, action.kind === 'indicate' ? 'indication' : 'notification'))
    } else if (action.kind === 'disconnect') {
      takeClient(client.disconnected())
      takeDevice(device.disconnect())
      queue.length = 0
    }
  }
  return trace
}

function session(
  deviceOpts: Partial<BreezeDeviceOptions> = {},
  clientOpts: Partial<BreezeClientOptions> = {},
  random = R1,
): { client: BreezeClient; device: BreezeDevice; trace: Trace } {
  const device = createBreezeDevice({ ...DEVICE, ...deviceOpts })
  const client = createBreezeClient({ productSecret: PS, secretType: device.secretType, ...clientOpts })
  device.connect(random)
  return { client, device, trace: pump(client, device, client.start()) }
}

const wifiEvents = (t: Trace) => t.device.filter((e) => e.type === 'wifi-config')
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

describe('client against device model', () => {
  it('per-product: authenticates and delivers the Wi-Fi config', () => {
    const { client, device, trace } = session()
    expect(trace.client).toContainEqual({ type: 'authenticated', keyFrom: 'product-secret' })
    expect(trace.device).toContainEqual({ type: 'authenticated' })
    expect(device.authState).toBe('done')
    const t = pump(client, device, client.sendWifiConfig({ ssid: 'Home', password: 'correct horse', bssid: 'a0:b1:c2:d3:e4:f5' }))
    expect(t.client).toEqual([{ type: 'wifi-config-accepted', reply: { result: 'success', code: 1 } }])
    expect(wifiEvents(t).map((e) => e.type === 'wifi-config' && [text(e.ssid), text(e.password), toHex(e.bssid)])).toEqual([
      ['Home', 'correct horse', 'a0b1c2d3e4f5'],
    ])
  })

  it('per-device: reads AUTH_KEY, moves to the device secret, authenticates', () => {
    const seen: string[] = []
    const { client, device, trace } = session(
      { deviceSecret: DS },
      { deviceSecret: (dn) => (seen.push(dn), dn === DEVICE.deviceName ? DS : undefined) },
    )
    expect(seen).toEqual([DEVICE.deviceName])
    // AUTH_KEY went out with the enc bit cleared and byte 3 counting the padding: 21 bytes -> 16 + 16
    expect(trace.air.filter((a) => a.startsWith('< fed6 0015')).map((a) => a.slice(7, 15))).toEqual(['00151010', '00151110'])
    expect(trace.client).toContainEqual({ type: 'device-name', deviceName: DEVICE.deviceName })
    expect(trace.client).toContainEqual({ type: 'authenticated', keyFrom: 'device-secret' })
    const t = pump(client, device, client.sendWifiConfig({ ssid: 'S'.repeat(32), password: 'p'.repeat(64) }))
    expect(t.client[0]).toMatchObject({ type: 'wifi-config-accepted' })
  })

  it('sends one AES block per frame at any MTU, and can write without response', () => {
    const { client, device } = session({}, { attMtu: 247, writeWith: 'wwnrc' })
    const t = pump(client, device, client.sendWifiConfig({ ssid: 'S'.repeat(32), password: 'p'.repeat(64) }))
    const writes = t.air.filter((a) => a.startsWith('> fed7'))
    expect(writes.length).toBe(Math.ceil(102 / 16))
    for (const w of writes) expect(w.length - 7).toBe(40)
    expect(t.client[0]).toMatchObject({ type: 'wifi-config-accepted' })
  })

  it('describes its writes for logs without their bytes', () => {
    const client = createBreezeClient({ productSecret: PS, secretType: 'per-product' })
    client.start()
    const step = client.receive(hex('0011001036303230383537323131323533363737'), 'indication')
    const line = describeClientAction(step.actions[0])
    expect(line).toBe('write 0xfed5 AUTH_REQ frame 1/1 (20 bytes)')
    expect(line).not.toMatch(/9f50/)
  })

  it('answers extended queries', () => {
    const { client, device } = session()
    const q = buildExtQuery([0x01, 0x02, 0x03, 0x04, 0x05])
    if (!q.ok) throw new Error(q.error.reason)
    const t = pump(client, device, client.sendExtCommand(q.value))
    const reply = t.client.find((e) => e.type === 'ext-reply')
    expect(reply && reply.type === 'ext-reply' && reply.tlvs.map((x) => [x.type, x.value.length])).toEqual([
      [1, 12],
      [2, 12],
      [3, 21],
      [4, 16],
      [5, 32],
    ])
    const repeated = pump(client, device, client.sendExtCommand(hex('01000100')))
    expect(repeated.client).toContainEqual({ type: 'ext-refused', reason: 'device answered ERR to the extended command' })
  })

  it('explains a wrong product secret: the device drops the link after AUTH_REQ', () => {
    const { client, trace } = session({}, { productSecret: 'wrong-secret-000' })
    expect(trace.device).toContainEqual({ type: 'auth-failed', reason: 'AUTH_REQ did not decrypt to "Hi,Server" (secret mismatch)' })
    const failed = trace.client.find((e) => e.type === 'failed')
    expect(failed).toMatchObject({ failure: 'disconnected' })
    expect(failed && failed.type === 'failed' && failed.reason).toMatch(/secret does not match/)
    expect(client.state).toBe('failed')
  })

  it('says "AUTH_RAND undecodable: device firmware bug" instead of timing out', () => {
    const { client, trace } = session({ authRandEncryptedBug: true })
    expect(trace.client).toContainEqual({ type: 'failed', failure: 'auth-rand-firmware-bug', reason: AUTH_RAND_FIRMWARE_BUG })
    expect(client.state).toBe('failed')
    // and the frame on air was the quirky one: clear header, 16 bytes, not digits
    expect(trace.air[0].slice(0, 15)).toBe('< fed6 00110010')
  })

  it('fails clearly when no device secret is known for the name AUTH_KEY reveals', () => {
    const { trace } = session({ deviceSecret: DS }, { deviceSecret: () => undefined })
    expect(trace.client).toContainEqual({
      type: 'failed',
      failure: 'no-device-secret',
      reason: `no device secret known for device name "${DEVICE.deviceName}"`,
    })
  })
})

describe('device model quirks (§10)', () => {
  const authReq = (random: Uint8Array, payload = 'Hi,Server', encrypt = true): Uint8Array[] => {
    const r = encodeMessage({
      cmd: BreezeCmd.AUTH_REQ,
      msgId: 1,
      payload: ascii(payload),
      key: encrypt ? deriveSessionKey(PS, random) : undefined,
    })
    if (!r.ok) throw new Error(r.error.reason)
    return r.value
  }
  const sent = (s: DeviceStep): string[] => s.actions.map((a) => (a.kind === 'disconnect' ? 'disconnect' : `${a.kind} ${toHex(a.value)}`))

  it('sends AUTH_RAND only once both CCCDs are on; auth before that earns ERR', () => {
    const device = createBreezeDevice(DEVICE)
    device.connect(R1)
    expect(sent(device.setSubscription(BreezeChar.ic, 'indicate'))).toEqual([])
    expect(sent(device.write(BreezeChar.wc, authReq(R1)[0]))).toEqual([`indicate ${toHex(ERR_FRAME)}`])
    expect(device.authState).toBe('connected')
    expect(sent(device.setSubscription(BreezeChar.nc, 'notify'))).toEqual(['indicate 0011001036303230383537323131323533363737'])
  })

  it('refuses extended commands before authentication, and the client will not send them', () => {
    const device = createBreezeDevice(DEVICE)
    device.connect(R1)
    device.setSubscription(BreezeChar.ic, 'indicate')
    device.setSubscription(BreezeChar.nc, 'notify')
    const cfg = buildWifiConfigPayload({ ssid: 'MyWiFi', password: '12345678' })
    if (!cfg.ok) throw new Error(cfg.error.reason)
    const frames = encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 3, payload: cfg.value, key: deriveSessionKey(PS, R1) })
    if (!frames.ok) throw new Error(frames.error.reason)
    const steps = frames.value.map((f) => device.write(BreezeChar.wc, f))
    const last = steps[steps.length - 1]
    expect(sent(last)).toEqual([`indicate ${toHex(ERR_FRAME)}`])
    expect(last.events).toContainEqual({ type: 'ext-refused', reason: 'extended command before authentication' })
    expect(steps.flatMap((s) => s.events).some((e) => e.type === 'wifi-config')).toBe(false)

    const client = createBreezeClient({ productSecret: PS, secretType: 'per-product' })
    client.start()
    const early = client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678' })
    expect(early.actions).toEqual([])
    expect(early.events[0]).toMatchObject({ type: 'transport-error' })
  })

  it('AOS: nested TLV 0x04 -> the callback fires with SSID/password, then ERR', () => {
    const { client, device } = session()
    const t = pump(
      client,
      device,
      client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678', appToken: hex('00112233445566778899aabbccddeeff') }, { profile: 'ics' }),
    )
    expect(t.device.map((e) => e.type)).toEqual(['wifi-config', 'ext-refused'])
    const cb = t.device[0]
    expect(cb.type === 'wifi-config' && [text(cb.ssid), text(cb.password), cb.accepted]).toEqual(['MyWiFi', '12345678', false])
    expect(t.air[t.air.length - 1]).toBe(`< fed6 ${toHex(ERR_FRAME)}`)
    const rejected = t.client.find((e) => e.type === 'wifi-config-rejected')
    expect(rejected && rejected.type === 'wifi-config-rejected' && rejected.reason).toMatch(/may already be trying/)
  })

  it('AOS: a shorter second config in the same boot keeps the tails of the first ("ab" after "MyWiFi" -> "abWiFi")', () => {
    const { client, device } = session()
    pump(client, device, client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678' }))
    device.disconnect()
    // a new connection, same boot
    const c2 = createBreezeClient({ productSecret: PS, secretType: 'per-product' })
    device.connect(R2)
    pump(c2, device, c2.start())
    const t = pump(c2, device, c2.sendWifiConfig({ ssid: 'ab', password: '' }))
    const cb = wifiEvents(t)[0]
    expect(cb.type === 'wifi-config' && [text(cb.ssid), text(cb.password)]).toEqual(['abWiFi', '12345678'])
    device.reboot()
    const c3 = createBreezeClient({ productSecret: PS, secretType: 'per-product' })
    device.connect(R1)
    pump(c3, device, c3.start())
    const after = wifiEvents(pump(c3, device, c3.sendWifiConfig({ ssid: 'ab', password: '' })))[0]
    expect(after.type === 'wifi-config' && [text(after.ssid), text(after.password)]).toEqual(['ab', ''])
  })

  it('ICS: accepts the app token and clears the buffers per config', () => {
    const { client, device } = session({ wifiConfig: 'ics' })
    const token = hex('00112233445566778899aabbccddeeff')
    const t = pump(client, device, client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678', appToken: token }, { profile: 'ics' }))
    expect(t.client[0]).toMatchObject({ type: 'wifi-config-accepted' })
    expect(wifiEvents(t)[0]).toMatchObject({ appToken: token, accepted: true })
    const again = wifiEvents(pump(client, device, client.sendWifiConfig({ ssid: 'ab', password: '' }, { profile: 'ics' })))[0]
    expect(again.type === 'wifi-config' && text(again.ssid)).toBe('ab')
  })

  it('BZ207: replies with the token type', () => {
    const { client, device } = session({ wifiConfig: 'bz207' })
    const t = pump(client, device, client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678', tokenType: 2 }, { profile: 'bz207' }))
    expect(t.client).toEqual([{ type: 'wifi-config-accepted', reply: { result: 'success', code: 1, tokenType: 2 } }])
  })

  it('drops an unencrypted AUTH_REQ silently (newest transport) but the older one takes it', () => {
    for (const older of [false, true]) {
      const device = createBreezeDevice({ ...DEVICE, dispatchUnencryptedAuth: older })
      device.connect(R1)
      device.setSubscription(BreezeChar.ic, 'indicate')
      device.setSubscription(BreezeChar.nc, 'notify')
      const s = device.write(BreezeChar.wc, authReq(R1, 'Hi,Server', false)[0])
      if (older) expect(sent(s)).toEqual(['indicate 10130009ae11d45e7f0987448a5c67a19e10879c'])
      else {
        expect(sent(s)).toEqual([])
        expect(s.events).toEqual([{ type: 'dropped', reason: 'AUTH_REQ without the enc bit is dropped silently' }])
      }
    }
  })

  it('takes any prefix of "Hi,Server" (memcmp over the shorter length)', () => {
    const device = createBreezeDevice(DEVICE)
    device.connect(R1)
    device.setSubscription(BreezeChar.ic, 'indicate')
    device.setSubscription(BreezeChar.nc, 'notify')
    expect(device.write(BreezeChar.wc, authReq(R1, 'Hi')[0]).actions).toHaveLength(1)
    expect(device.authState).toBe('req-recvd')
  })

  it('overflows on an encrypted frame of two blocks (it decrypts into a one-block buffer)', () => {
    const { device } = session()
    // enc bit, EXT_DOWN, 1 frame, byte 3 = 32: a client that packed two blocks into one frame
    const s = device.write(BreezeChar.wc, hex('1d0d0020' + '00'.repeat(32)))
    expect(s.events).toEqual([
      { type: 'firmware-fault', reason: "encrypted frame of 32 payload bytes overflows the device's 16-byte decrypt buffer" },
    ])
    expect(s.actions).toContainEqual(expect.objectContaining({ kind: 'disconnect' }))
    expect(device.connected).toBe(false)
  })

  it('reports transport errors as ERR notifications on NC', () => {
    const { client, device } = session()
    const frames = encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 6, payload: new Uint8Array(40), key: deriveSessionKey(PS, R1) })
    if (!frames.ok) throw new Error(frames.error.reason)
    device.write(BreezeChar.wc, frames.value[0])
    const gap = device.write(BreezeChar.wc, frames.value[2])
    expect(gap.events).toEqual([{ type: 'transport-error', reason: 'gap: frame(s) 2..2 of 3 missing before frame 3' }])
    expect(sent(gap)).toEqual([`notify ${toHex(ERR_FRAME)}`])
    expect(client.receive(ERR_FRAME, 'notification').events).toEqual([
      { type: 'device-error', via: 'notification', during: 'authenticated' },
    ])
  })

  it('disconnects when the caller says the auth timer fired', () => {
    const device = createBreezeDevice(DEVICE)
    device.connect(R1)
    const s = device.authTimeout()
    expect(s.events).toEqual([{ type: 'auth-failed', reason: 'authentication timed out' }])
    expect(s.actions).toEqual([{ kind: 'disconnect', reason: 'authentication timed out' }])
  })

  it('offline re-auth: AOS falls through to failure after AUTH_RSP; a fixed firmware accepts the stored key', () => {
    for (const fallsThrough of [true, false]) {
      const keyStore = new Map<string, Uint8Array>()
      const opts = { deviceSecret: DS, offlineAuth: true, keyStore, offlineAuthFallsThrough: fallsThrough }
      const first = session(opts, { deviceSecret: () => DS }, R1)
      expect(first.trace.client).toContainEqual({ type: 'authenticated', keyFrom: 'device-secret' })
      expect([...keyStore.keys()]).toEqual([toHex(computeAuthId(R1))])
      first.device.disconnect()
      const device = first.device
      const client = createBreezeClient({
        productSecret: PS,
        secretType: 'per-device',
        deviceSecret: () => DS,
        offlineAuth: { authId: computeAuthId(R1), authKey: deriveSessionKey(DS, R1) },
      })
      device.connect(R2)
      const t = pump(client, device, client.start())
      expect(t.air.some((a) => a.startsWith('> fed5 1') && a.slice(9, 11) === '16')).toBe(true)
      if (fallsThrough) {
        expect(t.device).toContainEqual({
          type: 'auth-failed',
          reason: 'AUTH_REKEY falls through to the AUTH_REQ check (auth.c has no else) and fails',
        })
        expect(device.connected).toBe(false)
      } else {
        expect(t.client).toContainEqual({ type: 'authenticated', keyFrom: 'offline-key' })
        expect(device.authState).toBe('done')
        const cfg = pump(client, device, client.sendWifiConfig({ ssid: 'MyWiFi', password: '12345678' }))
        expect(cfg.client[0]).toMatchObject({ type: 'wifi-config-accepted' })
      }
    }
  })
})

describe('fuzz: the state machines never throw', () => {
  const wc = (v: Uint8Array) => ({ op: 'write' as const, v })
  it('device model under random GATT traffic', () => {
    const good = encodeMessage({ cmd: BreezeCmd.AUTH_REQ, msgId: 1, payload: ascii('Hi,Server'), key: deriveSessionKey(PS, R1) })
    const cfg = buildWifiConfigPayload({ ssid: 'MyWiFi', password: '12345678', bssid: '11:22:33:44:55:66' })
    if (!good.ok || !cfg.ok) throw new Error('setup')
    const ext = encodeMessage({ cmd: BreezeCmd.EXT_DOWN, msgId: 5, payload: cfg.value, key: deriveSessionKey(PS, R1) })
    if (!ext.ok) throw new Error('setup')
    const seeds = [...good.value, ...ext.value, hex('12140002e742bade8aab226aeeffe2adcfc0d54f')]
    const value = fc.oneof(
      fc.constantFrom(...seeds),
      fc.uint8Array({ maxLength: 60 }),
      fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, at, b]) => {
        const m = Uint8Array.from(s)
        m[at % m.length] = b
        return m
      }),
    )
    const op = fc.oneof(
      value.map(wc),
      fc.record({ op: fc.constant('ccc' as const), ch: fc.constantFrom(BreezeChar.ic, BreezeChar.nc, 0x1234), mode: fc.constantFrom('indicate', 'notify', 'off') as fc.Arbitrary<'indicate' | 'notify' | 'off'> }),
      fc.constantFrom({ op: 'connect' as const }, { op: 'timeout' as const }, { op: 'disconnect' as const }, { op: 'reboot' as const }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom<Partial<BreezeDeviceOptions>>({}, { deviceSecret: DS, offlineAuth: true }, { wifiConfig: 'ics', authRandEncryptedBug: true }, { wifiConfig: 'bz207', dispatchUnencryptedAuth: true }),
        fc.array(op, { maxLength: 40 }),
        (extra, ops) => {
          const d = createBreezeDevice({ ...DEVICE, ...extra })
          for (const o of ops) {
            const s =
              o.op === 'write'
                ? d.write(BreezeChar.wc, o.v)
                : o.op === 'ccc'
                  ? d.setSubscription(o.ch, o.mode)
                  : o.op === 'connect'
                    ? d.connect(R1)
                    : o.op === 'timeout'
                      ? d.authTimeout()
                      : o.op === 'disconnect'
                        ? d.disconnect()
                        : (d.reboot(), { actions: [], events: [] })
            for (const a of s.actions) if (a.kind !== 'disconnect') expect(a.value.length).toBeLessThanOrEqual(20)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('client under random indications and notifications', () => {
    const seeds = [
      '0011001036303230383537323131323533363737',
      '10130009ae11d45e7f0987448a5c67a19e10879c',
      '150e0005ea57a4510674d3462fd05df56d18fea6',
      '000f0000',
      '00151010' + '00'.repeat(16),
    ].map(hex)
    const value = fc.oneof(
      fc.constantFrom(...seeds),
      fc.uint8Array({ maxLength: 40 }),
      fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, at, b]) => {
        const m = Uint8Array.from(s)
        m[at % m.length] = b
        return m
      }),
    )
    fc.assert(
      fc.property(
        fc.constantFrom<'per-product' | 'per-device'>('per-product', 'per-device'),
        fc.array(fc.tuple(value, fc.boolean()), { maxLength: 30 }),
        (secretType, inbound) => {
          const c = createBreezeClient({ productSecret: PS, secretType, deviceSecret: () => DS })
          c.start()
          for (const [v, ind] of inbound) {
            const s = c.receive(v, ind ? 'indication' : 'notification')
            for (const e of s.events) if (e.type === 'failed' || e.type === 'transport-error') expect(e.reason.length).toBeGreaterThan(0)
            if (c.state === 'authenticated') c.sendWifiConfig({ ssid: 'x', password: 'y' })
          }
          c.disconnected()
        },
      ),
      { numRuns: 300 },
    )
  })
})
