// The device SDK's JSON lookup (infra_json_parser.c json_get_value_by_name), reproduced for the lab device:
// a byte scanner over one object level that does not decode escapes, ends a string at the first '"' even after
// a backslash, and searches for key quotes past the object's end. Requests that real devices misread must be
// misread here too; this is not a JSON parser.

export type DeviceJsonType = 'string' | 'object' | 'array' | 'number' | 'boolean'

export interface DeviceJsonValue {
  /** Byte offset of the value in the buffer (after the opening quote for strings). */
  start: number
  /** Value length in bytes as the device computes it (0 when the scan never found the end). */
  length: number
  type: DeviceJsonType
}

export interface DeviceJsonRange {
  start: number
  end: number
}

const QUOTE = 0x22
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39

/** A view that reads 0 (NUL) past the buffer, as the device's zero-terminated payload does. */
function at(buf: Uint8Array, i: number): number {
  return i >= 0 && i < buf.length ? buf[i] : 0
}

function strchr(buf: Uint8Array, from: number, ch: number): number {
  for (let i = from; i < buf.length; i++) {
    if (buf[i] === 0) return -1
    if (buf[i] === ch) return i
  }
  return -1
}

function startsWith(buf: Uint8Array, from: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (at(buf, from + k) !== text.charCodeAt(k)) return false
  return true
}

function strlenFrom(buf: Uint8Array, from: number): number {
  let i = from
  while (i < buf.length && buf[i] !== 0) i++
  return i - from
}

interface KeyValue {
  keyStart: number
  keyLength: number
  value?: DeviceJsonValue
  next: number
}

const MARKS: Record<'object' | 'array', [number, number]> = { object: [0x7b, 0x7d], array: [0x5b, 0x5d] }

/** json_get_next_object(JOBJECT, ...): one key/value pair from `pos`; undefined where the device's returns NULL. */
function nextPair(buf: Uint8Array, pos: number, end: number): KeyValue | undefined {
  let p = strchr(buf, pos, QUOTE)
  if (p < 0) return undefined
  const keyStart = ++p
  p = strchr(buf, p, QUOTE)
  if (p < 0) return undefined
  const keyLength = p - keyStart
  p = strchr(buf, p, 0x3a)

  let type: DeviceJsonType | undefined
  let valueStart = -1
  while (p >= 0 && at(buf, p) !== 0 && p < end) {
    const c = at(buf, p)
    if (c === QUOTE) {
      type = 'string'
      valueStart = ++p
      break
    } else if (c === 0x7b) {
      type = 'object'
      valueStart = p++
      break
    } else if (c === 0x5b) {
      type = 'array'
      valueStart = p++
      break
    } else if (c === 0x2d || isDigit(c)) {
      type = 'number'
      valueStart = p++
      break
    } else if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46) {
      type = 'boolean'
      valueStart = p
      break
    }
    p++
  }

  let valueLength = 0
  let markDepth = 0
  let inString = false
  while (p >= 0 && at(buf, p) !== 0 && p < end && type !== undefined) {
    const c = at(buf, p)
    if (type === 'boolean') {
      const rest = strlenFrom(buf, valueStart)
      if ((at(buf, valueStart) === 0x74 || at(buf, valueStart) === 0x54) && rest >= 4 && (startsWith(buf, valueStart, 'true') || startsWith(buf, valueStart, 'TRUE'))) {
        valueLength = 4
        p = valueStart + 4
        break
      } else if ((at(buf, valueStart) === 0x66 || at(buf, valueStart) === 0x46) && rest >= 5 && (startsWith(buf, valueStart, 'false') || startsWith(buf, valueStart, 'FALSE'))) {
        valueLength = 5
        p = valueStart + 5
        break
      }
    } else if (type === 'number') {
      if (!isDigit(c) && c !== 0x2e && c !== 0x2b && c !== 0x2d && c !== 0x65 && c !== 0x45) {
        valueLength = p - valueStart
        break
      }
    } else if (type === 'string') {
      if (c === QUOTE) {
        valueLength = p - valueStart
        break
      }
    } else if (c === MARKS[type][1]) {
      if (!inString) {
        if (markDepth === 0) {
          valueLength = p - valueStart + 1
          p++
          break
        }
        markDepth--
      }
    } else if (c === MARKS[type][0]) {
      if (!inString) markDepth++
    } else if (c === QUOTE) {
      inString = !inString
    }
    p++
  }

  if (keyStart + keyLength > end) return undefined
  if (type === undefined) return undefined
  if (valueStart + valueLength > end) return undefined
  return {
    keyStart,
    keyLength,
    value: { start: valueStart, length: valueLength, type },
    next: type === 'string' ? valueStart + valueLength + 1 : valueStart + valueLength,
  }
}

/**
 * json_get_value_by_name() over buf[range.start, range.end): the first pair at this level whose key matches and
 * whose value has a non-zero length.
 */
export function deviceJsonLookup(buf: Uint8Array, key: string, range: DeviceJsonRange = { start: 0, end: buf.length }): DeviceJsonValue | undefined {
  const keyBytes = new TextEncoder().encode(key)
  let pos = range.start
  while (at(buf, pos) === 0x20 && pos < range.end) pos++
  if (at(buf, pos) !== 0x7b || pos >= range.end) return undefined
  // Each step moves strictly forward; the bound only guards against a logic slip on hostile input.
  for (let guard = 0; guard <= buf.length + 1; guard++) {
    if (at(buf, pos) === 0) return undefined
    const pair = nextPair(buf, pos, range.end)
    if (!pair || pair.next <= pos) return undefined
    pos = pair.next
    const value = pair.value
    if (!value || pair.keyLength === 0 || value.length === 0) continue
    if (pair.keyLength === keyBytes.length && keyBytes.every((b, i) => buf[pair.keyStart + i] === b)) return value
  }
  return undefined
}

export function deviceJsonBytes(buf: Uint8Array, value: DeviceJsonValue): Uint8Array {
  return buf.slice(value.start, value.start + value.length)
}

export function deviceJsonRange(value: DeviceJsonValue): DeviceJsonRange {
  return { start: value.start, end: value.start + value.length }
}
