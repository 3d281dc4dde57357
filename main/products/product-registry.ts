import type { DeviceSecretInput, ProductView, SaveProductInput } from '../../preload/contract'
import type { ProductSecretCandidate } from '../awss-oracle/sender-track'
import type { ProductSecrets } from '../methods/context'
import type { ProductSpec, DeviceSpec } from '../lab/scenario'
import { registerSecret } from '../runtime/log'
import type { SessionStore } from '../sessions/store'

/** What is known of a product besides its secret; kept as a plain setting (nothing in it is secret). */
interface SavedProduct {
  productKey: string
  model?: string
  productId?: number
}

const PRODUCTS_SETTING = 'products'
const deviceSecretName = (productKey: string, deviceName: string) => `${productKey}/${deviceName}`

export class ProductRegistryError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-input' | 'unavailable',
    message: string,
  ) {
    super(message)
  }
}

/**
 * The products the workstation holds secrets for: the lab scenario's (fixed, for the virtual devices) and the ones
 * the user saved for real devices (secrets sealed in the store). Methods look secrets up here, in that order; the
 * Settings page, the CLI and the contract only ever learn whether a secret is saved.
 */
export class ProductRegistry implements ProductSecrets {
  constructor(
    private readonly store: SessionStore,
    private readonly lab: { products: ProductSpec[]; devices: DeviceSpec[] } | undefined,
  ) {
    // Every secret is redacted from logs from the moment the station knows it.
    for (const p of lab?.products ?? []) registerSecret(p.productSecret)
    for (const d of lab?.devices ?? []) registerSecret(d.deviceSecret)
    for (const p of this.saved()) registerSecret(this.store.getSecret('product', p.productKey))
  }

  /** Every productSecret known, for decoders that must try them (the air oracle over a capture). */
  secretCandidates(): ProductSecretCandidate[] {
    const keys = [...(this.lab?.products ?? []), ...this.saved()].map((p) => p.productKey)
    return keys.flatMap((productKey) => {
      const secret = this.productSecret(productKey)
      return secret ? [{ productKey, secret }] : []
    })
  }

  productSecret(productKey: string): string | undefined {
    return this.lab?.products.find((p) => p.productKey === productKey)?.productSecret ?? this.store.getSecret('product', productKey)
  }

  productKeyForId(productId: number): string | undefined {
    return this.lab?.products.find((p) => p.productId === productId)?.productKey ?? this.saved().find((p) => p.productId === productId)?.productKey
  }

  deviceSecret(productKey: string, deviceName: string): string | undefined {
    return (
      this.lab?.devices.find((d) => d.productKey === productKey && d.deviceName === deviceName)?.deviceSecret ??
      this.store.getSecret('device', deviceSecretName(productKey, deviceName))
    )
  }

  list(): ProductView[] {
    const deviceSecrets = this.store.listSecretNames('device')
    const savedDevices = (productKey: string) =>
      deviceSecrets.filter((name) => name.startsWith(`${productKey}/`)).map((name) => name.slice(productKey.length + 1))
    const lab: ProductView[] = (this.lab?.products ?? []).map((p) => ({
      productKey: p.productKey,
      source: 'lab',
      model: p.model,
      ...(p.productId !== undefined ? { productId: p.productId } : {}),
      hasSecret: true,
      devicesWithSecret: (this.lab?.devices ?? []).filter((d) => d.productKey === p.productKey && d.deviceSecret).map((d) => d.deviceName),
    }))
    const savedSecrets = new Set(this.store.listSecretNames('product'))
    const saved: ProductView[] = this.saved().map((p) => ({
      productKey: p.productKey,
      source: 'saved',
      ...(p.model ? { model: p.model } : {}),
      ...(p.productId !== undefined ? { productId: p.productId } : {}),
      hasSecret: savedSecrets.has(p.productKey),
      devicesWithSecret: savedDevices(p.productKey),
    }))
    return [...lab, ...saved.sort((a, b) => a.productKey.localeCompare(b.productKey))]
  }

  save(input: SaveProductInput): ProductView[] {
    this.refuseLabProduct(input.productKey)
    const others = this.saved().filter((p) => p.productKey !== input.productKey)
    const clash = input.productId === undefined ? undefined : [...others, ...(this.lab?.products ?? [])].find((p) => p.productId === input.productId)
    if (clash) throw new ProductRegistryError('invalid-input', `Product id ${input.productId} already belongs to ${clash.productKey}: a device's advertisement must name one product.`)
    const existing = this.saved().find((p) => p.productKey === input.productKey)
    if (!input.productSecret && !existing) throw new ProductRegistryError('invalid-input', `Product ${input.productKey} is new: its product secret is required.`)
    if (input.productSecret) {
      registerSecret(input.productSecret)
      this.store.putSecret('product', input.productKey, input.productSecret)
    }
    const entry: SavedProduct = {
      productKey: input.productKey,
      ...(input.model ? { model: input.model } : {}),
      ...(input.productId !== undefined ? { productId: input.productId } : {}),
    }
    this.store.setSetting(PRODUCTS_SETTING, [...others, entry])
    return this.list()
  }

  remove(productKey: string): ProductView[] {
    this.refuseLabProduct(productKey)
    const saved = this.saved()
    if (!saved.some((p) => p.productKey === productKey)) throw new ProductRegistryError('not-found', `No saved product ${productKey}.`)
    this.store.setSetting(PRODUCTS_SETTING, saved.filter((p) => p.productKey !== productKey))
    this.store.deleteSecret('product', productKey)
    for (const name of this.store.listSecretNames('device')) if (name.startsWith(`${productKey}/`)) this.store.deleteSecret('device', name)
    return this.list()
  }

  saveDeviceSecret(input: DeviceSecretInput): ProductView[] {
    this.refuseLabProduct(input.productKey)
    if (!this.saved().some((p) => p.productKey === input.productKey)) {
      throw new ProductRegistryError('not-found', `Save product ${input.productKey} first; a device secret belongs to a product.`)
    }
    registerSecret(input.deviceSecret)
    this.store.putSecret('device', deviceSecretName(input.productKey, input.deviceName), input.deviceSecret)
    return this.list()
  }

  removeDeviceSecret(productKey: string, deviceName: string): ProductView[] {
    if (!this.store.deleteSecret('device', deviceSecretName(productKey, deviceName))) {
      throw new ProductRegistryError('not-found', `No saved device secret for ${productKey}/${deviceName}.`)
    }
    return this.list()
  }

  private saved(): SavedProduct[] {
    return this.store.getSetting<SavedProduct[]>(PRODUCTS_SETTING) ?? []
  }

  private refuseLabProduct(productKey: string): void {
    if (this.lab?.products.some((p) => p.productKey === productKey)) {
      throw new ProductRegistryError('invalid-input', `${productKey} is a product of the lab scenario; change it in the scenario file.`)
    }
  }
}
