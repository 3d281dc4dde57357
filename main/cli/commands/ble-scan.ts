import type { Command } from 'commander'
import { Option } from 'commander'
import type { BleDeviceView } from '../../../preload/contract'
import { Station } from '../../station'
import { CommandError } from '../../transport/handlers'
import { UsageError, dataDirOption, jsonOption, profileOption, scenarioOption } from '../common'

/** `provbench ble-scan`: what the Scanner page shows, once, for scripts and for picking a --device. */
export function registerBleScan(program: Command): void {
  program
    .command('ble-scan')
    .description('scan for Bluetooth LE devices for a few seconds and list them (Breeze product ids and flags included)')
    .addOption(new Option('--duration <seconds>', 'how long to listen').default('4').argParser((v) => Number.parseFloat(v)))
    .option('--breeze-only', 'list only Breeze (ble-config) devices')
    .addOption(profileOption())
    .addOption(scenarioOption())
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(async (opts) => {
      const seconds = opts.duration as number
      if (!Number.isFinite(seconds) || seconds < 1 || seconds > 600) throw new UsageError('--duration must be 1 to 600 seconds.')
      const station = await Station.create({ profile: opts.profile, dataDir: opts.dataDir, scenarioFile: opts.scenario, shell: 'cli' })
      try {
        // On hardware the BLE host reports its adapter first; in the lab the radio is ready at once.
        if (station.radios.ble.state().status === 'checking') await station.refreshRadios()
        const start = station.handlers['ble.startScan']!
        try {
          await start({ durationMs: Math.round(seconds * 1000) + 1_000 })
        } catch (error) {
          if (error instanceof CommandError) throw new UsageError(error.message)
          throw error
        }
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
        const { devices } = await station.handlers['ble.devices']!({})
        const shown = devices.filter((d) => !opts.breezeOnly || d.breeze).sort((a, b) => b.rssi - a.rssi)
        if (opts.json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`)
        else printTable(shown)
      } finally {
        await station.close()
      }
    })
}

function printTable(devices: BleDeviceView[]): void {
  if (devices.length === 0) return void process.stdout.write('No Bluetooth LE devices heard.\n')
  process.stdout.write(`${'ADDRESS'.padEnd(18)} ${'RSSI'.padStart(5)}  ${'NAME'.padEnd(12)} ${'BREEZE'.padEnd(34)} DEVICE\n`)
  for (const d of devices) {
    const breeze = d.breeze ? `product ${d.breeze.productId} v${d.breeze.version} ${d.breeze.secretType}${d.breeze.ota ? ' ota' : ''}` : ''
    process.stdout.write(`${d.address.padEnd(18)} ${String(d.rssi).padStart(5)}  ${(d.name ?? '').padEnd(12)} ${breeze.padEnd(34)} ${d.deviceId}\n`)
  }
}
