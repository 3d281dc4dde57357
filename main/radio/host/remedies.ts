import type { RadioState } from '../../../preload/contract'

// What each driver failure means for the user, and what to do about it, per OS.
const platform = process.platform

export function describeBleState(state: string, error?: NodeJS.ErrnoException): RadioState {
  const driver = '@abandonware/noble'
  if (state === 'poweredOn') return { radio: 'ble', status: 'ready', driver, details: { present: true, powered: true, permitted: true } }
  if (state === 'error') {
    const code = error?.code ?? error?.message ?? 'unknown error'
    const noController = /EAFNOSUPPORT|ENODEV|No compatible USB Bluetooth|LIBUSB/i.test(`${code} ${error?.message}`)
    return {
      radio: 'ble',
      status: 'unavailable',
      driver,
      reason: noController ? `No Bluetooth controller (${code}).` : `Bluetooth driver failed to load (${code}).`,
      remedy: noController
        ? platform === 'linux'
          ? 'Plug in a Bluetooth 4.0+ adapter (hciconfig should list hci0) and make sure the kernel has Bluetooth support.'
          : 'Turn Bluetooth on or plug in a Bluetooth 4.0+ adapter.'
        : 'Reinstall dependencies (npm ci) and check the README troubleshooting section.',
      details: { present: !noController, powered: false, permitted: false },
    }
  }
  const remedies: Record<string, [string, string]> = {
    unsupported: ['This Bluetooth adapter does not support BLE.', 'Use a Bluetooth 4.0+ (BLE) adapter.'],
    unauthorized: [
      'Not permitted to use Bluetooth.',
      platform === 'darwin'
        ? 'Allow Provbench in System Settings > Privacy & Security > Bluetooth.'
        : platform === 'linux'
          ? 'Grant raw HCI access: sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f $(which node)), or stop bluetoothd while provisioning.'
          : 'Check the Bluetooth driver and that the app may use it.',
    ],
    poweredOff: ['Bluetooth is switched off.', platform === 'linux' ? 'Run: bluetoothctl power on (or rfkill unblock bluetooth).' : 'Switch Bluetooth on.'],
    resetting: ['The Bluetooth adapter is resetting.', 'Wait a few seconds; unplug and replug the adapter if it persists.'],
    unknown: ['The Bluetooth adapter did not report its state in time.', platform === 'win32' ? 'Install a WinUSB driver for the adapter (Zadig) as noble requires.' : 'Check that bluetoothd is not holding the adapter (sudo systemctl stop bluetooth).'],
  }
  const [reason, remedy] = remedies[state] ?? [`Bluetooth state "${state}".`, 'Check the adapter.']
  return { radio: 'ble', status: 'unavailable', driver, reason, remedy, details: { present: state !== 'unsupported', powered: false, permitted: state !== 'unauthorized' } }
}

export function describeWifiError(error: NodeJS.ErrnoException, wireless: string[]): RadioState {
  const text = `${error.code ?? ''} ${error.message}`
  if (/ENOENT/.test(text) && /nmcli/.test(text)) {
    return {
      radio: 'wifi',
      status: 'unavailable',
      driver: 'node-wifi',
      reason: 'nmcli (NetworkManager) not found; node-wifi needs it on Linux.',
      remedy: 'Install NetworkManager (apt-get install network-manager) and make sure it manages the Wi-Fi interface.',
      details: { interfaces: wireless.join(',') || 'none' },
    }
  }
  return {
    radio: 'wifi',
    status: 'unavailable',
    driver: 'node-wifi',
    reason: wireless.length === 0 ? 'No Wi-Fi interface found.' : `Wi-Fi driver error: ${error.message}`,
    remedy: wireless.length === 0 ? 'Plug in a Wi-Fi adapter.' : 'Check that the Wi-Fi interface is up and managed.',
    details: { interfaces: wireless.join(',') || 'none' },
  }
}

export function describeCapture(found: { requested?: string; chosen?: string; devices: string[]; openError?: Error; wireless: boolean }): RadioState {
  const driver = 'pcap'
  if (found.requested && !found.devices.includes(found.requested)) {
    return { radio: 'capture', status: 'unavailable', driver, reason: `Interface ${found.requested} is gone.`, remedy: `Choose one of: ${found.devices.join(', ') || 'none'} in Settings.` }
  }
  if (!found.chosen) {
    return {
      radio: 'capture',
      status: 'unavailable',
      driver,
      reason: 'No Wi-Fi interface to capture on.',
      remedy: 'Plug in a Wi-Fi adapter that supports monitor mode, or open a capture file instead.',
      details: { interfaces: found.devices.join(',') },
    }
  }
  if (found.openError) {
    const denied = /permission|EPERM|Operation not permitted/i.test(found.openError.message)
    return {
      radio: 'capture',
      status: 'unavailable',
      driver,
      reason: denied ? `No permission to capture on ${found.chosen}.` : `Cannot open ${found.chosen}: ${found.openError.message}`,
      remedy: denied
        ? platform === 'linux'
          ? 'Grant capture rights: sudo setcap cap_net_raw,cap_net_admin+eip $(readlink -f $(which node))'
          : platform === 'darwin'
            ? 'Install Wireshark\'s ChmodBPF (or run with access to /dev/bpf*).'
            : 'Install Npcap with "Support raw 802.11 traffic (and monitor mode)".'
        : 'Check the interface and try again.',
      details: { interface: found.chosen },
    }
  }
  return {
    radio: 'capture',
    status: found.wireless ? 'ready' : 'unavailable',
    driver,
    ...(found.wireless ? {} : { reason: `${found.chosen} is not a Wi-Fi interface: no monitor mode.`, remedy: 'Choose a Wi-Fi interface that supports monitor mode.' }),
    details: { interface: found.chosen, monitorMode: found.wireless },
  }
}
