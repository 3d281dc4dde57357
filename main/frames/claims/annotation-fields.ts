import { toHex } from '../../codec/ieee80211/index.js'
import type { AnnotationNode } from './claim-types'

/** One field of a byte layout: a single byte, a fixed run, or a length byte followed by that many bytes. */
export type FieldSpec =
  | { name: string; kind: 'u8'; show?: (value: number) => string }
  | { name: string; kind: 'fixed'; size: number; show?: (bytes: Uint8Array) => string }
  | { name: string; kind: 'length-prefixed'; show?: (bytes: Uint8Array) => string }

const text = new TextDecoder('utf-8', { fatal: false })
export const asText = (bytes: Uint8Array): string => JSON.stringify(text.decode(bytes))
export const asHex = (bytes: Uint8Array): string => toHex(bytes)

/**
 * Walks a layout over bytes[start..end) and returns one node per field that fits, with its offset, so the hex view
 * can highlight it. Stops quietly at the first field that runs past `end` and says so in a last node.
 */
export function layoutNodes(bytes: Uint8Array, start: number, end: number, fields: readonly FieldSpec[]): AnnotationNode[] {
  const nodes: AnnotationNode[] = []
  let at = start
  for (const field of fields) {
    if (field.kind === 'u8') {
      if (at + 1 > end) return cut(nodes, field.name, at)
      nodes.push({ label: field.name, value: field.show ? field.show(bytes[at]) : String(bytes[at]), offset: at, length: 1 })
      at += 1
    } else if (field.kind === 'fixed') {
      if (at + field.size > end) return cut(nodes, field.name, at)
      const value = bytes.subarray(at, at + field.size)
      nodes.push({ label: field.name, value: field.show ? field.show(value) : asHex(value), offset: at, length: field.size })
      at += field.size
    } else {
      if (at + 1 > end) return cut(nodes, field.name, at)
      const length = bytes[at]
      if (at + 1 + length > end) return cut(nodes, field.name, at)
      const value = bytes.subarray(at + 1, at + 1 + length)
      nodes.push({ label: field.name, value: `${length} bytes: ${field.show ? field.show(value) : asHex(value)}`, offset: at, length: 1 + length })
      at += 1 + length
    }
  }
  if (at < end) nodes.push({ label: 'Trailing bytes', value: asHex(bytes.subarray(at, end)), offset: at, length: end - at })
  return nodes
}

function cut(nodes: AnnotationNode[], name: string, at: number): AnnotationNode[] {
  nodes.push({ label: `${name}: missing`, value: 'the element ends here', offset: at, length: 0 })
  return nodes
}
