import type { Command } from 'commander'
import { Option } from 'commander'
import { SessionStore } from '../../sessions/store'
import { dataDirOption, formatMs, jsonOption } from '../common'

export function registerSessions(program: Command): void {
  program
    .command('sessions')
    .description('list stored sessions, newest first')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .addOption(new Option('--limit <n>', 'how many').default('50').argParser((v) => Number.parseInt(v, 10)))
    .action((opts) => {
      // Reading needs no secret box: the list never contains a secret.
      const store = SessionStore.open(opts.dataDir)
      try {
        const sessions = store.list({ limit: opts.limit })
        if (opts.json) return void process.stdout.write(`${JSON.stringify(sessions, null, 2)}\n`)
        if (sessions.length === 0) return void process.stdout.write(`No sessions in ${opts.dataDir}.\n`)
        for (const s of sessions) {
          const duration = s.endedAt ? formatMs(s.endedAt - s.startedAt) : 'running'
          const cause = s.cause ? `  ${s.cause.id}` : ''
          process.stdout.write(
            `${s.id}  ${new Date(s.startedAt).toISOString()}  ${s.method.padEnd(13)} ${s.target.ssid.padEnd(16)} ${s.outcome.padEnd(11)} ${duration.padStart(8)}${cause}\n`,
          )
        }
      } finally {
        store.close()
      }
    })
}
