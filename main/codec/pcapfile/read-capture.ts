// Async iteration over a capture given as a stream of chunks (a file ReadStream, a fetch body, ...).
// Chunks are consumed as they come: memory stays at one chunk plus one incomplete record.
import type { CaptureReaderOptions, PacketRecord } from './capture-types.js'
import { CaptureReader } from './capture-reader.js'

export async function* readCapture(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: CaptureReaderOptions,
): AsyncGenerator<PacketRecord, void, undefined> {
  const reader = new CaptureReader(options)
  for await (const chunk of chunks) {
    yield* reader.push(chunk)
    if (reader.stopped) return
  }
  yield* reader.end()
}

/** Same as readCapture, yielding the records of each chunk together (fewer promise hops per packet). */
export async function* readCaptureBatches(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: CaptureReaderOptions,
): AsyncGenerator<PacketRecord[], void, undefined> {
  const reader = new CaptureReader(options)
  for await (const chunk of chunks) {
    const records = reader.push(chunk)
    if (records.length > 0) yield records
    if (reader.stopped) return
  }
  const last = reader.end()
  if (last.length > 0) yield last
}
