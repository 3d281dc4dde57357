// LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR (256): a 10-byte pseudo header before the link-layer packet.
// Only the pseudo header is decoded here; the LL bytes go raw to the BLE decoders in codec/breeze.
import { s8, u16le, u32le } from './bytes.js'
import type { BleLlWithPhdr } from './frame-types.js'

export const BLE_PHDR_LENGTH = 10

const FLAG_DEWHITENED = 0x0001
const FLAG_SIGNAL_VALID = 0x0002
const FLAG_NOISE_VALID = 0x0004
const FLAG_CRC_CHECKED = 0x0400
const FLAG_CRC_VALID = 0x0800

export function decodeBleLlWithPhdr(bytes: Uint8Array): BleLlWithPhdr {
  if (bytes.length < BLE_PHDR_LENGTH) {
    return {
      kind: 'ble-ll',
      rfChannel: 0,
      accessAddressOffenses: 0,
      referenceAccessAddress: 0,
      flags: 0,
      pduType: 0,
      phy: 0,
      crcChecked: false,
      crcValid: false,
      dewhitened: false,
      ll: new Uint8Array(0),
      llOffset: BLE_PHDR_LENGTH,
      malformed: { reason: `BLE pseudo header needs ${BLE_PHDR_LENGTH} bytes, packet has ${bytes.length}`, offset: 0 },
    }
  }
  const flags = u16le(bytes, 8)
  const decoded: BleLlWithPhdr = {
    kind: 'ble-ll',
    rfChannel: bytes[0],
    accessAddressOffenses: bytes[3],
    referenceAccessAddress: u32le(bytes, 4),
    flags,
    pduType: (flags >> 7) & 0x07,
    phy: (flags >> 14) & 0x03,
    crcChecked: (flags & FLAG_CRC_CHECKED) !== 0,
    crcValid: (flags & FLAG_CRC_VALID) !== 0,
    dewhitened: (flags & FLAG_DEWHITENED) !== 0,
    ll: bytes.slice(BLE_PHDR_LENGTH),
    llOffset: BLE_PHDR_LENGTH,
  }
  if (flags & FLAG_SIGNAL_VALID) decoded.signalDbm = s8(bytes, 1)
  if (flags & FLAG_NOISE_VALID) decoded.noiseDbm = s8(bytes, 2)
  return decoded
}
