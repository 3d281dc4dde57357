// Runs in a child process: the BLE host. Loads @abandonware/noble, reports the adapter state, and serves the
// requests of ble-host-protocol.ts (JSON lines on stdin, answers and events on stdout). Where there is no HCI
// socket noble throws EAFNOSUPPORT asynchronously: that is reported as the radio's state and the host exits.
import { createRequire } from 'node:module'
import readline from 'node:readline'
import type { RadioState } from '../../../preload/contract'
import { encodeLine, HOST_ERROR_CODES, type HostMessage, type HostRequest, parseHostRequest } from './ble-host-protocol'
import { describeBleState } from './remedies'

const require = createRequire(import.meta.url)

interface NobleCharacteristic {
  uuid: string
  properties: string[]
  read(cb: (error: unknown, data: Buffer) => void): void
  write(data: Buffer, withoutResponse: boolean, cb: (error: unknown) => void): void
  subscribe(cb: (error: unknown) => void): void
  on(event: 'data', cb: (data: Buffer, isNotification: boolean) => void): void
}
interface NobleService {
  uuid: string
  characteristics: NobleCharacteristic[]
}
interface NoblePeripheral {
  id: string
  address: string
  addressType: string
  connectable: boolean
  rssi: number
  state: string
  advertisement: { localName?: string; serviceUuids?: string[]; manufacturerData?: Buffer; serviceData?: { uuid: string; data: Buffer }[]; txPowerLevel?: number }
  connect(cb: (error: unknown) => void): void
  cancelConnect(): void
  disconnect(cb?: () => void): void
  discoverAllServicesAndCharacteristics(cb: (error: unknown, services: NobleService[]) => void): void
  once(event: 'disconnect', cb: (reason?: unknown) => void): void
}
interface Noble {
  state: string
  on(event: 'stateChange', cb: (state: string) => void): void
  on(event: 'discover', cb: (p: NoblePeripheral) => void): void
  startScanning(uuids: string[], allowDuplicates: boolean, cb?: (error?: Error) => void): void
  stopScanning(cb?: () => void): void
}

const send = (message: HostMessage) => process.stdout.write(encodeLine(message))
const reportState = (state: RadioState) => send({ type: 'state', state })

process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
  reportState(describeBleState('error', error))
  process.exit(0)
})

let noble: Noble
try {
  noble = require('@abandonware/noble') as Noble
} catch (error) {
  reportState(describeBleState('error', error as NodeJS.ErrnoException))
  process.exit(0)
}

const peripherals = new Map<string, NoblePeripheral>()
const links = new Map<number, { peripheral: NoblePeripheral; services: NobleService[] }>()
let nextLink = 1
let scanning = false
let scanRequested = false
let currentState = 'unknown'

noble.on('stateChange', (state) => {
  currentState = state
  reportState(describeBleState(state))
  if (state === 'poweredOn' && scanRequested && !scanning) startScan(false)
})
setTimeout(() => {
  if (currentState === 'unknown') reportState(describeBleState('unknown'))
}, 4_000)

noble.on('discover', (p) => {
  peripherals.set(p.address.toLowerCase(), p)
  const a = p.advertisement
  send({
    type: 'advertisement',
    adv: {
      address: p.address,
      addressType: p.addressType,
      rssi: p.rssi,
      connectable: p.connectable,
      ...(a.localName ? { localName: a.localName } : {}),
      ...(a.serviceUuids?.length ? { serviceUuids: a.serviceUuids } : {}),
      ...(a.manufacturerData ? { manufacturerData: a.manufacturerData.toString('hex') } : {}),
      ...(a.serviceData?.length ? { serviceData: a.serviceData.map((d) => ({ uuid: d.uuid, data: d.data.toString('hex') })) } : {}),
      ...(typeof a.txPowerLevel === 'number' ? { txPowerLevel: a.txPowerLevel } : {}),
    },
  })
})

function startScan(allowDuplicates: boolean): void {
  scanning = true
  noble.startScanning([], allowDuplicates)
}

