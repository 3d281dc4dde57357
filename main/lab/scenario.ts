import fs from 'node:fs'
import { z } from 'zod'

// A scenario declares the lab: routers, products, devices and fault knobs. The default one ships in resources/.
const KnobValue = z.union([z.number(), z.boolean(), z.string()])
const Mac = z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i, 'MAC/BSSID must look like aa:bb:cc:dd:ee:ff')

export const RouterSpec = z.object({
  id: z.string().min(1),
  ssid: z.string().min(1),
  bssid: Mac,
  channel: z.number().int().min(1).max(177),
  band: z.enum(['2.4GHz', '5GHz']),
  security: z.enum(['open', 'wpa2']),
  password: z.string().max(64).default(''),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  knobs: z.record(z.string(), KnobValue).default({}),
})
export type RouterSpec = z.infer<typeof RouterSpec>

export const ProductSpec = z.object({
  productKey: z.string().min(1).max(20),
  productSecret: z.string().min(1).max(64),
  model: z.string(),
  /** BLE products: the numeric product (model) id their Breeze advertisements carry (§10.1). */
  productId: z.number().int().min(0).max(0xffffffff).optional(),
})
export type ProductSpec = z.infer<typeof ProductSpec>

export const DeviceSpec = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  label: z.string().min(1),
  productKey: z.string(),
  deviceName: z.string().min(1).max(64),
  deviceSecret: z.string().optional(),
  mac: Mac,
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 3, y: 0 }),
  knobs: z.record(z.string(), KnobValue).default({}),
})
export type DeviceSpec = z.infer<typeof DeviceSpec>

export const Scenario = z.object({
  name: z.string(),
  seed: z.number().int().default(1),
  workstation: z.object({ position: z.object({ x: z.number(), y: z.number() }) }).default({ position: { x: 1, y: 0 } }),
  air: z.record(z.string(), KnobValue).default({}),
  products: z.array(ProductSpec),
  routers: z.array(RouterSpec).min(1),
  devices: z.array(DeviceSpec),
})
export type Scenario = z.infer<typeof Scenario>

export function parseScenario(json: unknown, source: string): Scenario {
  const parsed = Scenario.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    throw new Error(`Scenario ${source} is invalid at ${first.path.join('.') || '(root)'}: ${first.message}`)
  }
  const scenario = parsed.data
  const products = new Set(scenario.products.map((p) => p.productKey))
  for (const device of scenario.devices) {
    if (!products.has(device.productKey)) throw new Error(`Scenario ${source}: device ${device.id} names unknown product ${device.productKey}.`)
  }
  return scenario
}

export function loadScenario(file: string): Scenario {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`Cannot read scenario ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`Scenario ${file} is not valid JSON: ${(error as Error).message}`)
  }
  return parseScenario(json, file)
}
