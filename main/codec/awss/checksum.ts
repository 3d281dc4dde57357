// PROTOCOLS-awss.md §1.5: the two smartconfig checksums.

/**
 * zconfig_checksum_v3: 16-bit sum, split into two 6-bit halves, each forced non-zero so that neither byte
 * can be 0x00 on the air. Returns (hi << 8) | lo; the stream carries hi first.
 */
export function checksumV3(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum = (sum + (values[i] & 0xff)) & 0xffff
  const lo = sum & 0x3f || 1
  const hi = (sum >> 6) & 0x3f || 1
  return (hi << 8) | lo
}

export function checksumV3Bytes(values: ArrayLike<number>): [hi: number, lo: number] {
  const crc = checksumV3(values)
  return [crc >> 8, crc & 0xff]
}

/** zconfig_checksum_v5 as mcast compares it: the plain byte sum, low 8 bits. */
export function checksumV5(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum = (sum + (values[i] & 0xff)) & 0xffff
  return sum & 0xff
}
