import fs from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import { Option } from 'commander'
import { environmentAtExport } from '../../bundle/environment'
import { BundleError, exportBundle } from '../../bundle/export-bundle'
import { SessionRecords } from '../../bundle/session-records'
import { loadScenario } from '../../lab/scenario'
import { keyFileBox } from '../../sessions/secret-box'
import { SessionStore } from '../../sessions/store'
import { defaultScenarioFile } from '../../station'
import { UsageError, dataDirOption, formatMs, jsonOption, readSecretFile, scenarioOption } from '../common'

export function registerBundle(program: Command): void {
  program
    .command('bundle')
    .description('write a support bundle for one session: timeline, frames around it (pcapng), environment; secrets redacted')
    .argument('<session-id>', 'the session (see `provbench sessions`)')
    .option('--out <file>', 'where to write the bundle (default: provbench-<method>-<session>.tar in this folder)')
    .addOption(new Option('--secret-file <file>', 'also redact every line of this file (secrets this machine does not know)'))
    .addOption(scenarioOption())
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action(async (sessionId: string, opts) => {
      if (!fs.existsSync(path.join(opts.dataDir, 'provbench.db'))) throw new UsageError(`No Provbench data in ${opts.dataDir} (use --data-dir).`)
      // Saved product secrets are redacted too; the key is read only if it exists (a bundle never creates one).
      const box = fs.existsSync(path.join(opts.dataDir, 'secret.key')) ? keyFileBox(opts.dataDir) : undefined
      const store = SessionStore.open(opts.dataDir, box)
      try {
        const secrets = knownSecrets(store, opts.scenario, opts.secretFile)
        let bundle
        try {
          bundle = await exportBundle(sessionId, {
            store,
            records: new SessionRecords(opts.dataDir),
            environmentNow: () => environmentAtExport(store.get(sessionId)?.profile ?? 'lab'),
            secrets,
          })
        } catch (error) {
          if (error instanceof BundleError) throw new UsageError(error.message)
          throw error
        }
        const out = path.resolve(opts.out ?? bundle.fileName)
        fs.writeFileSync(out, bundle.bytes, { mode: 0o600 })
        const { manifest } = bundle
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ file: out, size: bundle.bytes.length, manifest }, null, 2)}\n`)
          return
        }
        const span = formatMs(manifest.frames.toMs - manifest.frames.fromMs)
        process.stdout.write(`${out}  (${(bundle.bytes.length / 1024).toFixed(1)} KiB)\n`)
        process.stdout.write(
          `  frames: ${manifest.frames.count} from ${manifest.frames.source}${manifest.frames.count ? ` over ${span}` : ''}${manifest.frames.truncated ? ' (truncated)' : ''}\n`,
        )
        process.stdout.write(`  secrets redacted: ${manifest.redaction.replaced}\n`)
        process.stdout.write(`  open it in Provbench (Timing > Open a bundle), or: tar -xf ${path.basename(out)} frames.pcapng && wireshark frames.pcapng\n`)
      } finally {
        store.close()
      }
    })
}

/** The secrets this machine knows by name: saved product secrets, the lab scenario's, and a file of extra ones. */
function knownSecrets(store: SessionStore, scenarioFile: string | undefined, secretFile: string | undefined): string[] {
  const secrets: string[] = []
  for (const name of store.listSecretNames('product')) {
    try {
      const value = store.getSecret('product', name)
      if (value) secrets.push(value)
    } catch {
      // A secret sealed with another key (Electron's safeStorage) cannot be read here; it cannot be in the frames as text either.
    }
  }
  try {
    const scenario = loadScenario(scenarioFile ?? defaultScenarioFile())
    for (const router of scenario.routers) secrets.push(router.password)
    for (const product of scenario.products) secrets.push(product.productSecret)
    for (const device of scenario.devices) if (device.deviceSecret) secrets.push(device.deviceSecret)
  } catch (error) {
    if (scenarioFile) throw new UsageError((error as Error).message)
  }
  if (secretFile) secrets.push(...readSecretFile(secretFile, 'secret').split(/\r?\n/).filter(Boolean))
  return secrets
}
