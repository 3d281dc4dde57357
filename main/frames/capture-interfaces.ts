import fs from 'node:fs'
import os from 'node:os'

export interface InterfaceChoice {
  name: string
  wireless: boolean
  up: boolean | null
}

/** Interfaces a live capture could use, read from the OS without loading the capture driver into this process. */
export function listCaptureInterfaces(): InterfaceChoice[] {
  if (process.platform === 'linux' && fs.existsSync('/sys/class/net')) {
    return fs
      .readdirSync('/sys/class/net')
      .sort()
      .map((name) => {
        let state = ''
        try {
          state = fs.readFileSync(`/sys/class/net/${name}/operstate`, 'utf8').trim()
        } catch {
          // interface vanished while listing
        }
        return { name, wireless: fs.existsSync(`/sys/class/net/${name}/phy80211`), up: state === 'up' ? true : state === 'down' ? false : null }
      })
  }
  return Object.keys(os.networkInterfaces())
    .sort()
    .map((name) => ({ name, wireless: /^(wl|wlan|wi-?fi|en0$|airport)/i.test(name), up: null }))
}
