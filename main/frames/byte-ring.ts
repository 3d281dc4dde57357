// The raw bytes of stored frames, appended into large chunks. A frame never straddles chunks; when the byte budget is
// used up the oldest chunk is recycled for new bytes, and the store first drops the frames that lived in it.

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024

export class ByteRing {
  private readonly chunks: Uint8Array[] = []
  /** Global number of chunks[0]. */
  private firstNumber = 0
  private writeOffset = 0
  /** One released chunk kept for reuse, so a full store recycles memory instead of allocating. */
  private spare: Uint8Array | undefined
  readonly chunkBytes: number
  readonly maxChunks: number

  constructor(maxBytes: number, chunkBytes = DEFAULT_CHUNK_BYTES) {
    this.chunkBytes = chunkBytes
    this.maxChunks = Math.max(2, Math.ceil(maxBytes / chunkBytes))
  }

  /** Number of the chunk the next `length` bytes would go in, or -1 when that needs a chunk recycled first. */
  placeFor(length: number): { chunk: number; recycle: boolean } {
    if (length > this.chunkBytes) throw new RangeError(`a ${length}-byte packet does not fit a ${this.chunkBytes}-byte chunk`)
    if (this.chunks.length > 0 && this.writeOffset + length <= this.chunkBytes) return { chunk: this.lastNumber, recycle: false }
    return { chunk: this.firstNumber + this.chunks.length, recycle: this.chunks.length >= this.maxChunks }
  }

  /** Global number of the oldest chunk still held. */
  get oldestNumber(): number {
    return this.firstNumber
  }

  private get lastNumber(): number {
    return this.firstNumber + this.chunks.length - 1
  }

  /**
   * Appends bytes and returns where they went. When the budget is full the caller must have dropped every frame of
   * the oldest chunk (placeFor said recycle); that chunk's memory is reused for the new one.
   */
  append(bytes: Uint8Array, start: number, length: number): { chunk: number; offset: number } {
    if (this.chunks.length === 0 || this.writeOffset + length > this.chunkBytes) {
      const reused = this.chunks.length >= this.maxChunks ? this.chunks.shift() : undefined
      if (reused) this.firstNumber++
      this.chunks.push(reused ?? this.takeSpare() ?? new Uint8Array(this.chunkBytes))
      this.writeOffset = 0
    }
    const chunk = this.chunks[this.chunks.length - 1]
    chunk.set(bytes.subarray(start, start + length), this.writeOffset)
    const place = { chunk: this.lastNumber, offset: this.writeOffset }
    this.writeOffset += length
    return place
  }

  /** A view of stored bytes (valid until that chunk is recycled). */
  view(chunk: number, offset: number, length: number): Uint8Array | undefined {
    const held = this.chunks[chunk - this.firstNumber]
    if (!held) return undefined
    return held.subarray(offset, offset + length)
  }

  /** Drops chunks older than `chunk` (every frame in them is gone). */
  releaseBefore(chunk: number): void {
    while (this.firstNumber < chunk && this.chunks.length > 1) {
      this.spare = this.chunks.shift()
      this.firstNumber++
    }
  }

  private takeSpare(): Uint8Array | undefined {
    const spare = this.spare
    this.spare = undefined
    return spare
  }

  clear(): void {
    this.firstNumber += this.chunks.length
    this.spare ??= this.chunks[0]
    this.chunks.length = 0
    this.writeOffset = 0
  }

  get allocatedBytes(): number {
    return this.chunks.length * this.chunkBytes
  }
}
