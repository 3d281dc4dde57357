import { describe, expect, it } from 'vitest'
import { classifyOpenFailure, linktypeNumber, permissionRemedy } from '../../../main/radio/capture/capture-errors'

// libpcap's own wording (pcap_statustostr and pcap-linux.c), as the capture helper receives it from node-pcap.
const open = (message: string, monitorRequested = false, platform: NodeJS.Platform = 'linux') =>
  classifyOpenFailure({ interface: 'wlan0', message, monitorRequested, executable: '/usr/bin/node', platform })

describe('capture open failures become a reason and a remedy', () => {
  it('no permission: names the setcap command for the helper executable on Linux', () => {
    const error = open("wlan0: You don't have permission to perform this capture on that device (socket: Operation not permitted)")
    expect(error.code).toBe('no-permission')
    expect(error.message).toMatch(/^No permission to capture on wlan0/)
    expect(error.remedy).toBe('Grant capture rights to the capture helper: sudo setcap cap_net_raw,cap_net_admin+eip /usr/bin/node (or run the station as root).')
    expect(permissionRemedy('/x', 'darwin')).toMatch(/ChmodBPF/)
    expect(permissionRemedy('/x', 'win32')).toMatch(/Npcap/)
  })

  it('monitor mode refused (libpcap may give no text at all)', () => {
    expect(open("wlan0: That device doesn't support monitor mode", true).code).toBe('no-monitor-mode')
    expect(open('', true)).toMatchObject({ code: 'no-monitor-mode', message: 'wlan0 cannot be put in monitor mode.' })
    expect(open('', false).code).toBe('failed')
  })

  it('interface missing, down, bad filter, anything else', () => {
    expect(open('wlan0: No such device exists (SIOCGIFHWADDR: No such device)').code).toBe('no-such-interface')
    expect(open('wlan0: That device is not up').code).toBe('interface-gone')
    expect(open("can't parse filter expression: syntax error").code).toBe('bad-filter')
    expect(open('something new').message).toBe('Cannot capture on wlan0: something new.')
  })

  it('reads node-pcap link type names and "Unknown linktype N"', () => {
    expect(linktypeNumber('LINKTYPE_IEEE802_11_RADIO')).toBe(127)
    expect(linktypeNumber('LINKTYPE_ETHERNET')).toBe(1)
    expect(linktypeNumber('Unknown linktype 105')).toBe(105)
    expect(linktypeNumber('garbage')).toBeUndefined()
  })
})
