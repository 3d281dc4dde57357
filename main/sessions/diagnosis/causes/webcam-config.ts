import type { CauseDefinition } from '../cause-definition'

// webcam-config (camera scans a QR code shown by the workstation).
export const webcamConfigCauses = [
  {
    id: 'device.qr-not-scanned',
    title: 'Camera never scanned the QR code',
    explanation: 'No camera read the QR code while it was shown.',
    advice: 'Hold the screen 15-30 cm in front of the camera lens, raise the screen brightness, and make sure the camera is in pairing mode.',
  },
] as const satisfies readonly CauseDefinition[]
