// The BLE host protocol from the workstation's side, against a fake host process (in-memory stdio): state
// reports, scanning, a GATT session, values pushed by the peripheral, a link lost mid-write, the host dying.
import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import readline from 'node:readline'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BREEZE_COMPANY_ID } from '../../../main/codec/breeze/constants'
import { buildBreezeManufacturerData } from '../../../main/codec/breeze/advertisement'
import { BleError } from '../../../main/radio/ble/errors'
import { HardwareBleRadio } from '../../../main/radio/hardware/hardware-ble'
import type { HostProcess } from '../../../main/radio/host/ble-host'
import { parseHostLine } from '../../../main/radio/host/ble-host-messages'
import { encodeLine, type HostMessage, type HostRequest, parseHostRequest } from '../../../main/radio/host/ble-host-protocol'
import { describeBleState } from '../../../main/radio/host/remedies'

/** A host process whose stdout is driven by `answer`, a function of each request. */
function fakeHost(answer: (request: HostRequest, reply: (m: HostMessage) => void) => void) {
  const stdin = new PassThrough()
  const stdout = new PassThrough()
  const exits = new EventEmitter()
  const requests: HostRequest[] = []
  const reply = (m: HostMessage) => stdout.write(encodeLine(m))
  readline.createInterface({ input: stdin }).on('line', (line) => {
    const request = parseHostRequest(line)
    if (!request) throw new Error(`fake host got an invalid request: ${line}`)
    requests.push(request)
    answer(request, reply)
  })
  const process: HostProcess = {
    stdin,
    stdout,
    kill: () => exits.emit('exit', null, 'SIGKILL'),
    onExit: (listener) => exits.on('exit', listener),
  }
  return { process, requests, reply, exit: (code: number) => exits.emit('exit', code, null) }
}

const ready = describeBleState('poweredOn')
const breezeData = (() => {
  const m = buildBreezeManufacturerData({ version: 5, secretType: 'per-product', productId: 77, mac: '11:22:33:44:55:66' })
  if (!m.ok) throw new Error(m.error.reason)
  return Buffer.from(m.value).toString('hex')
})()

function gattHost() {
  return fakeHost((request, reply) => {
    const ok = (value?: unknown) => reply({ type: 'result', id: request.id, ok: true, ...(value !== undefined ? { value } : {}) })
    switch (request.op) {
      case 'scan-start':
        ok()
        reply({
          type: 'advertisement',
          adv: { address: '11:22:33:44:55:66', addressType: 'public', rssi: -61, connectable: true, localName: 'AZ', serviceUuids: ['feb3'], manufacturerData: breezeData },
        })
        return
      case 'connect':
        return ok({ link: 7, mtu: 185 })
      case 'discover':
        return ok([{ uuid: 'feb3', characteristics: [{ uuid: 'fed5', properties: ['read', 'write'] }, { uuid: 'fed6', properties: ['read', 'indicate'] }] }])
      case 'subscribe':
        ok()
        reply({ type: 'data', link: 7, service: request.service, characteristic: request.characteristic, value: '00110010' })
        return
      case 'write':
        if (request.value === 'dead') return reply({ type: 'disconnected', link: 7, reason: 'remote' })
        return ok()
      case 'read':
        return ok('0102')
      default:
        return ok()
    }
  })
}

