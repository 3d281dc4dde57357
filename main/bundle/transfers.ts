import { randomBytes } from 'node:crypto'
import { BUNDLE_CHUNK_BYTES } from '../../preload/contract'

const TTL_MS = 10 * 60_000
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024
const MAX_HELD = 8

interface Held<T> {
  value: T
  touchedAt: number
}

/** A few values held by id for a while (exports waiting to be read, uploads being received, opened bundles). */
export class HeldValues<T> {
  private readonly values = new Map<string, Held<T>>()

  constructor(private readonly now: () => number = Date.now) {}

  put(value: T, id = randomBytes(12).toString('hex')): string {
    this.expire()
    this.values.set(id, { value, touchedAt: this.now() })
    while (this.values.size > MAX_HELD) this.values.delete(this.values.keys().next().value!)
    return id
  }

  get(id: string): T | undefined {
    const held = this.values.get(id)
    if (!held) return undefined
    held.touchedAt = this.now()
    return held.value
  }

  delete(id: string): boolean {
    return this.values.delete(id)
  }

  private expire(): void {
    const now = this.now()
    for (const [id, held] of this.values) if (now - held.touchedAt > TTL_MS) this.values.delete(id)
  }
}

export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / BUNDLE_CHUNK_BYTES))
}

export function chunkOf(bytes: Uint8Array, index: number): Uint8Array | undefined {
  if (index < 0 || index >= chunkCount(bytes.length)) return undefined
  return bytes.subarray(index * BUNDLE_CHUNK_BYTES, (index + 1) * BUNDLE_CHUNK_BYTES)
}

/** An upload assembled from chunks sent in order. */
export class Upload {
  private readonly parts: Uint8Array[] = []
  private size = 0

  constructor(readonly fileName: string) {}

  get received(): number {
    return this.parts.length
  }

  add(index: number, chunk: Uint8Array): void {
    if (index !== this.parts.length) throw new RangeError(`Chunk ${index} arrived, chunk ${this.parts.length} was expected: send chunks in order.`)
    if (this.size + chunk.length > MAX_UPLOAD_BYTES) throw new RangeError(`The bundle is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`)
    this.parts.push(chunk)
    this.size += chunk.length
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.parts)
  }
}
