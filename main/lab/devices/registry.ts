import { breezeDeviceKind } from './breeze-device'
import type { DeviceKind } from './device'
import { smartconfigDeviceKind } from './smartconfig-device'
import { webcamCameraKind } from './webcam-camera'

/** Every lab device kind; a new firmware model is one file and one entry here. */
export const deviceKinds: DeviceKind[] = [webcamCameraKind, breezeDeviceKind, smartconfigDeviceKind]

export function deviceKind(kind: string): DeviceKind | undefined {
  return deviceKinds.find((k) => k.kind === kind)
}
