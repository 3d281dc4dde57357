import type { CauseDefinition } from '../cause-definition'

// ble-config (Breeze over BLE): causes only this family can end in. Shared Wi-Fi/LAN causes are in shared.ts.
// Add entries here; ids are stable once released (stored with sessions, counted in the Timing view).
export const bleConfigCauses = [
  {
    id: 'ble.device-not-found',
    title: 'BLE device not found',
    explanation:
      'No Breeze advertisement from this device was heard while scanning: it is off, no longer in pairing mode (already provisioned), not a Breeze (ble-config) device, or out of Bluetooth range (its signal arrives below the radio\'s sensitivity).',
    advice: 'Power the device on in pairing mode, bring it within 1-2 m of this workstation, check that the Scanner page lists it, and provision again.',
  },
  {
    id: 'ble.connect-timeout',
    title: 'Bluetooth connection timed out',
    explanation:
      'The device was heard, but the connection did not come up in time or the device answered too slowly: no answer to the connection request, GATT requests unanswered, or authentication not finished within the 10 s the Breeze firmware allows after connecting.',
    advice: 'Move the device closer, make sure no phone app is connected to it (it serves one central at a time), power-cycle it, and provision again.',
  },
  {
    id: 'ble.auth-failed',
    title: 'Bluetooth authentication failed (wrong product or device secret)',
    explanation:
      'The device refused the handshake: it dropped the link after AUTH_REQ, or did not answer "Hi,Client". The product secret (or, for per-device-secret products, the device secret) used here is not the one in the device, or none is known for the product id it advertises.',
    advice: 'Check the product key, product secret (and device secret for per-device products) in the IoT Platform console, store the right ones for this product id, and provision again.',
  },
  {
    id: 'ble.firmware-cannot-authenticate',
    title: 'Device firmware cannot authenticate (AUTH_RAND sent encrypted)',
    explanation:
      'The device sent its AUTH_RAND random encrypted although the protocol sends it in clear. This is a known bug of one AliOS-Things Breeze transport revision: no app can complete the handshake with this firmware.',
    advice: 'Update the device firmware to a Breeze SDK without the AUTH_RAND transport bug; retrying or other secrets will not help.',
  },
  {
    id: 'ble.disconnected-mid-write',
    title: 'Bluetooth link dropped while sending the Wi-Fi configuration',
    explanation: 'The device dropped the connection while the Wi-Fi configuration was being written, on every attempt (each retry reconnected and authenticated again).',
    advice: 'Move the device closer and away from interference (microwaves, USB 3 hubs), power-cycle it, and provision again.',
  },
  {
    id: 'ble.config-rejected',
    title: 'Device rejected the Wi-Fi configuration',
    explanation:
      'The device answered ERR (or nothing) to the Wi-Fi configuration. AliOS-based firmware may still try the SSID and password it read before the field it refused.',
    advice: 'Power-cycle the device before retrying; check that the SSID is 1-32 bytes and the firmware supports this configuration.',
  },
  {
    id: 'ble.stale-config',
    title: 'Device may still hold parts of an earlier Wi-Fi configuration',
    explanation:
      'Since it was last powered on, this device already received a longer Wi-Fi configuration from this workstation. AliOS-based Breeze firmware copies a shorter SSID or password over the old one without ending it, so it tries the old tail (SSID "ab" after "MyWiFi" becomes "abWiFi") and cannot join.',
    advice: 'Power-cycle the device (off, then on) and provision again. If it still fails after a power cycle, check the Wi-Fi password.',
  },
  {
    id: 'ble.radio-unavailable',
    title: 'Bluetooth radio unavailable',
    explanation: 'The workstation\'s Bluetooth radio stopped working during the session (adapter removed, or its driver or host process failed).',
    advice: 'Check the Bluetooth radio in the station header (reason and remedy), then provision again.',
  },
] as const satisfies readonly CauseDefinition[]
