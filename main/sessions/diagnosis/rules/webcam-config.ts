import type { Rule } from '../rule'

// webcam-config observation codes (main/methods/webcam-config.ts).
export const webcamConfigRules: Rule[] = [
  {
    id: 'webcam-config/lab-qr-not-scanned',
    code: 'lab-qr-not-scanned',
    cause: 'device.qr-not-scanned',
    strength: 'ground-truth',
    example: { method: 'webcam-config', failedStep: 'device-scanned' },
  },
]
