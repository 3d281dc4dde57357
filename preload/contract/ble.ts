import { z } from 'zod'
import { command, stream } from './define'
import { Empty } from './common'
import { RadioState } from './station'

/** What a Breeze advertisement says (§10.1): never a secret. */
export const BleBreezeInfo = z.object({
  version: z.number().int(),
  productId: z.number().int(),
  featureMask: z.number().int(),
  bluetoothVersion: z.number().int(),
  ota: z.boolean(),
  security: z.boolean(),
  secretType: z.enum(['per-device', 'per-product']),
  signedAdv: z.boolean(),
  /** The MAC the advertisement carries, most significant byte first. */
  mac: z.string(),
})
export type BleBreezeInfo = z.infer<typeof BleBreezeInfo>

/** One advertiser as the Scanner page shows it. */
export const BleDeviceView = z.object({
  address: z.string(),
  addressType: z.enum(['public', 'random']),
  name: z.string().optional(),
  rssi: z.number(),
  /** Recent RSSI samples, oldest first, one per push interval in which the device was heard. */
  rssiHistory: z.array(z.number()),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  advertisements: z.number().int(),
  connectable: z.boolean(),
  /** 16-bit UUIDs as 4 hex digits ("feb3"), 128-bit ones in canonical form. */
  serviceUuids: z.array(z.string()),
  manufacturer: z.object({ companyId: z.number().int(), dataHex: z.string() }).optional(),
  breeze: BleBreezeInfo.optional(),
  /** The id `sessions.start` takes for this device (a lab device's id, else the address). */
  deviceId: z.string(),
})
export type BleDeviceView = z.infer<typeof BleDeviceView>

export const BleScanStatus = z.object({
  scanning: z.boolean(),
  startedAt: z.number().optional(),
  /** When the scan stops by itself. */
  until: z.number().optional(),
  radio: RadioState,
})
export type BleScanStatus = z.infer<typeof BleScanStatus>

/** Pushed at most a few times a second: the devices that changed since the last push, and the ones that went away. */
export const BleScanUpdate = z.object({
  status: BleScanStatus,
  devices: z.array(BleDeviceView),
  removed: z.array(z.string()),
})
export type BleScanUpdate = z.infer<typeof BleScanUpdate>

export const ble = {
  startScan: command(z.object({ durationMs: z.number().int().min(1_000).max(3_600_000).optional() }).strict(), BleScanStatus),
  stopScan: command(Empty, BleScanStatus),
  devices: command(Empty, z.object({ status: BleScanStatus, devices: z.array(BleDeviceView) })),
  updated: stream(BleScanUpdate),
}
