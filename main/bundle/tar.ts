// A minimal POSIX ustar writer and reader: a support bundle is one .tar file that `tar -xf` (or 7-Zip) unpacks, so
// the frames inside open in Wireshark without Provbench. Regular files only, names up to 100 bytes. Pure.

export interface TarEntry {
  name: string
  data: Uint8Array
  /** Seconds since the epoch. */
  mtime: number
}

const BLOCK = 512
const utf8 = new TextEncoder()
const decoder = new TextDecoder()

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

function header(entry: TarEntry): Uint8Array {
  const name = utf8.encode(entry.name)
  if (name.length === 0 || name.length > 100) throw new RangeError(`tar entry name must be 1-100 bytes: ${entry.name}`)
  const h = new Uint8Array(BLOCK)
  h.set(name, 0)
  h.set(utf8.encode(octal(0o644, 8)), 100)
  h.set(utf8.encode(octal(0, 8)), 108)
  h.set(utf8.encode(octal(0, 8)), 116)
  h.set(utf8.encode(octal(entry.data.length, 12)), 124)
  h.set(utf8.encode(octal(Math.max(0, Math.floor(entry.mtime)), 12)), 136)
  h.fill(0x20, 148, 156) // checksum field counts as spaces
  h[156] = 0x30 // regular file
  h.set(utf8.encode('ustar\0'), 257)
  h.set(utf8.encode('00'), 263)
  h.set(utf8.encode('provbench'), 265)
  h.set(utf8.encode('provbench'), 297)
  let sum = 0
  for (const byte of h) sum += byte
  h.set(utf8.encode(octal(sum, 7) + ' '), 148)
  return h
}

const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK

export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const size = entries.reduce((n, e) => n + BLOCK + padded(e.data.length), 0) + 2 * BLOCK
  const out = new Uint8Array(size)
  let at = 0
  for (const entry of entries) {
    out.set(header(entry), at)
    at += BLOCK
    out.set(entry.data, at)
    at += padded(entry.data.length)
  }
  return out
}

export type TarRead = { ok: true; entries: TarEntry[] } | { ok: false; reason: string; offset: number }

function field(h: Uint8Array, start: number, length: number): string {
  const raw = h.subarray(start, start + length)
  const end = raw.indexOf(0)
  return decoder.decode(end < 0 ? raw : raw.subarray(0, end))
}

function parseOctal(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return 0
  return /^[0-7]+$/.test(trimmed) ? Number.parseInt(trimmed, 8) : undefined
}

/** Reads every regular file of a ustar archive; never throws: a damaged archive is a reason and an offset. */
export function readTar(bytes: Uint8Array, maxEntries = 64): TarRead {
  const entries: TarEntry[] = []
  let at = 0
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK)
    if (h.every((b) => b === 0)) return { ok: true, entries }
    let sum = 0
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]
    const stored = parseOctal(field(h, 148, 8))
    if (stored !== sum) return { ok: false, reason: 'tar header checksum does not match', offset: at + 148 }
    const size = parseOctal(field(h, 124, 12))
    if (size === undefined) return { ok: false, reason: 'tar entry size is not an octal number', offset: at + 124 }
    if (at + BLOCK + size > bytes.length) return { ok: false, reason: `tar entry of ${size} bytes runs past the end of the file`, offset: at + BLOCK }
    const type = h[156]
    if (type === 0x30 || type === 0) {
      if (entries.length >= maxEntries) return { ok: false, reason: `more than ${maxEntries} files in the archive`, offset: at }
      entries.push({ name: field(h, 0, 100), data: bytes.slice(at + BLOCK, at + BLOCK + size), mtime: parseOctal(field(h, 136, 12)) ?? 0 })
    }
    at += BLOCK + padded(size)
  }
  return at === bytes.length && entries.length > 0 ? { ok: true, entries } : { ok: false, reason: 'tar archive ends without its end-of-archive blocks', offset: at }
}
