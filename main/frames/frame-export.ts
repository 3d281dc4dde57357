import { joinBytes } from '../codec/bytes.js'
import { PcapngWriter } from '../codec/pcapfile/index.js'
import type { FrameStore } from './frame-store'

/** Where export bytes go: a file stream or an HTTP response (write returns false = wait for 'drain'). */
export interface ByteSink {
  write(chunk: Uint8Array): boolean
  once(event: 'drain' | 'close', listener: () => void): unknown
  off?(event: 'drain' | 'close', listener: () => void): unknown
}

/**
 * Writes the given frames as pcapng (nanosecond timestamps, one interface block per capture interface, packet bytes
 * exactly as captured) and resolves with how many were written. Frames dropped from the store meanwhile are skipped.
 */
export async function writeFramesPcapng(store: FrameStore, indices: Iterable<number>, out: ByteSink): Promise<number> {
  const writer = new PcapngWriter({ resolution: 'ns', application: 'Provbench' })
  const interfaces = store.interfaceTable()
  const header = writer.header(
    interfaces.length > 0
      ? interfaces.map((i) => ({ linktype: Math.max(0, i.linktype), name: i.name, ...(i.fcsLength !== undefined ? { fcsLength: i.fcsLength } : {}) }))
      : [{ linktype: 127, name: 'empty' }],
  )
  if (!header.ok) throw new Error(`Cannot write the capture header: ${header.error.reason}`)
  await write(out, header.value)
  let written = 0
  let batch: Uint8Array[] = []
  let batchBytes = 0
  for (const index of indices) {
    const ref = store.ref(index)
    if (!ref) continue
    const b = ref.block
    const packet = writer.packet({
      interfaceId: b.iface[ref.i],
      timestampNs: BigInt(b.seconds[ref.i]) * 1_000_000_000n + BigInt(b.nanoseconds[ref.i]),
      data: store.bytesOf(ref),
      originalLength: b.originalLength[ref.i],
    })
    if (!packet.ok) continue
    batch.push(packet.value)
    batchBytes += packet.value.length
    written++
    if (batchBytes >= 1 << 20) {
      await write(out, joinBytes(batch))
      batch = []
      batchBytes = 0
    }
  }
  if (batch.length > 0) await write(out, joinBytes(batch))
  return written
}

function write(out: ByteSink, chunk: Uint8Array): Promise<void> {
  if (out.write(chunk)) return Promise.resolve()
  // A reader that goes away (browser tab closed mid-download) must not leave the export waiting forever.
  return new Promise((resolve, reject) => {
    const drained = () => {
      out.off?.('close', closed)
      resolve()
    }
    const closed = () => {
      out.off?.('drain', drained)
      reject(new Error('the export destination closed'))
    }
    out.once('drain', drained)
    out.once('close', closed)
  })
}
