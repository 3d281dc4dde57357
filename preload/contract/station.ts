import { z } from 'zod'
import { command, stream } from './define'
import { Empty, Language, MethodId, Profile } from './common'

export const RadioKind = z.enum(['ble', 'wifi', 'capture', 'lan'])

/** A radio that is missing is a reported state with a remedy, never a crash. */
export const RadioState = z.object({
  radio: RadioKind,
  status: z.enum(['ready', 'unavailable', 'checking']),
  driver: z.string(),
  reason: z.string().optional(),
  remedy: z.string().optional(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
})
export type RadioState = z.infer<typeof RadioState>

export const MethodAvailability = z.object({
  id: MethodId,
  available: z.boolean(),
  reason: z.string().optional(),
})

export const StationInfo = z.object({
  version: z.string(),
  profile: Profile,
  shell: z.enum(['electron', 'headless', 'cli']),
  dataDir: z.string(),
  platform: z.string(),
  radios: z.array(RadioState),
  methods: z.array(MethodAvailability),
})
export type StationInfo = z.infer<typeof StationInfo>

export const Settings = z.object({
  language: z.union([z.literal('auto'), Language]),
  confirmTimeoutMs: z.number().int().min(1_000).max(900_000),
  captureInterface: z.string().max(64).optional(),
  captureFilter: z.string().max(500).optional(),
  frameStoreLimit: z.number().int().min(1_000).max(10_000_000),
})
export type Settings = z.infer<typeof Settings>

export const DeviceInfo = z.object({
  id: z.string(),
  label: z.string(),
  model: z.string().optional(),
  methods: z.array(MethodId),
  source: z.enum(['lab', 'scan', 'manual']),
  address: z.string().optional(),
  rssi: z.number().optional(),
})
export type DeviceInfo = z.infer<typeof DeviceInfo>

export const station = {
  info: command(Empty, StationInfo),
  radiosChanged: stream(z.array(RadioState)),
}

export const settings = {
  get: command(Empty, Settings),
  set: command(Settings.partial().strict(), Settings),
}

export const devices = {
  list: command(z.object({ method: MethodId.optional() }), z.array(DeviceInfo)),
}
