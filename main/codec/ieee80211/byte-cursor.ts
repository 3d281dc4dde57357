// A bounds-checked forward reader for length-prefixed vendor formats. A read past `end` returns undefined,
// remembers where the shortfall happened, and makes every later read fail too, so checking the last field
// read is enough to know all of them exist.
export class ByteCursor {
  at: number
  shortAt = -1

  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.at = start
  }

  get remaining(): number {
    return this.end - this.at
  }

  u8(): number | undefined {
    if (this.shortAt >= 0 || this.at + 1 > this.end) return this.short()
    return this.bytes[this.at++]
  }

  take(length: number): Uint8Array | undefined {
    if (this.shortAt >= 0 || this.at + length > this.end) return this.short()
    const value = this.bytes.slice(this.at, this.at + length)
    this.at += length
    return value
  }

  /** A u8 length followed by that many bytes. */
  lengthPrefixed(): Uint8Array | undefined {
    const length = this.u8()
    return length === undefined ? undefined : this.take(length)
  }

  private short(): undefined {
    if (this.shortAt < 0) this.shortAt = this.at
    return undefined
  }
}
