import { z } from 'zod'

// A contract entry names its input and output and nothing else; both shells (Electron IPC and WebSocket) bind the
// same table, so an entry added here is reachable from both without further wiring.
export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly kind: 'command'
  readonly input: I
  readonly output: O
}

export interface StreamSpec<E extends z.ZodType = z.ZodType> {
  readonly kind: 'stream'
  readonly event: E
}

export const command = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): CommandSpec<I, O> => ({
  kind: 'command',
  input,
  output,
})

export const stream = <E extends z.ZodType>(event: E): StreamSpec<E> => ({ kind: 'stream', event })

export type Namespace = Record<string, CommandSpec | StreamSpec>
