import { type AdStructure, parseAdvertisingData } from '../../codec/ble/ad'
import { detectBreeze, parseBreezeManufacturerData } from '../../codec/breeze/advertisement'
import { BREEZE_COMPANY_ID } from '../../codec/breeze/constants'
import type { Advertisement } from './interface'

export interface HeardAdvertisement {
  address: string
  addressType: 'public' | 'random'
  rssi: number
  connectable: boolean
  advData: Uint8Array
  scanResponse?: Uint8Array
  receivedAt: number
}

/**
 * Raw advertising data (and scan response) as a scanner reports it. Malformed AD structures are skipped, not
 * thrown: a scanner hears every device in the room, and one broken advertiser must not hide the others.
 */
export function advertisementFromRaw(heard: HeardAdvertisement): Advertisement {
  const structures: AdStructure[] = []
  for (const data of [heard.advData, heard.scanResponse]) {
    if (!data) continue
    const parsed = parseAdvertisingData(data)
    if (parsed.ok) structures.push(...parsed.value)
  }
  const breeze = detectBreeze(structures)
  return {
    ...fromStructures(structures),
    address: heard.address.toLowerCase(),
    addressType: heard.addressType,
    rssi: heard.rssi,
    connectable: heard.connectable,
    receivedAt: heard.receivedAt,
    ...(breeze.ok ? { breeze: breeze.value } : {}),
  }
}

function fromStructures(structures: AdStructure[]): Omit<Advertisement, 'address' | 'addressType' | 'rssi' | 'connectable' | 'receivedAt'> {
  const out: ReturnType<typeof fromStructures> = { serviceUuids: [], manufacturerData: [], serviceData: [] }
  for (const s of structures) {
    if (s.kind === 'flags') out.flags = s.flags
    else if (s.kind === 'uuid16' || s.kind === 'uuid32' || s.kind === 'uuid128') out.serviceUuids.push(...s.uuids)
    // A complete name beats a shortened one, whichever came first.
    else if (s.kind === 'local-name' && (s.complete || out.name === undefined)) out.name = s.name
    else if (s.kind === 'tx-power') out.txPowerDbm = s.dbm
    else if (s.kind === 'manufacturer') out.manufacturerData.push({ companyId: s.companyId, data: s.data })
    else if (s.kind === 'service-data') out.serviceData.push({ uuid: s.uuid, data: s.data })
  }
  return out
}

/** What noble hands over: parsed fields, manufacturer data with its company id in front. */
export interface NobleAdvertisementFields {
  address: string
  addressType: string
  rssi: number
  connectable: boolean
  localName?: string
  serviceUuids?: string[]
  manufacturerData?: Uint8Array
  serviceData?: { uuid: string; data: Uint8Array }[]
  txPowerLevel?: number
  receivedAt: number
}

export function advertisementFromNoble(f: NobleAdvertisementFields): Advertisement {
  const serviceUuids = (f.serviceUuids ?? []).map(uuidFromNoble)
  const manufacturerData =
    f.manufacturerData && f.manufacturerData.length >= 2
      ? [{ companyId: f.manufacturerData[0] | (f.manufacturerData[1] << 8), data: f.manufacturerData.subarray(2) }]
      : []
  const breezeService = serviceUuids.includes(0xfeb3)
  const breeze =
    breezeService && manufacturerData[0]?.companyId === BREEZE_COMPANY_ID ? parseBreezeManufacturerData(f.manufacturerData!) : undefined
  return {
    address: f.address.toLowerCase(),
    addressType: f.addressType === 'random' ? 'random' : 'public',
    rssi: f.rssi,
    connectable: f.connectable,
    ...(f.localName ? { name: f.localName } : {}),
    serviceUuids,
    manufacturerData,
    serviceData: (f.serviceData ?? []).map((d) => ({ uuid: uuidFromNoble(d.uuid), data: d.data })),
    ...(typeof f.txPowerLevel === 'number' ? { txPowerDbm: f.txPowerLevel } : {}),
    ...(breeze?.ok ? { breeze: breeze.value } : {}),
    receivedAt: f.receivedAt,
  }
}

/** noble writes 16-bit UUIDs as "feb3" and 128-bit ones without dashes. */
export function uuidFromNoble(text: string): number | string {
  const clean = text.toLowerCase().replace(/-/g, '')
  if (/^[0-9a-f]{4}$/.test(clean) || /^[0-9a-f]{8}$/.test(clean)) return parseInt(clean, 16)
  if (/^[0-9a-f]{32}$/.test(clean)) {
    return `${clean.slice(0, 8)}-${clean.slice(8, 12)}-${clean.slice(12, 16)}-${clean.slice(16, 20)}-${clean.slice(20)}`
  }
  return text
}

/** Does this advertisement name the device the user asked for (address, advertised name, or the Breeze MAC)? */
export function advertisementMatches(adv: Advertisement, wanted: { address?: string; names?: string[] }): boolean {
  const address = wanted.address?.toLowerCase().replace(/-/g, ':')
  if (address && (adv.address === address || adv.breeze?.mac === address)) return true
  return !!adv.name && !!wanted.names?.some((n) => n === adv.name)
}
