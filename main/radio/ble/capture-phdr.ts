// What a BLE sniffer at the workstation would capture from the lab air, as LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR
// records: it follows CONNECT_INDs, so data-channel packets carry their direction and a checked CRC.
import { rfChannelForIndex } from '../../codec/ble/channels'
import { parseAdvertisingPdu } from '../../codec/ble/ll-advertising'
import { ADVERTISING_ACCESS_ADDRESS, parseLinkLayerPacket } from '../../codec/ble/ll-packet'
import { buildLePhdr, type PhdrPduType } from '../../codec/ble/phdr'

export interface HeardBlePacket {
  from: string
  /** Channel index 0..39. */
  channel: number
  rssiDbm: number
  /** AA | PDU | CRC. */
  bytes: Uint8Array
}

interface Connection {
  central: string
  crcInit: number
}

export class BlePhdrTracker {
  private connections = new Map<number, Connection>()

  /** The PHDR record for one packet, or undefined for bytes that are not an LL packet. */
  record(packet: HeardBlePacket): Uint8Array | undefined {
    const rfChannel = rfChannelForIndex(packet.channel)
    if (rfChannel === undefined) return undefined
    const ll = parseLinkLayerPacket(packet.bytes)
    if (!ll.ok) return undefined
    const aa = ll.value.accessAddress
    let pduType: PhdrPduType = 'adv-or-data-unspecified'
    let crcValid: boolean | undefined
    if (aa === ADVERTISING_ACCESS_ADDRESS) {
      crcValid = ll.value.crcValid
      const pdu = parseAdvertisingPdu(ll.value.pdu)
      if (pdu.ok && pdu.value.type === 'CONNECT_IND' && crcValid) {
        this.connections.set(pdu.value.ll.accessAddress, { central: packet.from, crcInit: pdu.value.ll.crcInit })
      }
    } else {
      const connection = this.connections.get(aa)
      if (connection) {
        pduType = packet.from === connection.central ? 'data-central-to-peripheral' : 'data-peripheral-to-central'
        const checked = parseLinkLayerPacket(packet.bytes, connection.crcInit)
        crcValid = checked.ok ? checked.value.crcValid : undefined
      }
    }
    const record = buildLePhdr(
      {
        rfChannel,
        signalDbm: Math.max(-128, Math.min(127, Math.round(packet.rssiDbm))),
        noiseDbm: -95,
        dewhitened: true,
        referenceAccessAddress: aa,
        pduType,
        ...(crcValid !== undefined ? { crcChecked: true, crcValid } : {}),
      },
      packet.bytes,
    )
    return record.ok ? record.value : undefined
  }
}
