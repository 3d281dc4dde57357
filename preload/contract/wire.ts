import { z } from 'zod'
import { ContractError } from './common'

// The WebSocket envelope. Electron IPC carries the same call/event pairs without the envelope.
export const MAX_MESSAGE_BYTES = 1_048_576

export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), name: z.string().max(100), input: z.unknown() }),
  z.object({ t: z.literal('subscribe'), name: z.string().max(100) }),
  z.object({ t: z.literal('unsubscribe'), name: z.string().max(100) }),
])
export type ClientMessage = z.infer<typeof ClientMessage>

export const ServerMessage = z.union([
  z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(true), output: z.unknown() }),
  z.object({ t: z.literal('result'), id: z.number().int().nullable(), ok: z.literal(false), error: ContractError }),
  z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() }),
])
export type ServerMessage = z.infer<typeof ServerMessage>

export { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, IPC_SUBSCRIBE_CHANNEL } from './channels'
