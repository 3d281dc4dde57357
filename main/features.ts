import { installBle } from './features/ble'
import { installFrames } from './features/frames'
import { installProducts } from './features/products'
import { installSmartconfig } from './features/smartconfig'
import { installTiming } from './features/timing'
import type { Station } from './station'

/**
 * Capabilities that plug into a station after its core is built: each installs its services, contract handlers
 * and stream emitters, and returns an optional closer. A new capability is one file and one line here.
 */
export type FeatureInstaller = (station: Station) => Promise<(() => Promise<void> | void) | void> | (() => Promise<void> | void) | void

export const features: FeatureInstaller[] = [installFrames, installBle, installTiming, installSmartconfig, installProducts]