const norm = (uuid: string) => uuid.toLowerCase().replace(/-/g, '')
const sameUuid = (a: string, b: string) => {
  const x = norm(a)
  const y = norm(b)
  return x === y || x === `0000${y}00001000800000805f9b34fb` || y === `0000${x}00001000800000805f9b34fb`
}

function characteristic(link: number, service: string, uuid: string): NobleCharacteristic {
  const entry = links.get(link)
  if (!entry) throw Object.assign(new Error(`no link ${link}`), { code: 'disconnected' })
  const c = entry.services.find((s) => sameUuid(s.uuid, service))?.characteristics.find((x) => sameUuid(x.uuid, uuid))
  if (!c) throw Object.assign(new Error(`no characteristic ${uuid} in service ${service} (discover first)`), { code: 'not-found' })
  return c
}

const callback = <T>(fn: (cb: (error: unknown, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(value as T))))

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case 'scan-start':
      scanRequested = true
      if (noble.state === 'poweredOn') startScan(request.allowDuplicates)
      return undefined
    case 'scan-stop':
      scanRequested = false
      scanning = false
      noble.stopScanning()
      return undefined
    case 'connect': {
      const peripheral = peripherals.get(request.address.toLowerCase())
      if (!peripheral) throw Object.assign(new Error(`${request.address} was not seen advertising; scan first`), { code: 'not-found' })
      const connected = callback<void>((cb) => peripheral.connect(cb))
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => {
          peripheral.cancelConnect()
          reject(Object.assign(new Error(`no connection within ${request.timeoutMs} ms`), { code: 'connect-timeout' }))
        }, request.timeoutMs),
      )
      await Promise.race([connected, timeout])
      const link = nextLink++
      links.set(link, { peripheral, services: [] })
      peripheral.once('disconnect', (reason) => {
        links.delete(link)
        send({ type: 'disconnected', link, reason: String(reason ?? 'remote') })
      })
      return { link, mtu: (peripheral as unknown as { mtu?: number }).mtu ?? 23 }
    }
    case 'discover': {
      const entry = links.get(request.link)
      if (!entry) throw Object.assign(new Error(`no link ${request.link}`), { code: 'disconnected' })
      entry.services = await callback<NobleService[]>((cb) => entry.peripheral.discoverAllServicesAndCharacteristics(cb))
      return entry.services.map((s) => ({ uuid: s.uuid, characteristics: s.characteristics.map((c) => ({ uuid: c.uuid, properties: c.properties })) }))
    }
    case 'read': {
      const data = await callback<Buffer>((cb) => characteristic(request.link, request.service, request.characteristic).read(cb))
      return data.toString('hex')
    }
    case 'write':
      await callback<void>((cb) => characteristic(request.link, request.service, request.characteristic).write(Buffer.from(request.value, 'hex'), !request.withResponse, cb))
      return undefined
    case 'subscribe': {
      const c = characteristic(request.link, request.service, request.characteristic)
      c.on('data', (data) => send({ type: 'data', link: request.link, service: request.service, characteristic: request.characteristic, value: data.toString('hex') }))
      await callback<void>((cb) => c.subscribe(cb))
      return undefined
    }
    case 'disconnect': {
      const entry = links.get(request.link)
      if (entry) await new Promise<void>((resolve) => entry.peripheral.disconnect(() => resolve()))
      return undefined
    }
  }
}

const input = readline.createInterface({ input: process.stdin })
input.on('line', (line) => {
  const request = parseHostRequest(line)
  if (!request) return
  handle(request).then(
    (value) => send({ type: 'result', id: request.id, ok: true, ...(value !== undefined ? { value } : {}) }),
    (error: Error & { code?: string }) => {
      const code = HOST_ERROR_CODES.find((c) => c === error.code) ?? 'att-error'
      send({ type: 'result', id: request.id, ok: false, error: { code, message: String(error.message).slice(0, 500) } })
    },
  )
})
// The workstation went away: so does the host (and with it any connection it held).
input.on('close', () => process.exit(0))
