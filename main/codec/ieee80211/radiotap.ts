// Radiotap header parser (https://www.radiotap.org). Fields are naturally aligned relative to the start of
// the header; extended presence words chain with bit 31; bits 29/30 switch the following words to the
// radiotap or a vendor namespace, and a vendor namespace's data is skipped by its skip_length.
import { fail, ok, type CodecError, type Result } from '../result.js'
import { s8, u16le, u32le, u64le } from './bytes.js'
import { channelFromFrequency } from './channel-number.js'
import { formatOui } from './mac-address.js'
import type { Radiotap, RadiotapFlags, RadiotapMcs } from './radiotap-types.js'

export const RADIOTAP_TLV_BIT = 28
const RADIOTAP_NAMESPACE_BIT = 29
const VENDOR_NAMESPACE_BIT = 30
const EXTENSION_BIT = 31

interface FieldSpec {
  name: string
  align: number
  size: number
  /** Stores the decoded value on the header (first occurrence only) and returns it for the field list. */
  decode(b: Uint8Array, o: number, rt: Radiotap, first: boolean): unknown
}

const MCS_BANDWIDTH = [20, 40, '20L', '20U'] as const

function decodeFlags(raw: number): RadiotapFlags {
  return {
    raw,
    cfp: (raw & 0x01) !== 0,
    shortPreamble: (raw & 0x02) !== 0,
    wep: (raw & 0x04) !== 0,
    fragmented: (raw & 0x08) !== 0,
    fcsAtEnd: (raw & 0x10) !== 0,
    dataPad: (raw & 0x20) !== 0,
    badFcs: (raw & 0x40) !== 0,
    shortGi: (raw & 0x80) !== 0,
  }
}

function decodeMcs(known: number, flags: number, index: number): RadiotapMcs {
  const mcs: RadiotapMcs = { known, flags }
  if (known & 0x01) mcs.bandwidth = MCS_BANDWIDTH[flags & 0x03]
  if (known & 0x02) mcs.index = index
  if (known & 0x04) mcs.shortGi = (flags & 0x04) !== 0
  if (known & 0x08) mcs.greenfield = (flags & 0x08) !== 0
  if (known & 0x10) mcs.ldpc = (flags & 0x10) !== 0
  if (known & 0x20) mcs.stbcStreams = (flags >> 5) & 0x03
  return mcs
}

