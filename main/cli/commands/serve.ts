import type { Command } from 'commander'
import { Option } from 'commander'
import { startHeadless } from '../../server'
import { dataDirOption, profileOption, scenarioOption } from '../common'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the headless station: the UI over HTTP and the contract over WebSocket')
    .addOption(profileOption())
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'TCP port (0 = any free port)').default('7420').argParser((v) => Number.parseInt(v, 10)))
    .addOption(new Option('--allow-remote', 'allow a non-loopback --host (the token is then the only protection)'))
    .addOption(new Option('--lan-port <port>', 'UDP port of the LAN listener with hardware').default('5683').argParser((v) => Number.parseInt(v, 10)))
    .addOption(dataDirOption())
    .addOption(scenarioOption())
    .addOption(new Option('--reason <text>', 'why the headless station was chosen (printed on the start line)').hideHelp())
    .action(async (opts, command: Command) => {
      const start = (port: number) =>
        startHeadless({
          profile: opts.profile,
          host: opts.host,
          port,
          allowRemote: !!opts.allowRemote,
          dataDir: opts.dataDir,
          scenarioFile: opts.scenario,
          lanPort: opts.lanPort,
          shell: 'headless',
        })
      let headless
      try {
        headless = await start(opts.port)
      } catch (error) {
        // The default port may be taken (a second station); an explicit --port is the user's choice and is kept.
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || command.getOptionValueSource('port') !== 'default') throw error
        headless = await start(0)
      }
      const reason = opts.reason ? `${opts.reason}; ` : ''
      process.stdout.write(`Provbench: ${reason}headless station (${opts.profile} profile) at ${headless.url}\n`)
      const stop = async () => {
        await headless.close()
        process.exit(0)
      }
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
}
