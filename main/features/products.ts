import type { FeatureInstaller } from '../features'
import { ProductRegistryError } from '../products/product-registry'
import { CommandError } from '../transport/handlers'

/** products.*: the Settings page's product list; secrets go in, only "saved or not" comes out. */
export const installProducts: FeatureInstaller = (station) => {
  const h = station.handlers
  const registry = station.products
  const answer = <T>(run: () => T): T => {
    try {
      return run()
    } catch (error) {
      if (error instanceof ProductRegistryError) throw new CommandError(error.code, error.message)
      throw error
    }
  }
  h['products.list'] = () => registry.list()
  h['products.save'] = (input) => answer(() => registry.save(input))
  h['products.remove'] = ({ productKey }) => answer(() => registry.remove(productKey))
  h['products.saveDeviceSecret'] = (input) => answer(() => registry.saveDeviceSecret(input))
  h['products.removeDeviceSecret'] = ({ productKey, deviceName }) => answer(() => registry.removeDeviceSecret(productKey, deviceName))
}
