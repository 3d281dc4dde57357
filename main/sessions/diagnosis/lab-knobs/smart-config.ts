import type { LabKnobCase } from '../lab-knob-case'

// Knobs of the smart-config lab devices (main/lab/devices/smartconfig-*.ts), and router/air knobs that matter to
// smart-config (dropMulticast with mcast, loss). One case per knob at least; see lab-knob-case.ts.
const device = { scope: 'device', deviceKind: 'smartconfig-device', method: 'smart-config' } as const

export const smartConfigKnobCases: LabKnobCase[] = [
  {
    ...device,
    knob: 'frameLoss',
    value: 0.5,
    options: { confirmTimeoutMs: 15_000 },
    expect: 'succeeded',
    because: 'Every position comes twice per cycle (the phone\'s copy and the router\'s); cycles repeat until it is whole.',
  },
  {
    ...device,
    knob: 'hearsBeacons',
    value: false,
    expect: 'smartconfig.cipher-misdetected',
    because: 'Without the beacon the Duration rule picks WEP (44) for CCMP (52) frames: every length is 8 off (§2.1).',
  },
  {
    ...device,
    knob: 'hearsBeacons',
    value: false,
    // The device holds a p2p result 5 s for a possible mcast lock before it joins (delay_p2p).
    options: { encoding: 'p2p', confirmTimeoutMs: 15_000 },
    expect: 'succeeded',
    because: 'p2p rides in a probe request: no cipher offset, no beacon needed.',
  },
  {
    ...device,
    knob: 'hearsWorkstation',
    value: false,
    expect: 'succeeded',
    because: "The router's FromDS re-broadcast alone carries every bcast position.",
  },
  {
    scope: 'router',
    knob: 'dropMulticast',
    value: true,
    also: [{ scope: 'device', deviceKind: 'smartconfig-device', knob: 'hearsWorkstation', value: false }],
    method: 'smart-config',
    options: { encoding: 'mcast' },
    expect: 'smartconfig.multicast-dropped',
    because: "The router forwards none of the 239.x datagrams and the device is out of the phone's own range.",
  },
  {
    scope: 'router',
    knob: 'dropMulticast',
    value: true,
    method: 'smart-config',
    options: { encoding: 'bcast' },
    expect: 'succeeded',
    because: 'bcast is broadcast, which every router forwards.',
  },
  {
    ...device,
    knob: 'wrongProductSecret',
    value: true,
    expect: 'smartconfig.wrong-product-secret',
    because: "The device gets every value and the checksum, but the password decrypts to bytes it rejects.",
  },
  {
    ...device,
    knob: 'interferingSender',
    value: true,
    expect: 'smartconfig.interference',
    because: "The device locks on the neighbour's phone first and decodes the neighbour's network.",
  },
  {
    ...device,
    knob: 'supports5GHz',
    value: false,
    target: { ssid: 'LabNet-5G' },
    expect: 'smartconfig.5ghz-network',
    because: 'The phone side sends on the 5 GHz network; the device listens on 2.4 GHz channels only.',
  },
  {
    ...device,
    knob: 'supports5GHz',
    value: true,
    expect: 'succeeded',
    because: 'A dual-band radio changes nothing on the 2.4 GHz network.',
  },
  {
    ...device,
    knob: 'distanceM',
    value: 60,
    also: [{ scope: 'air', knob: 'sensitivityDbm', value: -60 }],
    expect: 'smartconfig.no-decode',
    because: 'At 60 m the router and the workstation arrive below a -60 dBm receiver: the device hears nothing.',
  },
  {
    ...device,
    knob: 'rearmAfterMs',
    value: 0,
    expect: 'succeeded',
    because: 'Staying online after provisioning does not affect this session.',
  },
]
