// Radiotap + 802.11 (linktype 127). The radiotap Flags field decides whether an FCS ends the frame and
// whether the body is padded; a radiotap problem is reported first, but the 802.11 frame is still decoded
// from it_len on, as Wireshark does.
import { decode80211Into, emptyWifiFrame } from './decode-80211.js'
import type { DecodedWifiFrame } from './frame-types.js'
import { parseRadiotap } from './radiotap.js'

export function decodeRadiotapFrame(bytes: Uint8Array): DecodedWifiFrame {
  const parsed = parseRadiotap(bytes)
  if (!parsed.ok) {
    const frame = emptyWifiFrame(0)
    frame.malformed = parsed.error
    return frame
  }
  const { radiotap, malformed } = parsed.value
  const frame = emptyWifiFrame(radiotap.length)
  frame.radiotap = radiotap
  // A 0-length-PSDU field says no 802.11 frame follows the header (sounding PPDUs and the like).
  if (radiotap.zeroLengthPsdu !== undefined) {
    if (malformed) frame.malformed = malformed
    frame.bodyOffset = radiotap.length
    return frame
  }
  const flags = radiotap.flags
  decode80211Into(bytes, radiotap.length, { fcsAtEnd: flags?.fcsAtEnd ?? false, dataPad: flags?.dataPad ?? false }, frame)
  if (malformed) frame.malformed = malformed
  return frame
}
