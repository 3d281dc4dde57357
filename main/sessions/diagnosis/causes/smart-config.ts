import type { CauseDefinition } from '../cause-definition'

// smart-config (bcast, mcast, p2p): causes only this family can end in. Shared Wi-Fi/LAN causes are in shared.ts.
// Add entries here; ids are stable once released (stored with sessions, counted in the Timing view).
export const smartConfigCauses = [
  {
    id: 'smartconfig.does-not-fit',
    title: 'SSID and password do not fit this encoding',
    explanation:
      'Smart-config carries a limited number of values (bcast 127 7-bit values, mcast 127 bytes, p2p a 32-byte WPS Device Name). This SSID and password need more, so the device could never receive them whole. Nothing was sent.',
    advice: 'Use another encoding (bcast holds the most), a shorter password, or let the device take the SSID from the router (bcast/mcast), then provision again.',
  },
  {
    id: 'smartconfig.product-unknown',
    title: 'Product secret unknown',
    explanation: "Smart-config encrypts the password with the product's productSecret, and this workstation does not know it for this product.",
    advice: 'Choose the device (or give its product key) and save the productSecret of that product in Settings, then provision again.',
  },
  {
    id: 'smartconfig.sender-unavailable',
    title: 'The workstation could not send smart-config',
    explanation: 'Opening the sender failed: no network interface on the target Wi-Fi, no permission to send, or (p2p) no monitor-mode interface that can inject raw frames.',
    advice: 'Join this workstation to the target Wi-Fi network (2.4 GHz) and retry; for p2p, plug in an adapter with monitor mode and injection, or use bcast.',
  },
  {
    id: 'smartconfig.5ghz-network',
    title: 'Device cannot hear a 5 GHz network',
    explanation:
      'The phone side sends smart-config on the network it is joined to, here a 5 GHz network. The device listens on 2.4 GHz channels 1-13 only, so it never heard a single frame.',
    advice: 'Join the workstation (or phone) to the 2.4 GHz network of the router (enable 2.4 GHz or split the bands), then provision again.',
  },
  {
    id: 'smartconfig.cipher-misdetected',
    title: "Device never heard the router's beacon (cipher mis-detected)",
    explanation:
      "A device works out the encryption overhead of each frame from the router's beacon. It heard no beacon of this router on its channel, so it fell back to the Duration-field rule, which picks WEP (44 bytes) for these WPA2 (CCMP, 52 bytes) frames: every length was off by 8 and nothing decoded.",
    advice: 'Put the device closer to the router (it must catch a beacon while it listens), check the router is not hiding its SSID or using a very long beacon interval, then provision again.',
  },
  {
    id: 'smartconfig.multicast-dropped',
    title: 'The router drops multicast',
    explanation:
      'The router does not forward the multicast datagrams mcast smart-config is made of (IGMP snooping, multicast filtering or "multicast to unicast"), so the device, which hears only the router, never received them.',
    advice: 'Use bcast (broadcast is always forwarded), or turn off IGMP snooping / multicast filtering on the router, then provision again.',
  },
  {
    id: 'smartconfig.wrong-product-secret',
    title: "Device could not decrypt the password (productSecret doesn't match)",
    explanation:
      "The device received the whole message, but the password decrypted to text it rejects: the productSecret used here is not the one in the device's firmware.",
    advice: "Check the product key and productSecret for this device model (the firmware's product), then provision again.",
  },
  {
    id: 'smartconfig.interference',
    title: 'Another phone is sending smart-config',
    explanation:
      'A device locks on the first phone whose smart-config it hears and ignores every other one. It locked on another phone sending nearby, so it decoded that phone\'s network, not ours.',
    advice: 'Stop other provisioning apps nearby (or wait until they finish), power-cycle the device into pairing mode, then provision again.',
  },
  {
    id: 'smartconfig.no-decode',
    title: 'Device did not decode the message in time',
    explanation: 'Smart-config was sent for the whole wait, but the device never decoded a complete message: it heard too few of the frames (distance, interference, busy channel) or was not in pairing mode.',
    advice: 'Put the device in pairing mode (blinking fast), bring it and the workstation closer to the router, then provision again; raise the timeout for noisy places.',
  },
  {
    id: 'smartconfig.decoded-not-announced',
    title: 'Decoded but never announced',
    explanation:
      'The message was on the air in a form a device decodes, yet no device announced itself on the LAN: it did not decode it (not in pairing mode, wrong product), or it joined and its announcement did not reach this workstation.',
    advice: "Check the device is this product and in pairing mode, and that this workstation is on the router's LAN (not a guest network, UDP 5683 allowed), then provision again.",
  },
] as const satisfies readonly CauseDefinition[]
