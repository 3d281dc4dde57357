// Channel numbers derived from a centre frequency, the way wlan_radio.channel in Wireshark derives them.

/** IEEE channel number for a frequency in MHz, or undefined for frequencies outside the known bands. */
export function channelFromFrequency(freqMHz: number): number | undefined {
  if (freqMHz === 2484) return 14
  if (freqMHz >= 2412 && freqMHz <= 2472) return integerOrUndefined((freqMHz - 2407) / 5)
  // 6 GHz (802.11ax) channels start at 5955 and overlap numerically with 5 GHz, so test it first.
  if (freqMHz >= 5955 && freqMHz <= 7115) return integerOrUndefined((freqMHz - 5950) / 5)
  if (freqMHz === 5935) return 2
  if (freqMHz >= 5000 && freqMHz <= 5925) return integerOrUndefined((freqMHz - 5000) / 5)
  if (freqMHz >= 4910 && freqMHz <= 4980) return integerOrUndefined((freqMHz - 4000) / 5)
  if (freqMHz >= 58320 && freqMHz <= 70200) return integerOrUndefined((freqMHz - 56160) / 2160)
  return undefined
}

/** Centre frequency in MHz for a channel number in a band ('2.4', '5', '6'). */
export function frequencyFromChannel(channel: number, band: '2.4' | '5' | '6' = channel <= 14 ? '2.4' : '5'): number {
  if (band === '2.4') return channel === 14 ? 2484 : 2407 + 5 * channel
  if (band === '6') return channel === 2 ? 5935 : 5950 + 5 * channel
  return 5000 + 5 * channel
}

function integerOrUndefined(value: number): number | undefined {
  return Number.isInteger(value) ? value : undefined
}
