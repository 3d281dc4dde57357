import { CaptureError } from './capture-source'

// libpcap says what went wrong in a sentence that varies by OS and version; the user needs one of a few answers and
// what to do about each. Matching is on the stable parts of libpcap's messages (pcap-linux.c, pcap-bpf.c, Npcap).

export interface OpenFailure {
  interface: string
  message: string
  monitorRequested: boolean
  /** The executable that needs the capabilities (node, or Electron running as node). */
  executable: string
  platform?: NodeJS.Platform
}

export function permissionRemedy(executable: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux') return `Grant capture rights to the capture helper: sudo setcap cap_net_raw,cap_net_admin+eip ${executable} (or run the station as root).`
  if (platform === 'darwin') return 'Give your user access to /dev/bpf* (install Wireshark’s ChmodBPF, or run with sudo).'
  return 'Install Npcap (with “Support raw 802.11 traffic (and monitor mode)”) and allow non-admin capture, or run as administrator.'
}

export function classifyOpenFailure(failure: OpenFailure): CaptureError {
  const { interface: name, message, monitorRequested } = failure
  const platform = failure.platform ?? process.platform
  const text = message.trim()
  if (/permission|not permitted|EPERM|EACCES|access denied/i.test(text)) {
    return new CaptureError('no-permission', `No permission to capture on ${name}${text ? ` (${text})` : ''}.`, permissionRemedy(failure.executable, platform))
  }
  if (/no such device|doesn't exist|does not exist|ENODEV|ENXIO|not found/i.test(text)) {
    return new CaptureError('no-such-interface', `There is no interface named ${name}.`, 'Choose an existing interface in Settings (ip link lists them).')
  }
  if (/not up|went down|network is down|ENETDOWN/i.test(text)) {
    return new CaptureError('interface-gone', `${name} is down.`, `Bring it up (sudo ip link set ${name} up) or choose another interface.`)
  }
  if (/filter|syntax error|parse/i.test(text)) {
    return new CaptureError('bad-filter', `The capture filter is not valid BPF: ${text}`, 'Fix the filter in Settings (tcpdump syntax, e.g. "udp port 5683"), or leave it empty.')
  }
  if (monitorRequested && (text === '' || /monitor|rfmon|not supported|RFMON/i.test(text))) {
    return new CaptureError('no-monitor-mode', `${name} cannot be put in monitor mode${text ? ` (${text})` : ''}.`, monitorRemedy(name, platform))
  }
  return new CaptureError('failed', `Cannot capture on ${name}: ${text || 'libpcap gave no reason'}.`, 'Check the interface and its driver; try tcpdump -i on it to compare.')
}

export function monitorRemedy(name: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'linux') return `Use a Wi-Fi adapter whose driver supports monitor mode (iw list shows "monitor" under supported interface modes), or open a capture file instead. ${name} itself cannot.`
  if (platform === 'darwin') return 'Use the built-in Wi-Fi (en0) with monitor mode, or open a capture file instead.'
  return 'Use an adapter that Npcap supports in monitor mode, or open a capture file instead.'
}

export function notWirelessError(name: string, platform: NodeJS.Platform = process.platform): CaptureError {
  return new CaptureError('no-monitor-mode', `${name} is not a Wi-Fi interface, so it has no monitor mode.`, monitorRemedy(name, platform))
}

export function interfaceGoneError(name: string): CaptureError {
  return new CaptureError('interface-gone', `${name} is gone: the adapter was unplugged or the interface was removed while capturing.`, 'Plug the adapter back in (or recreate the interface) and start the capture again.')
}

/** node-pcap names a few link types and reports the rest as "Unknown linktype N". */
export function linktypeNumber(name: string): number | undefined {
  const named: Record<string, number> = { LINKTYPE_NULL: 0, LINKTYPE_ETHERNET: 1, LINKTYPE_IEEE802_11_RADIO: 127, LINKTYPE_RAW: 101, LINKTYPE_LINUX_SLL: 113 }
  if (name in named) return named[name]
  const match = /Unknown linktype (\d+)/.exec(name)
  return match ? Number(match[1]) : undefined
}
