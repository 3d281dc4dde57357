import type { CauseDefinition } from '../cause-definition'

// Causes any method can end in: the Wi-Fi join every method finishes with, the LAN confirmation, bad input, and
// Provbench itself. Method-specific causes live in the file named for their method family.
export const sharedCauses = [
  {
    id: 'wifi.wrong-password',
    title: 'Wrong Wi-Fi password',
    explanation: 'The device reached the router but the WPA2 4-way handshake failed: the password it was given does not match the router.',
    advice: 'Re-enter the router password (it is case-sensitive) and provision again.',
  },
  {
    id: 'wifi.band-unsupported',
    title: 'Router is on a band the device cannot use',
    explanation: 'The target network is 5 GHz only; this device has a 2.4 GHz radio and never sees it.',
    advice: 'Enable the 2.4 GHz band on the router (or pick its 2.4 GHz SSID) and provision again.',
  },
  {
    id: 'wifi.network-not-found',
    title: 'Device could not find the network',
    explanation: 'The device looked for the router and did not hear it: the router is off, hidden, or has a different SSID/BSSID.',
    advice: 'Check that the router is on and the SSID and BSSID are right, then provision again.',
  },
  {
    id: 'wifi.out-of-range',
    title: 'Device is too far from the router',
    explanation: 'The router exists but its signal at the device is below what the device radio can receive.',
    advice: 'Move the device closer to the router (or the router closer to the device), remove obstacles, and provision again.',
  },
  {
    id: 'wifi.association-failed',
    title: 'Router did not accept the device',
    explanation: 'The device found the router, but authentication or association got no answer: a weak or noisy link, a full client table, or a MAC filter on the router.',
    advice: 'Move the device closer, check the router for MAC filtering or a client limit, and provision again.',
  },
  {
    id: 'wifi.poor-link',
    title: 'Too many frames lost between device and router',
    explanation:
      'The router is on the air and in range, but the device did not get its answers: most frames between them are lost (interference, a crowded channel, or a marginal link).',
    advice: 'Move the device closer to the router, move the router away from other radios, or switch the router to a quieter channel; then provision again.',
  },
  {
    id: 'wifi.bssid-unresolved',
    title: 'Router BSSID unknown',
    explanation: "The method needs the router's BSSID and the workstation could not see a network with this SSID to read it from.",
    advice: 'Enter the BSSID (12 hex digits, on the router label or in its admin page) or check the SSID spelling.',
  },
  {
    id: 'device.never-announced',
    title: 'Device never announced itself on the LAN',
    explanation:
      'The credentials were handed over, but no device reported the expected bind token on the local network before the timeout. The usual reasons: a wrong Wi-Fi password, a 5 GHz-only router, or the workstation and device being on different networks.',
    advice:
      'Check the password and that the router offers 2.4 GHz; make sure this workstation is on the same LAN as the router (UDP 5683 not blocked); then provision again, or raise the confirmation timeout for slow devices.',
  },
  {
    id: 'device.joined-but-silent',
    title: 'Device joined the router but never announced',
    explanation:
      'The air shows the device completing the WPA2 handshake with the router, yet no announcement reached this workstation: the device is online, the LAN path between it and this workstation is not.',
    advice:
      'Put this workstation on the same network as the router (not a guest network), turn off client isolation on the router, allow UDP 5683 in the firewall, then provision again.',
  },
  {
    id: 'device.confirm-unanswered',
    title: 'Device announced but did not answer the confirmation',
    explanation: 'The device reported the right token but did not answer the direct CoAP query on UDP 5683.',
    advice: 'A firewall on this workstation or client isolation on the router may block unicast UDP; check both and retry.',
  },
  {
    id: 'device.token-mismatch',
    title: 'Device answered with another token',
    explanation: 'A device answered the confirmation query with a bind token other than the one this session expects.',
    advice: 'Another provisioning attempt may be in progress for this device; power-cycle it and provision again.',
  },
  {
    id: 'lan.listener-unavailable',
    title: 'The workstation cannot listen on the LAN',
    explanation: 'The CoAP listener on UDP 5683 could not start, so device announcements cannot be received.',
    advice: 'Close other programs using UDP 5683 (another Provbench, a CoAP server) and restart the station.',
  },
  {
    id: 'input.invalid',
    title: 'Invalid input',
    explanation: 'A field failed validation before anything was sent.',
    advice: 'Correct the field named in the message and start again.',
  },
  {
    id: 'internal.error',
    title: 'Provbench internal error',
    explanation: 'The method stopped on an unexpected error in Provbench itself.',
    advice: 'Export a support bundle for this session and report it.',
  },
] as const satisfies readonly CauseDefinition[]
