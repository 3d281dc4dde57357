// Walks the element list of a management frame body. The list itself must be well formed (each element's
// length fits); a bad value inside one element only marks that element, the walk goes on.
import type { CodecError } from '../result.js'
import { IE_EXTENSION, IE_VENDOR_SPECIFIC, decodeStandardIe } from './ie-standard.js'
import type { InformationElement } from './ie-types.js'
import { decodeVendorIe } from './ie-vendor.js'

export interface ElementList {
  ies: InformationElement[]
  /** Set when the list is cut: an element header or value runs past `end`. */
  malformed?: CodecError
}

/** Parses elements in b[start..end). Offsets in the result are absolute within `b`. */
export function parseInformationElements(b: Uint8Array, start: number, end: number): ElementList {
  end = Math.min(end, b.length)
  const ies: InformationElement[] = []
  let at = start
  while (at < end) {
    if (at + 2 > end) {
      return { ies, malformed: { reason: `1 stray byte after the last information element`, offset: at } }
    }
    const id = b[at]
    const length = b[at + 1]
    const valueStart = at + 2
    const valueEnd = valueStart + length
    if (valueEnd > end) {
      return {
        ies,
        malformed: { reason: `element ${id} claims ${length} bytes, only ${end - valueStart} left in the frame`, offset: at },
      }
    }
    ies.push(decodeElement(b, at, id, length, valueStart, valueEnd))
    at = valueEnd
  }
  return { ies }
}

function decodeElement(b: Uint8Array, at: number, id: number, length: number, start: number, end: number): InformationElement {
  const element: InformationElement = { id, offset: at, length, raw: b.slice(start, end), decoded: { kind: 'raw' } }
  if (id === IE_EXTENSION) {
    if (length >= 1) element.extId = b[start]
    return element
  }
  const result = id === IE_VENDOR_SPECIFIC ? decodeVendorIe(b, start, end) : decodeStandardIe(id, b, start, end)
  if (result === undefined) return element
  if (result.ok) element.decoded = result.value
  else element.error = result.error
  return element
}
