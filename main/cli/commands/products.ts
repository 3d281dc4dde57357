import type { Command } from 'commander'
import type { z } from 'zod'
import { DeviceSecretInput, parseProductId, SaveProductInput, type ProductView } from '../../../preload/contract'
import { ProductRegistry, ProductRegistryError } from '../../products/product-registry'
import { keyFileBox } from '../../sessions/secret-box'
import { SessionStore } from '../../sessions/store'
import { UsageError, dataDirOption, jsonOption, promptHidden, readSecretFile, readStdin } from '../common'

// Saved products for real devices (the lab's live in its scenario). Secrets come from a file, a hidden prompt or
// stdin, never from the command line, and are never printed.

function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new UsageError(result.error.issues.map((i) => i.message).join('; '))
}

async function readSecret(file: string | undefined, what: string): Promise<string> {
  if (file !== undefined) return readSecretFile(file, what)
  if (process.stdin.isTTY) return promptHidden(`${what}: `)
  return (await readStdin()).replace(/\r?\n$/, '')
}

function withRegistry<T>(dataDir: string, run: (registry: ProductRegistry) => T): T {
  const store = SessionStore.open(dataDir, keyFileBox(dataDir))
  try {
    return run(new ProductRegistry(store, undefined))
  } catch (error) {
    if (error instanceof ProductRegistryError) throw new UsageError(error.message)
    throw error
  } finally {
    store.close()
  }
}

function print(products: ProductView[], json: boolean | undefined): void {
  if (json) return void process.stdout.write(`${JSON.stringify(products, null, 2)}\n`)
  if (products.length === 0) return void process.stdout.write('No saved products.\n')
  for (const p of products) {
    const id = p.productId !== undefined ? `id ${p.productId}` : 'no BLE id'
    const devices = p.devicesWithSecret.length ? `  device secrets: ${p.devicesWithSecret.join(', ')}` : ''
    process.stdout.write(`${p.productKey.padEnd(20)} ${id.padEnd(14)} ${p.hasSecret ? 'secret saved' : 'NO SECRET   '}  ${p.model ?? ''}${devices}\n`)
  }
}

const productIdOf = (value: string) => {
  const id = parseProductId(value)
  if (typeof id !== 'number') throw new UsageError(`--product-id must be a number from 0 to 4294967295 (decimal or 0x hex), not "${value}".`)
  return id
}

export function registerProducts(program: Command): void {
  const products = program.command('products').description('products whose secrets real devices need (smart-config encryption, Breeze authentication)')

  products
    .command('list')
    .description('saved products; whether a secret is saved, never the secret')
    .addOption(dataDirOption())
    .addOption(jsonOption())
    .action((opts) => withRegistry(opts.dataDir, (registry) => print(registry.list(), opts.json)))

  products
    .command('add <productKey>')
    .description('save (or update) a product and its productSecret')
    .addOption(dataDirOption())
    .option('--product-id <id>', 'the numeric product id its Breeze advertisements carry (BLE products)')
    .option('--model <name>', 'a model name to show in device pickers and charts')
    .option('--secret-file <file>', 'read the productSecret from this file (else a hidden prompt, or stdin)')
    .option('--keep-secret', 'update the model or product id only, keeping the saved secret')
    .action(async (productKey: string, opts) => {
      const secret = opts.keepSecret ? undefined : await readSecret(opts.secretFile, 'productSecret')
      const input = parsed(SaveProductInput, {
        productKey,
        ...(opts.model ? { model: opts.model } : {}),
        ...(opts.productId !== undefined ? { productId: productIdOf(opts.productId) } : {}),
        ...(secret !== undefined ? { productSecret: secret } : {}),
      })
      withRegistry(opts.dataDir, (registry) => print(registry.save(input), false))
    })

  products
    .command('remove <productKey>')
    .description('forget a saved product, its secret and its devices’ secrets')
    .addOption(dataDirOption())
    .action((productKey: string, opts) => withRegistry(opts.dataDir, (registry) => print(registry.remove(productKey), false)))

  products
    .command('device-secret <productKey> <deviceName>')
    .description('save the deviceSecret of one device (per-device-secret products)')
    .addOption(dataDirOption())
    .option('--secret-file <file>', 'read the deviceSecret from this file (else a hidden prompt, or stdin)')
    .option('--remove', 'forget this device’s secret instead')
    .action(async (productKey: string, deviceName: string, opts) => {
      if (opts.remove) return withRegistry(opts.dataDir, (registry) => print(registry.removeDeviceSecret(productKey, deviceName), false))
      const input = parsed(DeviceSecretInput, { productKey, deviceName, deviceSecret: await readSecret(opts.secretFile, 'deviceSecret') })
      withRegistry(opts.dataDir, (registry) => print(registry.saveDeviceSecret(input), false))
    })
}
