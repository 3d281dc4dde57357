import type { LabKnobCase } from '../lab-knob-case'

// Knobs of the Breeze lab devices (main/lab/devices/breeze-*.ts). One case per knob at least; see lab-knob-case.ts.
const breeze = { scope: 'device', deviceKind: 'breeze-device', method: 'ble-config' } as const

export const bleConfigKnobCases: LabKnobCase[] = [
  {
    ...breeze,
    knob: 'poweredOn',
    value: false,
    expect: 'ble.device-not-found',
    because: 'A powered-off device does not advertise; the scan hears no Breeze advertisement from it.',
  },
  {
    ...breeze,
    knob: 'outOfRange',
    value: true,
    expect: 'ble.device-not-found',
    because: 'Its advertisements arrive below the receiver\'s sensitivity: out of range is not found.',
  },
  {
    ...breeze,
    knob: 'wrongSecret',
    value: true,
    expect: 'ble.auth-failed',
    because: 'The firmware cannot decrypt "Hi,Server" with its secret and drops the link right after AUTH_REQ.',
  },
  {
    ...breeze,
    knob: 'authRandEncryptedBug',
    value: true,
    expect: 'ble.firmware-cannot-authenticate',
    because: 'AUTH_RAND arrives encrypted (transport.c@029937a4), which the client recognises instead of timing out.',
  },
  {
    ...breeze,
    knob: 'dropConfigWrites',
    value: 10,
    expect: 'ble.disconnected-mid-write',
    because: 'The device drops the link at the first Wi-Fi config frame on every one of the three attempts.',
  },
  {
    ...breeze,
    knob: 'dropConfigWrites',
    value: 1,
    expect: 'succeeded',
    because: 'One drop: the retried send-wifi-config reconnects, authenticates again and delivers the config.',
  },
  {
    ...breeze,
    knob: 'refuseConfig',
    value: true,
    expect: 'ble.config-rejected',
    because: 'The firmware answers the Wi-Fi config with ERR instead of 06 03 01 01 01.',
  },
  {
    ...breeze,
    knob: 'responseDelayMs',
    value: 5_000,
    expect: 'ble.connect-timeout',
    because: 'GATT answers take 5 s, longer than the 4 s the method gives each request, on every connection attempt.',
  },
  {
    ...breeze,
    knob: 'responseDelayMs',
    value: 300,
    expect: 'succeeded',
    because: 'A slow but working device: every step takes longer and still finishes within its timeout.',
  },
  {
    ...breeze,
    knob: 'staleConfigQuirk',
    value: true,
    expect: 'succeeded',
    because: 'The quirk needs an earlier, longer config in the same boot; a first config is taken whole.',
  },
  {
    ...breeze,
    knob: 'firmware',
    value: 'bz-2.0.7',
    expect: 'succeeded',
    because: '2.0.7 firmware takes the app token (nested TLV 0x04) and reports it back as its bind token.',
  },
  {
    ...breeze,
    knob: 'firmware',
    value: 'aos-2.0.5',
    target: { password: 'not-the-lab-password' },
    // The failed handshake is reported as soon as it happens; a loaded machine must not turn it into a timeout.
    options: { confirmTimeoutMs: 20_000 },
    expect: 'wifi.wrong-password',
    because: 'The device gets the config over BLE, then fails the WPA2 handshake with the wrong password.',
  },
]
