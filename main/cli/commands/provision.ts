import type { Command } from 'commander'
import { Option } from 'commander'
import QRCode from 'qrcode'
import { MethodId, StartSession } from '../../../preload/contract'
import { listCaptureInterfaces } from '../../frames/capture-interfaces'
import { AirRecorder } from '../../lab/air-recorder'
import { CaptureRecorder } from '../../radio/capture/capture-recorder'
import { CaptureError } from '../../radio/capture/capture-source'
import { LivePcapSource } from '../../radio/capture/live-pcap-source'
import { Station } from '../../station'
import { CommandError } from '../../transport/handlers'
import { UsageError, dataDirOption, jsonOption, profileOption, resolvePassword, scenarioOption } from '../common'
import { printOutcome, printStepEvent, sessionJson } from '../session-output'

export function registerProvision(program: Command): void {
  program
    .command('provision')
    .description('run one provisioning session to its end; exit code 0 on success')
    .addOption(new Option('--method <id>', 'provisioning method').choices(MethodId.options).makeOptionMandatory())
    .requiredOption('--ssid <ssid>', 'Wi-Fi network name')
    .option('--password <password>', 'Wi-Fi password (visible to other local users; prefer --password-file or the prompt)')
    .option('--password-file <file>', 'read the Wi-Fi password from this file')
    .option('--bssid <bssid>', 'router BSSID, 12 hex digits (looked up by scanning when omitted)')
    .option('--device <id>', 'device id, name or address')
    .option('--product-key <key>', "the device's product key (smart-config with hardware: selects the productSecret saved for it)")
    .addOption(new Option('--encoding <encoding>', 'smart-config encoding').choices(['bcast', 'mcast', 'p2p']))
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the device to confirm').argParser((v) => Number.parseFloat(v)))
    .option('--capture <file>', 'write what the session put on the air to this pcapng file (hardware: a live capture)')
    .option('--capture-interface <name>', 'hardware profile: interface to capture on (default: Settings, else the first Wi-Fi interface)')
    .option('--capture-filter <bpf>', 'hardware profile: BPF filter for the capture (default: Settings)')
    .addOption(profileOption())
    .addOption(scenarioOption())
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(async (opts) => {
      const warn = (line: string) => process.stderr.write(`${line}\n`)
      // With --json, stdout carries only the result; the live steps go to stderr.
      const live = (line: string) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`)
      const password = await resolvePassword(opts, warn)
      const request = StartSession.safeParse({
        method: opts.method,
        target: { ssid: opts.ssid, password, ...(opts.bssid ? { bssid: opts.bssid } : {}) },
        ...(opts.device ? { deviceId: opts.device } : {}),
        options: {
          ...(opts.timeout !== undefined ? { confirmTimeoutMs: Math.round(opts.timeout * 1000) } : {}),
          ...(opts.encoding ? { encoding: opts.encoding } : {}),
          ...(opts.productKey ? { productKey: opts.productKey } : {}),
        },
      })
      if (!request.success) {
        const issue = request.error.issues[0]
        throw new UsageError(`${issue.path.join('.')}: ${issue.message}`)
      }
      const station = await Station.create({ profile: opts.profile, dataDir: opts.dataDir, scenarioFile: opts.scenario, shell: 'cli', ...(opts.captureInterface ? { captureInterface: opts.captureInterface } : {}) })
      // With hardware, the radios are probed in child processes; a method's availability depends on the answers.
      if (!station.lab) await station.refreshRadios()
      const recorder = opts.capture && station.lab ? new AirRecorder(station.lab.air, opts.capture, station.lab.scenario.workstation.position) : undefined
      let liveCapture: { recorder: CaptureRecorder; description: string } | undefined
      if (opts.capture && !station.lab) {
        try {
          liveCapture = await startLiveCapture(station, opts.capture, opts.captureInterface, opts.captureFilter)
          live(`  capture: ${liveCapture.description} → ${opts.capture}`)
        } catch (error) {
          await station.close()
          throw error
        }
      }
      let sessionId: string | undefined
      const onSignal = () => {
        if (sessionId) station.runner.cancel(sessionId)
      }
      process.once('SIGINT', onSignal)
      try {
        station.bus.on('sessions.updated', (event) => {
          if (event.session.id === sessionId) printStepEvent(event, live)
        })
        station.screen.onChange(() => {
          const shown = sessionId ? station.screen.get(sessionId) : undefined
          if (!shown || opts.json || !process.stdout.isTTY || station.lab) return
          // On hardware the camera has to see it: draw the QR in the terminal.
          void QRCode.toString(shown.text, { type: 'terminal', small: true }).then((art) => process.stdout.write(`${art}\n${shown.maskedText}\n`))
        })
        let summary
        try {
          summary = await station.runner.start(request.data)
        } catch (error) {
          if (error instanceof CommandError) throw new UsageError(error.message)
          throw error
        }
        sessionId = summary.id
        live(`${summary.method} → ${summary.target.ssid} (${summary.profile} profile), session ${summary.id}`)
        const session = await station.runner.wait(summary.id)
        if (recorder) {
          const frames = await recorder.close()
          live(`  capture: ${frames} frames written to ${opts.capture}`)
        }
        if (liveCapture) {
          const { frames, end } = await liveCapture.recorder.stop()
          liveCapture = undefined
          live(`  capture: ${frames} frames written to ${opts.capture}${end.droppedByCapture ? ` (${end.droppedByCapture} dropped by the OS)` : ''}${end.error ? `; the capture ended early: ${end.error.message}` : ''}`)
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(sessionJson(session), null, 2)}\n`)
        else printOutcome(session, live)
        process.exitCode = session.outcome === 'succeeded' ? 0 : session.outcome === 'cancelled' ? 130 : 1
      } finally {
        process.off('SIGINT', onSignal)
        if (liveCapture) await liveCapture.recorder.stop().catch(() => undefined)
        await station.close()
      }
    })
}

/**
 * Hardware profile: a live capture on the chosen interface (monitor mode where it can) written to `file` for the
 * whole session. It starts before anything is sent; when it cannot, nothing is sent and the reason is printed.
 */
async function startLiveCapture(station: Station, file: string, requested?: string, filter?: string): Promise<{ recorder: CaptureRecorder; description: string }> {
  const settings = station.settings()
  const name = requested ?? settings.captureInterface ?? listCaptureInterfaces().find((i) => i.wireless)?.name
  if (!name) throw new UsageError('--capture needs an interface to capture on: there is no Wi-Fi interface here; pass --capture-interface (or set one in Settings).')
  const bpf = filter ?? settings.captureFilter
  const source = new LivePcapSource({ interface: name, monitor: 'auto', ...(bpf ? { filter: bpf } : {}) })
  const recorder = new CaptureRecorder(source, file)
  try {
    await recorder.start()
  } catch (error) {
    if (error instanceof CaptureError) throw new CaptureStartError(`cannot capture on ${name}: ${error.message}${error.remedy ? ` ${error.remedy}` : ''}`)
    throw error
  }
  const mode = source.description.monitorMode ? 'monitor mode' : 'not in monitor mode: only this machine’s own traffic'
  return { recorder, description: `${name} (${mode}${bpf ? `, filter "${bpf}"` : ''})` }
}

/** The capture could not start: exit 1 with the reason, before the session sends anything. */
class CaptureStartError extends Error {}