/** Index = presence bit in the radiotap namespace. Undefined entries are not defined by radiotap.org. */
const FIELDS: (FieldSpec | undefined)[] = [
  { name: 'tsft', align: 8, size: 8, decode: (b, o, rt, first) => keep(rt, first, 'tsft', u64le(b, o)) },
  { name: 'flags', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'flags', decodeFlags(b[o])) },
  { name: 'rate', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'rateKbps', b[o] * 500) },
  {
    name: 'channel',
    align: 2,
    size: 4,
    decode: (b, o, rt, first) => {
      const freqMHz = u16le(b, o)
      return keep(rt, first, 'channel', { freqMHz, flags: u16le(b, o + 2), number: channelFromFrequency(freqMHz) })
    },
  },
  { name: 'fhss', align: 1, size: 2, decode: (b, o, rt, first) => keep(rt, first, 'fhss', { hopSet: b[o], hopPattern: b[o + 1] }) },
  { name: 'dbm_antsignal', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'dbmSignal', s8(b, o)) },
  { name: 'dbm_antnoise', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'dbmNoise', s8(b, o)) },
  { name: 'lock_quality', align: 2, size: 2, decode: (b, o, rt, first) => keep(rt, first, 'lockQuality', u16le(b, o)) },
  { name: 'tx_attenuation', align: 2, size: 2, decode: (b, o, rt, first) => keep(rt, first, 'txAttenuation', u16le(b, o)) },
  { name: 'db_tx_attenuation', align: 2, size: 2, decode: (b, o, rt, first) => keep(rt, first, 'dbTxAttenuation', u16le(b, o)) },
  { name: 'dbm_tx_power', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'dbmTxPower', s8(b, o)) },
  { name: 'antenna', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'antenna', b[o]) },
  { name: 'db_antsignal', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'dbSignal', b[o]) },
  { name: 'db_antnoise', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'dbNoise', b[o]) },
  { name: 'rx_flags', align: 2, size: 2, decode: (b, o, rt, first) => keep(rt, first, 'rxFlags', u16le(b, o)) },
  { name: 'tx_flags', align: 2, size: 2, decode: (b, o, rt, first) => keep(rt, first, 'txFlags', u16le(b, o)) },
  { name: 'rts_retries', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'rtsRetries', b[o]) },
  { name: 'data_retries', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'dataRetries', b[o]) },
  {
    name: 'xchannel',
    align: 4,
    size: 8,
    decode: (b, o, rt, first) =>
      keep(rt, first, 'xchannel', { flags: u32le(b, o), freqMHz: u16le(b, o + 4), channel: b[o + 6], maxPower: b[o + 7] }),
  },
  { name: 'mcs', align: 1, size: 3, decode: (b, o, rt, first) => keep(rt, first, 'mcs', decodeMcs(b[o], b[o + 1], b[o + 2])) },
  {
    name: 'ampdu_status',
    align: 4,
    size: 8,
    decode: (b, o, rt, first) =>
      keep(rt, first, 'ampdu', { reference: u32le(b, o), flags: u16le(b, o + 4), delimiterCrc: b[o + 6] }),
  },
  {
    name: 'vht',
    align: 2,
    size: 12,
    decode: (b, o, rt, first) => {
      const users: { user: number; mcs: number; nss: number }[] = []
      for (let user = 0; user < 4; user++) {
        const mcsNss = b[o + 4 + user]
        if (mcsNss & 0x0f) users.push({ user, mcs: mcsNss >> 4, nss: mcsNss & 0x0f })
      }
      return keep(rt, first, 'vht', {
        known: u16le(b, o),
        flags: b[o + 2],
        bandwidth: b[o + 3],
        users,
        coding: b[o + 8],
        groupId: b[o + 9],
        partialAid: u16le(b, o + 10),
      })
    },
  },
  {
    name: 'timestamp',
    align: 8,
    size: 12,
    decode: (b, o, rt, first) =>
      keep(rt, first, 'timestamp', { value: u64le(b, o), accuracy: u16le(b, o + 8), unitPosition: b[o + 10], flags: b[o + 11] }),
  },
  {
    name: 'he',
    align: 2,
    size: 12,
    decode: (b, o, rt, first) =>
      keep(rt, first, 'he', {
        data: [u16le(b, o), u16le(b, o + 2), u16le(b, o + 4), u16le(b, o + 6), u16le(b, o + 8), u16le(b, o + 10)] as [
          number,
          number,
          number,
          number,
          number,
          number,
        ],
      }),
  },
  {
    name: 'he_mu',
    align: 2,
    size: 12,
    decode: (b, o, rt, first) =>
      keep(rt, first, 'heMu', {
        flags1: u16le(b, o),
        flags2: u16le(b, o + 2),
        ruChannel1: [b[o + 4], b[o + 5], b[o + 6], b[o + 7]],
        ruChannel2: [b[o + 8], b[o + 9], b[o + 10], b[o + 11]],
      }),
  },
  {
    name: 'he_mu_other_user',
    align: 2,
    size: 6,
    decode: (b, o, rt, first) =>
      keep(rt, first, 'heMuOtherUser', {
        perUser1: u16le(b, o),
        perUser2: u16le(b, o + 2),
        perUserPosition: b[o + 4],
        perUserKnown: b[o + 5],
      }),
  },
  { name: '0_length_psdu', align: 1, size: 1, decode: (b, o, rt, first) => keep(rt, first, 'zeroLengthPsdu', b[o]) },
  { name: 'l_sig', align: 2, size: 4, decode: (b, o, rt, first) => keep(rt, first, 'lsig', { data1: u16le(b, o), data2: u16le(b, o + 2) }) },
]

function keep<K extends keyof Radiotap>(rt: Radiotap, first: boolean, key: K, value: Radiotap[K]): Radiotap[K] {
  if (first && rt[key] === undefined) rt[key] = value
  return value
}

/** Alignment and size of each defined field, for the allocation-free summary path. */
export const RADIOTAP_FIELD_ALIGN: readonly number[] = FIELDS.map((f) => f?.align ?? 0)
export const RADIOTAP_FIELD_SIZE: readonly number[] = FIELDS.map((f) => f?.size ?? 0)

export interface RadiotapParse {
  radiotap: Radiotap
  /** Set when the header is inconsistent; the fields decoded before the problem are kept. */
  malformed?: CodecError
}

const align = (pos: number, to: number) => (pos + to - 1) & ~(to - 1)

/**
 * Parses the radiotap header at the start of `bytes`. Fails only when not even the fixed 8-byte header
 * with a sane it_len is there; any later inconsistency comes back as `malformed` beside the partial header.
 */
