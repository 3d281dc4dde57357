// Channel index (what the link layer talks about) vs RF channel (2402 + 2k MHz, what the PHDR carries).

/** Channel index 0..39 -> RF channel 0..39. Advertising 37, 38, 39 sit at RF 0, 12, 39. */
export function rfChannelForIndex(index: number): number | undefined {
  if (!Number.isInteger(index) || index < 0 || index > 39) return undefined
  if (index === 37) return 0
  if (index === 38) return 12
  if (index === 39) return 39
  return index <= 10 ? index + 1 : index + 2
}

export function channelIndexForRf(rf: number): number | undefined {
  if (!Number.isInteger(rf) || rf < 0 || rf > 39) return undefined
  if (rf === 0) return 37
  if (rf === 12) return 38
  if (rf === 39) return 39
  return rf <= 11 ? rf - 1 : rf - 2
}

export const rfChannelMhz = (rf: number): number => 2402 + 2 * rf
