// One link-layer packet as sniffers capture it: access address (4, LE) | PDU (2-byte header + payload) | CRC (3).
import { fail, ok, type Result } from '../result'
import { bytesEqual, isUint, readU32LE, writeU32LE } from './bytes'
import { ADVERTISING_CRC_INIT, crc24Bytes } from './crc24'

export const ADVERTISING_ACCESS_ADDRESS = 0x8e89bed6

export interface LinkLayerPacket {
  accessAddress: number
  /** Header and payload, without access address and CRC. A view into the input. */
  pdu: Uint8Array
  crc: Uint8Array
  /** Undefined when the CRC init is unknown (a data channel whose CONNECT_IND we did not see). */
  crcValid: boolean | undefined
}

/**
 * Split a captured packet. `crcInit` defaults to the advertising value for the advertising access address;
 * pass the connection's CRCInit for data channel packets, or leave it out to skip the check.
 */
export function parseLinkLayerPacket(buf: Uint8Array, crcInit?: number): Result<LinkLayerPacket> {
  if (buf.length < 4 + 2 + 3) return fail(`LL packet of ${buf.length} bytes is shorter than the 9-byte minimum`, 0)
  const accessAddress = readU32LE(buf, 0)
  const length = buf[5]
  // On a data channel the CP bit adds a CTEInfo octet that the length field does not count.
  const isData = accessAddress !== ADVERTISING_ACCESS_ADDRESS
  const headerLen = isData && buf[4] & 0x20 ? 3 : 2
  const end = 4 + headerLen + length
  if (end + 3 > buf.length)
    return fail(`PDU header says ${length} payload bytes but only ${buf.length - 4 - headerLen - 3} fit before the CRC`, 5)
  if (end + 3 < buf.length) return fail(`${buf.length - end - 3} bytes follow the CRC`, end + 3)
  const pdu = buf.subarray(4, end)
  const crc = buf.subarray(end, end + 3)
  const init = crcInit ?? (accessAddress === ADVERTISING_ACCESS_ADDRESS ? ADVERTISING_CRC_INIT : undefined)
  const crcValid = init === undefined ? undefined : bytesEqual(crc24Bytes(pdu, init), crc)
  return ok({ accessAddress, pdu, crc, crcValid })
}

export function buildLinkLayerPacket(accessAddress: number, pdu: Uint8Array, crcInit: number): Result<Uint8Array> {
  if (!isUint(accessAddress, 32)) return fail('access address must fit 32 bits', 0)
  if (!isUint(crcInit, 24)) return fail('CRC init must fit 24 bits', 0)
  const isData = accessAddress !== ADVERTISING_ACCESS_ADDRESS
  const headerLen = isData && pdu.length > 0 && pdu[0] & 0x20 ? 3 : 2
  if (pdu.length < headerLen || pdu[1] !== pdu.length - headerLen)
    return fail('PDU header length does not match the PDU (build the PDU with its builder)', 1)
  const out = new Uint8Array(4 + pdu.length + 3)
  writeU32LE(out, 0, accessAddress)
  out.set(pdu, 4)
  out.set(crc24Bytes(pdu, crcInit), 4 + pdu.length)
  return ok(out)
}
