// Holds the not-yet-parsed tail of a byte stream as the chunks it arrived in. Bytes are copied only when a
// record straddles chunks, and then only that record's bytes: a 2 GB file streams through in O(chunk) memory.
export class ByteQueue {
  private chunks: Uint8Array[] = []
  private head = 0
  private headOffset = 0
  /** Bytes held. */
  available = 0
  /** After a successful `peek`: the buffer and offset where the requested bytes start. */
  buf: Uint8Array = new Uint8Array(0)
  off = 0

  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.available += chunk.length
  }

  /** Makes the next `n` bytes contiguous at buf[off..off+n). The caller checks `available >= n` first. */
  peek(n: number): void {
    const first = this.chunks[this.head]
    if (first.length - this.headOffset >= n) {
      this.buf = first
      this.off = this.headOffset
      return
    }
    const merged = new Uint8Array(n)
    let written = 0
    let index = this.head
    let pos = this.headOffset
    while (written < n) {
      const chunk = this.chunks[index]
      const take = Math.min(chunk.length - pos, n - written)
      merged.set(chunk.subarray(pos, pos + take), written)
      written += take
      if (pos + take === chunk.length) {
        index++
        pos = 0
      } else {
        pos += take
      }
    }
    // Chunks head..index-1 are now inside `merged`; chunk `index` may be partly inside it.
    const rest = this.chunks.slice(index)
    if (pos > 0) rest[0] = rest[0].subarray(pos)
    this.chunks = [merged, ...rest]
    this.head = 0
    this.headOffset = 0
    this.buf = merged
    this.off = 0
  }

  /** Drops the next `n` bytes (n <= available). */
  skip(n: number): void {
    this.available -= n
    this.headOffset += n
    while (this.head < this.chunks.length && this.headOffset >= this.chunks[this.head].length) {
      this.headOffset -= this.chunks[this.head].length
      this.head++
    }
    if (this.head === this.chunks.length) {
      this.chunks = []
      this.head = 0
      this.headOffset = 0
    } else if (this.head > 64) {
      this.chunks = this.chunks.slice(this.head)
      this.head = 0
    }
  }
}
