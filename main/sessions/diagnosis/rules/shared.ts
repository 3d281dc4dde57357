import type { Rule } from '../rule'

// Observation codes any method may report: the workstation's own checks and the LAN confirmation (§9.2, §9.3).
export const sharedRules: Rule[] = [
  {
    id: 'shared/bssid-unresolved',
    code: 'bssid-unresolved',
    cause: 'wifi.bssid-unresolved',
    strength: 'specific',
    example: { facts: { ssid: 'LabNet', networksSeen: 0 } },
  },
  { id: 'shared/bad-bssid', code: 'bad-bssid', cause: 'input.invalid', strength: 'specific', example: {} },
  { id: 'shared/lan-unavailable', code: 'lan-unavailable', cause: 'lan.listener-unavailable', strength: 'specific', example: {} },
  {
    id: 'shared/confirm-unanswered',
    code: 'confirm-unanswered',
    cause: 'device.confirm-unanswered',
    strength: 'specific',
    example: { facts: { address: '192.0.2.10' }, failedStep: 'confirmed' },
  },
  {
    id: 'shared/confirm-token-mismatch',
    code: 'confirm-token-mismatch',
    cause: 'device.token-mismatch',
    strength: 'specific',
    example: { facts: { address: '192.0.2.10' }, failedStep: 'confirmed' },
  },
  // The lab's Wi-Fi ground truth: the device's own join result, whatever method handed it the credentials.
  {
    id: 'shared/lab-join-failed/wrong-password',
    code: 'lab-join-failed',
    when: (facts) => facts.reason === 'wrong-password',
    cause: 'wifi.wrong-password',
    strength: 'ground-truth',
    example: { facts: { reason: 'wrong-password' }, failedStep: 'device-joined' },
  },
  {
    id: 'shared/lab-join-failed/band-unsupported',
    code: 'lab-join-failed',
    when: (facts) => facts.reason === 'band-unsupported',
    cause: 'wifi.band-unsupported',
    strength: 'ground-truth',
    example: { facts: { reason: 'band-unsupported' }, failedStep: 'device-joined' },
  },
  {
    id: 'shared/lab-join-failed/out-of-range',
    code: 'lab-join-failed',
    when: (facts) => facts.reason === 'out-of-range',
    cause: 'wifi.out-of-range',
    strength: 'ground-truth',
    example: { facts: { reason: 'out-of-range' }, failedStep: 'device-joined' },
  },
  {
    id: 'shared/lab-join-failed/association-failed',
    code: 'lab-join-failed',
    when: (facts) => facts.reason === 'association-failed',
    cause: 'wifi.association-failed',
    strength: 'ground-truth',
    example: { facts: { reason: 'association-failed' }, failedStep: 'device-joined' },
  },
  {
    // The device says "not found" while the monitor hears the router: the router was there, the frames were lost.
    id: 'shared/lab-join-failed/not-found-router-heard',
    code: 'lab-join-failed',
    when: (facts, input) => facts.reason === 'network-not-found' && input.frames?.router === 'heard',
    cause: 'wifi.poor-link',
    strength: 'ground-truth',
    example: { facts: { reason: 'network-not-found' }, failedStep: 'device-joined', frames: { router: 'heard', handshake: 'not-started' } },
  },
  {
    id: 'shared/lab-join-failed/not-found',
    code: 'lab-join-failed',
    cause: 'wifi.network-not-found',
    strength: 'ground-truth',
    example: { facts: { reason: 'network-not-found' }, failedStep: 'device-joined' },
  },
  {
    id: 'shared/lab-join-timeout',
    code: 'lab-join-timeout',
    cause: 'device.never-announced',
    strength: 'generic',
    example: { failedStep: 'device-joined' },
  },
  // Frames seen on the air refine the generic timeout: the handshake died after M2, or it completed and the LAN
  // is what failed. Without a capture these conditions are false and the generic rule below decides.
  {
    id: 'shared/no-announce/handshake-rejected',
    code: 'no-announce',
    when: (_facts, input) => input.frames?.handshake === 'rejected',
    cause: 'wifi.wrong-password',
    strength: 'specific',
    example: { failedStep: 'announce-received', frames: { router: 'heard', handshake: 'rejected' } },
  },
  {
    id: 'shared/no-announce/router-silent',
    code: 'no-announce',
    when: (_facts, input) => input.frames?.router === 'not-heard',
    cause: 'wifi.network-not-found',
    strength: 'specific',
    example: { failedStep: 'announce-received', frames: { router: 'not-heard', handshake: 'not-started' } },
  },
  {
    id: 'shared/no-announce/joined',
    code: 'no-announce',
    when: (_facts, input) => input.frames?.handshake === 'completed',
    cause: 'device.joined-but-silent',
    strength: 'specific',
    example: { failedStep: 'announce-received', frames: { router: 'heard', handshake: 'completed' } },
  },
  {
    id: 'shared/no-announce',
    code: 'no-announce',
    cause: 'device.never-announced',
    strength: 'generic',
    example: { facts: { waitedMs: 60_000, otherAnnouncements: 0 }, failedStep: 'announce-received' },
  },
]
