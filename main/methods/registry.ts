import { bleConfig } from './ble-config'
import type { MethodDefinition } from './definition'
import { smartConfig } from './smart-config'
import { webcamConfig } from './webcam-config'

/** Every method this version implements; the Provision page offers only these (and only where available). */
export const methodDefinitions: MethodDefinition[] = [webcamConfig, bleConfig, smartConfig]
