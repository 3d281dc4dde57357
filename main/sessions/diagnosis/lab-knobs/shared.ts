import type { LabKnobCase } from '../lab-knob-case'

// Air and router knobs (main/lab/lab.ts AIR_KNOBS, main/lab/router.ts ROUTER_KNOBS), exercised with webcam-config,
// the method that needs no extra radio. Families add cases for knobs that matter to their method in their own file.
export const sharedKnobCases: LabKnobCase[] = [
  {
    scope: 'router',
    knob: 'enabled',
    value: false,
    method: 'webcam-config',
    target: { bssid: '02:00:1a:00:00:01' },
    expect: 'wifi.network-not-found',
    because: 'A powered-off router sends no beacons or probe responses; the camera scans and finds nothing.',
  },
  {
    scope: 'router',
    knob: 'enabled',
    value: false,
    method: 'webcam-config',
    expect: 'wifi.bssid-unresolved',
    because: 'Without a BSSID given, the workstation must hear the router to put its BSSID in the QR code, and cannot.',
  },
  {
    scope: 'router',
    knob: 'dropMulticast',
    value: true,
    method: 'webcam-config',
    expect: 'succeeded',
    because: 'The QR code and the CoAP confirmation use no multicast over the router.',
  },
  {
    scope: 'router',
    knob: 'beaconIntervalMs',
    value: 1000,
    method: 'webcam-config',
    expect: 'succeeded',
    because: 'Slow beacons only slow discovery: the camera scans actively with probe requests.',
  },
  {
    scope: 'air',
    knob: 'sensitivityDbm',
    value: -60,
    also: [{ scope: 'device', deviceKind: 'webcam-camera', knob: 'distanceM', value: 60, }],
    method: 'webcam-config',
    expect: 'wifi.out-of-range',
    because: 'At 60 m the router arrives at about -64 dBm, below a -60 dBm receiver.',
  },
  {
    scope: 'air',
    knob: 'loss',
    value: 0.9,
    method: 'webcam-config',
    target: { bssid: '02:00:1a:00:00:01' },
    expect: 'wifi.poor-link',
    because: 'With 9 frames in 10 lost the camera hears too little of the router, while the workstation monitor still hears its beacons.',
  },
]
