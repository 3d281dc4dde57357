import { redact as redactRegistered } from '../runtime/log'

// Everything that leaves in a bundle passes through one Redactor. It knows two kinds of secret: the ones named to
// it (lab router passwords, product secrets, anything the caller adds) and every secret this process registered
// with the logger (each session's Wi-Fi password, from sessions.start), which it can only test for, not list.
// Bytes keep their length (secrets become '*'), so redacted frames still decode.

const MIN_SECRET_LENGTH = 4
const STAR = 0x2a

export class Redactor {
  private readonly texts: string[]
  private readonly byteSecrets: Uint8Array[]
  private replaced = 0

  constructor(secrets: Iterable<string | undefined>, private readonly useRegistered = true) {
    const unique = new Set<string>()
    for (const s of secrets) if (s && s.length >= MIN_SECRET_LENGTH) unique.add(s)
    // Longest first, so a secret that contains another is replaced whole.
    this.texts = [...unique].sort((a, b) => b.length - a.length)
    this.byteSecrets = this.texts.map((s) => new TextEncoder().encode(s))
  }

  /** How many secret occurrences were replaced so far. */
  get count(): number {
    return this.replaced
  }

  text(value: string): string {
    let out = value
    for (const secret of this.texts) {
      if (!out.includes(secret)) continue
      const parts = out.split(secret)
      this.replaced += parts.length - 1
      out = parts.join('***')
    }
    if (this.useRegistered) {
      const registered = redactRegistered(out)
      if (registered !== out) {
        this.replaced += Math.max(1, registered.split('***').length - out.split('***').length)
        out = registered
      }
    }
    return out
  }

  /** A JSON-like value with every string (keys too) redacted. */
  value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T
    if (Array.isArray(value)) return value.map((v) => this.value(v)) as T
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.value(v)
      return out as T
    }
    return value
  }

  /** The same bytes with every secret occurrence overwritten by '*'; the input is returned when nothing matched. */
  bytes(data: Uint8Array): Uint8Array {
    let out: Uint8Array | undefined
    for (const secret of this.byteSecrets) {
      let from = 0
      for (;;) {
        const at = indexOf(out ?? data, secret, from)
        if (at < 0) break
        out ??= data.slice()
        out.fill(STAR, at, at + secret.length)
        this.replaced++
        from = at + secret.length
      }
    }
    if (this.useRegistered) {
      const latin1 = latin1Text(out ?? data)
      if (redactRegistered(latin1) !== latin1) {
        for (const [start, end] of registeredRanges(latin1)) {
          out ??= data.slice()
          out.fill(STAR, start, end)
          this.replaced++
        }
      }
    }
    return out ?? data
  }
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]
  const last = haystack.length - needle.length
  outer: for (let i = haystack.indexOf(first, from); i >= 0 && i <= last; i = haystack.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

function latin1Text(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192))
  return out
}

const containsRegistered = (text: string) => redactRegistered(text) !== text

/**
 * Where registered secrets occur in `text`, found by asking the logger's redaction whether a window holds one: the
 * earliest end by binary search, then the latest start before it. Byte-per-char text, so positions are byte offsets.
 * (WPA2 passphrases and product secrets are ASCII, which latin1 text matches exactly.)
 */
function registeredRanges(text: string): [number, number][] {
  const ranges: [number, number][] = []
  let from = 0
  while (from < text.length && containsRegistered(text.slice(from))) {
    let lo = from + 1
    let hi = text.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (containsRegistered(text.slice(from, mid))) hi = mid
      else lo = mid + 1
    }
    const end = lo
    let startLo = from
    let startHi = end - 1
    while (startLo < startHi) {
      const mid = (startLo + startHi + 1) >> 1
      if (containsRegistered(text.slice(mid, end))) startLo = mid
      else startHi = mid - 1
    }
    ranges.push([startLo, end])
    from = startLo + 1
  }
  return ranges
}
