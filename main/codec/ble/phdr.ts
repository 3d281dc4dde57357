// LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR (256): a 10-byte pseudo-header before the LL packet
// (AA | PDU | CRC). Layout and flag bits as registered at tcpdump.org/linktypes/LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR.html.
import { fail, ok, type Result } from '../result'
import { isUint, readU16LE, readU32LE, writeU16LE, writeU32LE } from './bytes'

export const LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR = 256
export const PHDR_LENGTH = 10

export const PhdrFlag = {
  dewhitened: 0x0001,
  signalValid: 0x0002,
  noiseValid: 0x0004,
  decrypted: 0x0008,
  referenceAccessAddressValid: 0x0010,
  accessAddressOffensesValid: 0x0020,
  channelAliased: 0x0040,
  crcChecked: 0x0400,
  crcValid: 0x0800,
  micChecked: 0x1000,
  micValid: 0x2000,
} as const

export const PHDR_PDU_TYPES = [
  'adv-or-data-unspecified',
  'aux-advertising',
  'data-central-to-peripheral',
  'data-peripheral-to-central',
  'cis-central-to-peripheral',
  'cis-peripheral-to-central',
  'bis',
  'reserved',
] as const
export type PhdrPduType = (typeof PHDR_PDU_TYPES)[number]

export const PHDR_PHYS = ['LE 1M', 'LE 2M', 'LE Coded', 'reserved'] as const
export type PhdrPhy = (typeof PHDR_PHYS)[number]

export interface LePhdr {
  /** RF channel 0..39 (2402 + 2k MHz), not the channel index. */
  rfChannel: number
  /** Present exactly when the "signal power valid" flag is set. */
  signalDbm?: number
  noiseDbm?: number
  accessAddressOffenses?: number
  referenceAccessAddress?: number
  dewhitened: boolean
  decrypted: boolean
  channelAliased: boolean
  pduType: PhdrPduType
  crcChecked: boolean
  crcValid: boolean
  micChecked: boolean
  micValid: boolean
  phy: PhdrPhy
}

export interface LePhdrRecord {
  phdr: LePhdr
  /** AA | PDU | CRC, a view into the input. */
  packet: Uint8Array
}

export function parseLePhdr(buf: Uint8Array): Result<LePhdrRecord> {
  if (buf.length < PHDR_LENGTH) return fail(`record of ${buf.length} bytes is shorter than the 10-byte PHDR`, 0)
  const flags = readU16LE(buf, 8)
  const has = (f: number): boolean => (flags & f) !== 0
  const phdr: LePhdr = {
    rfChannel: buf[0],
    ...(has(PhdrFlag.signalValid) ? { signalDbm: (buf[1] << 24) >> 24 } : {}),
    ...(has(PhdrFlag.noiseValid) ? { noiseDbm: (buf[2] << 24) >> 24 } : {}),
    ...(has(PhdrFlag.accessAddressOffensesValid) ? { accessAddressOffenses: buf[3] } : {}),
    ...(has(PhdrFlag.referenceAccessAddressValid) ? { referenceAccessAddress: readU32LE(buf, 4) } : {}),
    dewhitened: has(PhdrFlag.dewhitened),
    decrypted: has(PhdrFlag.decrypted),
    channelAliased: has(PhdrFlag.channelAliased),
    pduType: PHDR_PDU_TYPES[(flags >> 7) & 7],
    crcChecked: has(PhdrFlag.crcChecked),
    crcValid: has(PhdrFlag.crcValid),
    micChecked: has(PhdrFlag.micChecked),
    micValid: has(PhdrFlag.micValid),
    phy: PHDR_PHYS[(flags >> 14) & 3],
  }
  return ok({ phdr, packet: buf.subarray(PHDR_LENGTH) })
}

export type LePhdrInput = Partial<LePhdr> & { rfChannel: number }

/** Build PHDR + packet. Booleans default to false, pduType to unspecified, phy to LE 1M. */
export function buildLePhdr(input: LePhdrInput, packet: Uint8Array): Result<Uint8Array> {
  if (!isUint(input.rfChannel, 8) || input.rfChannel > 39) return fail('RF channel must be 0..39', 0)
  const dbm = (v: number | undefined, name: string): Result<never> | undefined =>
    v === undefined || (Number.isInteger(v) && v >= -128 && v <= 127) ? undefined : fail(`${name} must be -128..127 dBm`, 0)
  const bad = dbm(input.signalDbm, 'signal') ?? dbm(input.noiseDbm, 'noise')
  if (bad) return bad
  if (input.accessAddressOffenses !== undefined && !isUint(input.accessAddressOffenses, 8))
    return fail('access address offenses must fit one byte', 3)
  if (input.referenceAccessAddress !== undefined && !isUint(input.referenceAccessAddress, 32))
    return fail('reference access address must fit 32 bits', 4)
  const pduIndex = PHDR_PDU_TYPES.indexOf(input.pduType ?? 'adv-or-data-unspecified')
  const phyIndex = PHDR_PHYS.indexOf(input.phy ?? 'LE 1M')
  if (pduIndex < 0) return fail('unknown PHDR PDU type', 8)
  if (phyIndex < 0) return fail('unknown PHY', 8)
  let flags = (pduIndex << 7) | (phyIndex << 14)
  const set = (cond: boolean | undefined, f: number): void => {
    if (cond) flags |= f
  }
  set(input.dewhitened, PhdrFlag.dewhitened)
  set(input.signalDbm !== undefined, PhdrFlag.signalValid)
  set(input.noiseDbm !== undefined, PhdrFlag.noiseValid)
  set(input.decrypted, PhdrFlag.decrypted)
  set(input.referenceAccessAddress !== undefined, PhdrFlag.referenceAccessAddressValid)
  set(input.accessAddressOffenses !== undefined, PhdrFlag.accessAddressOffensesValid)
  set(input.channelAliased, PhdrFlag.channelAliased)
  set(input.crcChecked, PhdrFlag.crcChecked)
  set(input.crcValid, PhdrFlag.crcValid)
  set(input.micChecked, PhdrFlag.micChecked)
  set(input.micValid, PhdrFlag.micValid)
  const out = new Uint8Array(PHDR_LENGTH + packet.length)
  out[0] = input.rfChannel
  out[1] = (input.signalDbm ?? 0) & 0xff
  out[2] = (input.noiseDbm ?? 0) & 0xff
  out[3] = input.accessAddressOffenses ?? 0
  writeU32LE(out, 4, input.referenceAccessAddress ?? 0)
  writeU16LE(out, 8, flags)
  out.set(packet, PHDR_LENGTH)
  return ok(out)
}
