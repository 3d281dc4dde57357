import type { CommandInput, CommandName, CommandOutput } from '../../preload/contract'

export type Handler<N extends CommandName> = (input: CommandInput<N> & {}) => Promise<CommandOutput<N>> | CommandOutput<N>
export type HandlerTable = { [N in CommandName]?: Handler<N> }

/** A failure the caller should see as-is (bad input the schema could not catch, a missing session...). */
export class CommandError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-input' | 'unavailable' | 'failed',
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message)
  }
}
