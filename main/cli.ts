import { Command, CommanderError } from 'commander'
import { registerCommands } from './cli/commands'
import { UsageError } from './cli/common'
import { appVersion } from './runtime/version'

// provbench: the command line of the workstation (batch runs, capture analysis, lab control).
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('provbench')
    .description('Provbench: provision IoT devices onto Wi-Fi by every Alibaba IoT Platform method, and see why it failed')
    .version(appVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
  registerCommands(program)
  try {
    await program.parseAsync(argv)
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (error instanceof UsageError) {
      process.stderr.write(`provbench: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`provbench: ${(error as Error).message}\n`)
    return 1
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')
if (invokedDirectly) {
  runCli(process.argv).then((code) => {
    if (code !== 0) process.exitCode = code
  })
}
