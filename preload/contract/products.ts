import { z } from 'zod'
import { command } from './define'
import { Empty } from './common'

// Products whose secrets the workstation needs with real devices: smart-config encrypts the password with the
// productSecret, and a Breeze device authenticates with its product's (or its own) secret. Secrets go in; only
// whether one is saved ever comes out.

/** Alibaba product keys are short ASCII identifiers; the same limits as the lab scenario's. */
export const ProductKey = z
  .string()
  .trim()
  .min(1, 'Product key is required')
  .max(20, 'Product key is at most 20 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'Product key holds letters, digits, "_" and "-" only')

export const DeviceName = z
  .string()
  .trim()
  .min(1, 'Device name is required')
  .max(64, 'Device name is at most 64 characters')
  .regex(/^[A-Za-z0-9_.:@-]+$/, 'Device name holds letters, digits and "_ . : @ -" only')

const Secret = (what: string) => z.string().min(1, `${what} is required`).max(64, `${what} is at most 64 characters`)

export const ProductView = z.object({
  productKey: z.string(),
  /** Where it comes from: the lab scenario (read-only here) or the user's saved products. */
  source: z.enum(['lab', 'saved']),
  model: z.string().optional(),
  /** BLE (Breeze) products: the numeric product id their advertisements carry. */
  productId: z.number().int().optional(),
  hasSecret: z.boolean(),
  /** Devices of this product whose own deviceSecret is saved (per-device-secret products). */
  devicesWithSecret: z.array(z.string()),
})
export type ProductView = z.infer<typeof ProductView>

export const SaveProductInput = z.object({
  productKey: ProductKey,
  model: z.string().trim().max(64, 'Model is at most 64 characters').optional(),
  productId: z.number().int().min(0).max(0xffffffff).optional(),
  /** Omitted: keep the saved secret (editing the model or product id only). */
  productSecret: Secret('Product secret').optional(),
})
export type SaveProductInput = z.input<typeof SaveProductInput>

export const DeviceSecretInput = z.object({
  productKey: ProductKey,
  deviceName: DeviceName,
  deviceSecret: Secret('Device secret'),
})
export type DeviceSecretInput = z.input<typeof DeviceSecretInput>

export const products = {
  list: command(Empty, z.array(ProductView)),
  save: command(SaveProductInput, z.array(ProductView)),
  remove: command(z.object({ productKey: ProductKey }), z.array(ProductView)),
  saveDeviceSecret: command(DeviceSecretInput, z.array(ProductView)),
  removeDeviceSecret: command(z.object({ productKey: ProductKey, deviceName: DeviceName }), z.array(ProductView)),
}

/** A Breeze product id as people copy it: decimal, or hex with 0x (advertisement dumps show hex). Empty: none. */
export function parseProductId(text: string): number | undefined | 'invalid' {
  const value = text.trim()
  if (value === '') return undefined
  const n = /^0x[0-9a-f]{1,8}$/i.test(value) ? Number.parseInt(value.slice(2), 16) : /^\d{1,10}$/.test(value) ? Number(value) : NaN
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : 'invalid'
}