export function parseRadiotap(bytes: Uint8Array): Result<RadiotapParse> {
  if (bytes.length < 8) return fail(`radiotap header needs 8 bytes, frame has ${bytes.length}`, 0)
  const version = bytes[0]
  if (version !== 0) return fail(`radiotap version ${version} is not 0`, 0)
  const length = u16le(bytes, 2)
  if (length < 8) return fail(`radiotap length ${length} is shorter than the 8-byte fixed header`, 2)
  if (length > bytes.length) return fail(`radiotap length ${length} exceeds the ${bytes.length}-byte frame`, 2)

  const radiotap: Radiotap = { version, length, presentWords: [], vendorNamespaces: [], fields: [] }
  let at = 4
  for (;;) {
    if (at + 4 > length) {
      return ok({ radiotap, malformed: { reason: 'presence bitmap chain runs past the radiotap length', offset: at } })
    }
    const word = u32le(bytes, at)
    radiotap.presentWords.push(word)
    at += 4
    if (!(word & (1 << EXTENSION_BIT))) break
  }
  const malformed = walkFields(bytes, radiotap, at)
  return ok(malformed ? { radiotap, malformed } : { radiotap })
}

function walkFields(bytes: Uint8Array, rt: Radiotap, dataStart: number): CodecError | undefined {
  const end = rt.length
  let pos = dataStart
  let inVendor = false
  let vendorDataEnd = 0
  let bitBase = 0
  let namespaceIndex = 0
  const words = rt.presentWords
  for (let w = 0; w < words.length; w++) {
    const word = words[w]
    if (!inVendor) {
      for (let bit = 0; bit < 29; bit++) {
        if (!(word & (1 << bit))) continue
        const index = bitBase + bit
        if (index === RADIOTAP_TLV_BIT) return walkTlvs(bytes, rt, pos, namespaceIndex)
        const spec = index < FIELDS.length ? FIELDS[index] : undefined
        if (!spec) {
          rt.stoppedAtUnknownBit = index
          return undefined
        }
        pos = align(pos, spec.align)
        if (pos + spec.size > end) {
          return { reason: `radiotap field ${spec.name} at ${pos} runs past the ${end}-byte header`, offset: pos }
        }
        const value = spec.decode(bytes, pos, rt, namespaceIndex === 0)
        rt.fields.push({ name: spec.name, bit: index, namespaceIndex, offset: pos, length: spec.size, value })
        pos += spec.size
      }
    }
    const toRadiotap = (word & (1 << RADIOTAP_NAMESPACE_BIT)) !== 0
    const toVendor = (word & (1 << VENDOR_NAMESPACE_BIT)) !== 0
    if (!(word & (1 << EXTENSION_BIT))) break
    if (toRadiotap && toVendor) {
      return { reason: 'presence word selects both the radiotap and a vendor namespace', offset: 4 + 4 * w }
    }
    if (toRadiotap || toVendor) {
      if (inVendor) pos = vendorDataEnd
      bitBase = 0
    } else {
      bitBase += 32
    }
    if (toRadiotap) {
      inVendor = false
      namespaceIndex++
    } else if (toVendor) {
      pos = align(pos, 2)
      if (pos + 6 > end) return { reason: `vendor namespace header at ${pos} runs past the ${end}-byte header`, offset: pos }
      const skipLength = u16le(bytes, pos + 4)
      const namespace = { oui: formatOui(bytes, pos), subNamespace: bytes[pos + 3], skipLength, offset: pos }
      rt.vendorNamespaces.push(namespace)
      rt.fields.push({ name: 'vendor_namespace', bit: -1, namespaceIndex, offset: pos, length: 6 + skipLength, value: namespace })
      vendorDataEnd = pos + 6 + skipLength
      if (vendorDataEnd > end) {
        return { reason: `vendor namespace data (${skipLength} bytes) runs past the ${end}-byte header`, offset: pos + 4 }
      }
      inVendor = true
    }
  }
  return undefined
}

function walkTlvs(bytes: Uint8Array, rt: Radiotap, start: number, namespaceIndex: number): CodecError | undefined {
  const end = rt.length
  const tlvs: Radiotap['tlvs'] & object = []
  rt.tlvs = tlvs
  let pos = align(start, 4)
  while (pos < end) {
    if (pos + 4 > end) return { reason: `radiotap TLV header at ${pos} runs past the ${end}-byte header`, offset: pos }
    const type = u16le(bytes, pos)
    const length = u16le(bytes, pos + 2)
    if (pos + 4 + length > end) return { reason: `radiotap TLV type ${type} (${length} bytes) runs past the header`, offset: pos }
    const tlv = { type, offset: pos + 4, length }
    tlvs.push(tlv)
    rt.fields.push({ name: 'tlv', bit: -1, namespaceIndex, offset: pos, length: 4 + length, value: tlv })
    pos = align(pos + 4 + length, 4)
  }
  return undefined
}
