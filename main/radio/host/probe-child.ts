// Runs in a child process: loads one hardware driver and reports what it found as one JSON line on stdout.
// Drivers that crash while loading (noble throws EAFNOSUPPORT asynchronously where there is no HCI socket) take only
// this child down; the parent turns that into a reported radio state.
import { createRequire } from 'node:module'
import fs from 'node:fs'
import type { RadioState } from '../../../preload/contract'
import { describeBleState, describeCapture, describeWifiError } from './remedies'

const require = createRequire(import.meta.url)
const radio = process.argv[2]
const captureInterface = process.argv[3] || undefined

function report(state: RadioState): never {
  process.stdout.write(`${JSON.stringify(state)}\n`)
  process.exit(0)
}

process.on('uncaughtException', (error: NodeJS.ErrnoException) => {
  if (radio === 'ble') report(describeBleState('error', error))
  report({ radio: radio as RadioState['radio'], status: 'unavailable', driver: radio, reason: error.message, remedy: 'See the README troubleshooting section.' })
})

async function probeBle(): Promise<never> {
  const noble = require('@abandonware/noble') as { state: string; on(event: 'stateChange', cb: (s: string) => void): void }
  const settled = (state: string) => report(describeBleState(state))
  if (noble.state && noble.state !== 'unknown') settled(noble.state)
  noble.on('stateChange', settled)
  setTimeout(() => settled(noble.state || 'unknown'), 4_000)
  return new Promise<never>(() => undefined)
}

async function probeWifi(): Promise<never> {
  const wireless = fs.existsSync('/sys/class/net') ? fs.readdirSync('/sys/class/net').filter((name) => fs.existsSync(`/sys/class/net/${name}/wireless`)) : []
  const wifi = require('node-wifi') as { init(o: { iface: string | null }): void; getCurrentConnections(cb: (e: Error | null, c: unknown[]) => void): void }
  wifi.init({ iface: wireless[0] ?? null })
  wifi.getCurrentConnections((error, connections) => {
    if (error) report(describeWifiError(error, wireless))
    report({ radio: 'wifi', status: 'ready', driver: 'node-wifi', details: { interface: wireless[0] ?? 'default', connections: connections.length } })
  })
  return new Promise<never>(() => undefined)
}

async function probeCapture(): Promise<never> {
  const pcap = require('pcap') as { findalldevs(): { name: string }[]; createSession(iface: string, options: Record<string, unknown>): { close(): void } }
  const devices = pcap.findalldevs().map((d) => d.name)
  const name = captureInterface ?? devices.find((d) => fs.existsSync(`/sys/class/net/${d}/phy80211`))
  let openError: Error | undefined
  if (name && devices.includes(name)) {
    try {
      pcap.createSession(name, { monitor: false, buffer_timeout: 0 }).close()
    } catch (error) {
      openError = error as Error
    }
  }
  report(describeCapture({ requested: captureInterface, chosen: name, devices, openError, wireless: !!name && fs.existsSync(`/sys/class/net/${name}/phy80211`) }))
}

/** Not a probe: a Wi-Fi scan through node-wifi, printed as one JSON array. */
async function scanWifi(): Promise<never> {
  const wifi = require('node-wifi') as { init(o: { iface: null }): void; scan(cb: (e: Error | null, n: Record<string, unknown>[]) => void): void }
  wifi.init({ iface: null })
  wifi.scan((error, networks) => {
    if (error) report(describeWifiError(error, []))
    process.stdout.write(`${JSON.stringify({ networks })}\n`)
    process.exit(0)
  })
  return new Promise<never>(() => undefined)
}

const probes: Record<string, () => Promise<never>> = { ble: probeBle, wifi: probeWifi, capture: probeCapture, 'wifi-scan': scanWifi }
const probe = probes[radio]
if (!probe) report({ radio: 'lan', status: 'unavailable', driver: 'probe', reason: `unknown radio ${radio}`, remedy: '' })
probe().catch((error: Error) => {
  if (radio === 'ble') report(describeBleState('error', error))
  report({ radio: radio as RadioState['radio'], status: 'unavailable', driver: radio, reason: error.message, remedy: 'See the README troubleshooting section.' })
})
