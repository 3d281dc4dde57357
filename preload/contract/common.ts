import { z } from 'zod'

// One name for one thing everywhere: the method ids are the seed's own.
export const MethodId = z.enum(['ble-config', 'smart-config', 'dev-ap-config', 'webcam-config', 'zero-config', 'mesh', 'combo-mesh'])
export type MethodId = z.infer<typeof MethodId>

export const Encoding = z.enum(['bcast', 'mcast', 'p2p'])
export type Encoding = z.infer<typeof Encoding>

export const Profile = z.enum(['lab', 'hardware'])
export type Profile = z.infer<typeof Profile>

export const Language = z.enum(['en', 'zh-CN'])
export type Language = z.infer<typeof Language>

const utf8Length = (s: string) => new TextEncoder().encode(s).length

export const Ssid = z
  .string()
  .refine((s) => utf8Length(s) >= 1 && utf8Length(s) <= 32, { message: 'SSID must be 1 to 32 bytes in UTF-8' })

/** Colon, dash or no separators; 12 hex digits. Methods normalise it. */
export const Bssid = z.string().max(32)

/** A secret never travels from main to the renderer; it only ever goes in. */
export const WifiPassword = z
  .string()
  .refine((s) => utf8Length(s) <= 64, { message: 'Password must be at most 64 bytes in UTF-8' })

export const WifiTargetInput = z.object({
  ssid: Ssid,
  bssid: Bssid.optional(),
  password: WifiPassword,
})
export type WifiTargetInput = z.infer<typeof WifiTargetInput>

/** What is stored and shown: never the password. */
export const WifiTarget = z.object({ ssid: z.string(), bssid: z.string().optional() })
export type WifiTarget = z.infer<typeof WifiTarget>

export const ErrorCode = z.enum([
  'bad-message',
  'too-large',
  'unknown-command',
  'invalid-input',
  'unauthenticated',
  'not-found',
  'unavailable',
  'failed',
])
export type ErrorCode = z.infer<typeof ErrorCode>

export const ContractError = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})
export type ContractError = z.infer<typeof ContractError>

export const Empty = z.object({}).strict()
export const Ok = z.object({ ok: z.literal(true) })