describe('BLE host protocol', () => {
  it('reports the adapter state the host sends, with its remedy', async () => {
    const host = fakeHost(() => undefined)
    const radio = new HardwareBleRadio(() => host.process)
    const refreshing = radio.refresh()
    host.reply({ type: 'state', state: describeBleState('unauthorized') })
    const state = await refreshing
    expect(state).toMatchObject({ radio: 'ble', status: 'unavailable', reason: 'Not permitted to use Bluetooth.' })
    expect(state.remedy).toMatch(/setcap|Privacy|driver/)
    expect(radio.state()).toEqual(state)
  })

  it('scans: noble-shaped advertisements come out parsed, Breeze data included', async () => {
    const host = gattHost()
    const radio = new HardwareBleRadio(() => host.process)
    const refreshing = radio.refresh()
    host.reply({ type: 'state', state: ready })
    await refreshing
    const it = radio.scan({ durationMs: 2_000 })[Symbol.asyncIterator]()
    const first = await it.next()
    await it.return?.()
    expect(first.value).toMatchObject({ address: '11:22:33:44:55:66', rssi: -61, name: 'AZ', serviceUuids: [0xfeb3], connectable: true })
    expect(first.value.breeze).toMatchObject({ companyId: BREEZE_COMPANY_ID, productId: 77, mac: '11:22:33:44:55:66' })
    expect(host.requests.map((r) => r.op)).toEqual(['scan-start', 'scan-stop'])
  })

  it('runs a GATT session through the host: discover, subscribe (values pushed back), read, write', async () => {
    const host = gattHost()
    const radio = new HardwareBleRadio(() => host.process)
    const refreshing = radio.refresh()
    host.reply({ type: 'state', state: ready })
    await refreshing
    const conn = await radio.connect('11:22:33:44:55:66', { timeoutMs: 1_000 })
    expect(conn.mtu).toBe(185)
    expect(await conn.discover()).toEqual([{ uuid: 0xfeb3, characteristics: [{ uuid: 0xfed5, properties: ['read', 'write'] }, { uuid: 0xfed6, properties: ['read', 'indicate'] }] }])
    const pushed: string[] = []
    await conn.subscribe({ service: 0xfeb3, characteristic: 0xfed6 }, 'indicate', (v) => pushed.push(Buffer.from(v).toString('hex')))
    expect(pushed).toEqual(['00110010'])
    expect(Buffer.from(await conn.read({ service: 0xfeb3, characteristic: 0xfed5 })).toString('hex')).toBe('0102')
    await conn.write({ service: 0xfeb3, characteristic: 0xfed5 }, Uint8Array.of(1, 2, 3), { withResponse: true })
    expect(host.requests.find((r) => r.op === 'write')).toMatchObject({ link: 7, service: 'feb3', characteristic: 'fed5', value: '010203', withResponse: true })
    await expect(conn.subscribe({ service: 0xfeb3, characteristic: 0xfed5 }, 'notify', () => {})).rejects.toMatchObject({ code: 'not-found' })
  })

  it('turns a link lost mid-write into a disconnect event and a rejected write, not a crash', async () => {
    const host = gattHost()
    const radio = new HardwareBleRadio(() => host.process)
    const refreshing = radio.refresh()
    host.reply({ type: 'state', state: ready })
    await refreshing
    const conn = await radio.connect('11:22:33:44:55:66', { timeoutMs: 1_000 })
    const reasons: string[] = []
    conn.onDisconnect((r) => reasons.push(r))
    const error = await conn.write({ service: 0xfeb3, characteristic: 0xfed5 }, Uint8Array.of(0xde, 0xad), { withResponse: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BleError)
    expect((error as BleError).code).toBe('disconnected')
    expect(reasons).toEqual(['remote-terminated'])
    expect(conn.connected).toBe(false)
  })

  it('a host that dies fails what was pending, drops its links, and becomes an unavailable radio with a remedy', async () => {
    const host = fakeHost((request, reply) => {
      if (request.op === 'connect') reply({ type: 'result', id: request.id, ok: true, value: { link: 1 } })
    })
    const radio = new HardwareBleRadio(() => host.process)
    const refreshing = radio.refresh()
    host.reply({ type: 'state', state: ready })
    await refreshing
    const conn = await radio.connect('11:22:33:44:55:66', { timeoutMs: 1_000 })
    const reasons: string[] = []
    conn.onDisconnect((r) => reasons.push(r))
    const pending = conn.discover().catch((e: unknown) => e)
    host.exit(1)
    expect(((await pending) as BleError).code).toMatch(/unavailable|disconnected/)
    expect(reasons).toEqual(['radio-lost'])
    expect(radio.state()).toMatchObject({ status: 'unavailable', reason: expect.stringContaining('stopped') })
    await expect(radio.scan()[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'unavailable' })
    await expect(radio.connect('11:22:33:44:55:66', { timeoutMs: 100 })).rejects.toMatchObject({ code: 'unavailable' })
  })

  it('keeps the host\'s own report when it exits after saying why (no controller)', async () => {
    const host = fakeHost(() => undefined)
    const radio = new HardwareBleRadio(() => host.process)
    const refreshing = radio.refresh()
    const noController = describeBleState('error', Object.assign(new Error('socket'), { code: 'EAFNOSUPPORT' }))
    host.reply({ type: 'state', state: noController })
    await refreshing
    host.exit(0)
    expect(radio.state()).toEqual(noController)
  })

  it('ignores lines that are not protocol messages, whatever they are', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (line) => {
        expect(() => parseHostLine(line)).not.toThrow()
      }),
    )
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const parsed = parseHostLine(JSON.stringify(value))
        if (parsed) expect(['state', 'advertisement', 'result', 'data', 'disconnected']).toContain(parsed.type)
      }),
    )
    // The host side: any line is a request or nothing.
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))), (line) => {
        const request = parseHostRequest(line)
        if (request) expect(['scan-start', 'scan-stop', 'connect', 'discover', 'read', 'write', 'subscribe', 'disconnect']).toContain(request.op)
      }),
    )
    expect(parseHostRequest('{"id":1,"op":"write","link":1,"service":"feb3","characteristic":"fed5","value":"0g","withResponse":true}')).toBeUndefined()
    expect(parseHostLine('noble: hci0 up')).toBeUndefined()
    expect(parseHostLine('{"type":"data","link":1,"service":"feb3","characteristic":"fed6","value":"zz"}')).toBeUndefined()
    expect(parseHostLine('{"type":"disconnected","link":1,"reason":"remote"}')).toEqual({ type: 'disconnected', link: 1, reason: 'remote' })
  })
})
