import type { CapturedPacket, CaptureInterfaceInfo } from '../radio/capture/capture-source'
import { ByteRing } from './byte-ring'
import type { ClaimClassifier, ClaimFrame, ProvisioningClaim } from './claims/claim-types'
import { MAX_CLAIMS, provisioningClaims } from './claims/registry'
import { compileFilter, type CompiledFilter, type FilterContext } from './frame-filter'
import { FrameSummarizer } from './frame-summarizer'
import { InternTable } from './intern-table'
import { BLOCK_MASK, RecordBlock } from './record-block'
import type { FrameFilter } from '../../preload/contract'

export const DEFAULT_FRAME_LIMIT = 1_000_000
/** Raw bytes budget per stored frame when none is given (lazily allocated, capped below). */
const BYTES_PER_FRAME_BUDGET = 512
const MAX_DEFAULT_BYTES = 1024 * 1024 * 1024
const MIN_DEFAULT_BYTES = 64 * 1024 * 1024
const FILTER_CACHE_SIZE = 4

export interface FrameStoreOptions {
  /** Most frames held; the oldest are dropped (and counted) beyond it. */
  limit?: number
  /** Most raw bytes held; default limit × 512 bytes within 64 MiB .. 1 GiB, allocated 4 MiB at a time as needed. */
  maxBytes?: number
  claims?: readonly ProvisioningClaim[]
}

/** Where a frame's record lives. */
export interface RecordRef {
  block: RecordBlock
  i: number
}

interface FilterIndex {
  filter: CompiledFilter
  /** Matching frame numbers in order; entries before `start` were dropped from the store. */
  seqs: Float64Array
  start: number
  length: number
  /** Frames numbered below this have been tested. */
  scannedTo: number
}

/**
 * The bounded frame store: compact records in column blocks plus raw bytes in a ring, indexed by arrival (frame
 * number) and by capture time, filtered through cached indexes that grow with the capture. Full = the oldest frames
 * go, and are counted. Detail is decoded on demand from the raw bytes, never kept.
 */
export class FrameStore implements FilterContext {
  private blocks: RecordBlock[] = []
  /** Block number of blocks[0]. */
  private firstBlock = 0
  private spare: RecordBlock | undefined
  private ring: ByteRing
  private limitValue: number
  private readonly maxBytesOption: number | undefined
  /** Number of the oldest stored frame; frames first..next-1 are stored. */
  private first = 0
  private next = 0
  private droppedCount = 0
  private provisioningStored = 0
  private readonly summarizer = new FrameSummarizer()
  readonly ssids = new InternTable()
  readonly vendorLists = new InternTable(1 << 16)
  readonly reasons = new InternTable(1 << 12)
  private readonly interfaces: CaptureInterfaceInfo[] = []
  private readonly interfaceIndex = new Map<CaptureInterfaceInfo, number>()
  readonly claimDefinitions: readonly ProvisioningClaim[]
  private classifiers: ClaimClassifier[]
  private readonly claimFrame: ClaimFrame = { linktype: 0, bytes: new Uint8Array(0), offset: 0, length: 0, wifi: undefined, mpduOffset: -1, time: 0 }
  private filterCache: FilterIndex[] = []
  private lastTimeKey = -Infinity
  private readonly appendListeners = new Set<() => void>()

  constructor(options: FrameStoreOptions = {}) {
    this.limitValue = Math.max(1, options.limit ?? DEFAULT_FRAME_LIMIT)
    this.maxBytesOption = options.maxBytes
    this.ring = new ByteRing(this.byteBudget())
    this.claimDefinitions = (options.claims ?? provisioningClaims).slice(0, MAX_CLAIMS)
    this.classifiers = this.claimDefinitions.map((c) => c.create())
  }

  private byteBudget(): number {
    return this.maxBytesOption ?? Math.min(MAX_DEFAULT_BYTES, Math.max(MIN_DEFAULT_BYTES, this.limitValue * BYTES_PER_FRAME_BUDGET))
  }

  get limit(): number {
    return this.limitValue
  }
  get size(): number {
    return this.next - this.first
  }
  /** Number of the oldest stored frame. */
  get firstIndex(): number {
    return this.first
  }
  /** Number the next frame will get (= frames received since the last clear). */
  get nextIndex(): number {
    return this.next
  }
  get dropped(): number {
    return this.droppedCount
  }
  get provisioning(): number {
    return this.provisioningStored
  }
  get bytesAllocated(): number {
    return this.ring.allocatedBytes + this.blocks.length * RecordBlock.BYTES_PER_RECORD * (BLOCK_MASK + 1)
  }

  /** Called after frames were appended (at most once per call to `notifyAppended`). */
  onAppend(listener: () => void): () => void {
    this.appendListeners.add(listener)
    return () => this.appendListeners.delete(listener)
  }

  notifyAppended(): void {
    for (const listener of this.appendListeners) listener()
  }

  /** A smaller limit drops the oldest frames now; a larger one applies as frames arrive. */
  setLimit(limit: number): void {
    this.limitValue = Math.max(1, limit)
    while (this.size > this.limitValue) this.evictOldest()
  }

  clear(): void {
    // One block and one byte chunk stay allocated for the next capture.
    this.spare ??= this.blocks[0]
    this.blocks = []
    this.firstBlock = 0
    this.ring.clear()
    this.first = this.next = 0
    this.droppedCount = 0
    this.provisioningStored = 0
    this.filterCache = []
    this.lastTimeKey = -Infinity
    this.interfaces.length = 0
    this.interfaceIndex.clear()
    this.classifiers = this.claimDefinitions.map((c) => c.create())
  }

  ref(index: number): RecordRef | undefined {
    if (index < this.first || index >= this.next) return undefined
    return { block: this.blocks[Math.floor(index / (BLOCK_MASK + 1)) - this.firstBlock], i: index & BLOCK_MASK }
  }

  /** Stores one packet (its bytes are copied) and returns its frame number. */
  append(packet: CapturedPacket): number {
    while (this.size >= this.limitValue) this.evictOldest()
    const place = this.ring.placeFor(packet.length)
    if (place.recycle) {
      const doomed = this.ring.oldestNumber
      while (this.size > 0) {
        const oldest = this.ref(this.first)!
        if (oldest.block.rawChunk[oldest.i] > doomed) break
        this.evictOldest()
      }
    }
    const index = this.next
    const blockNumber = Math.floor(index / (BLOCK_MASK + 1))
    if (blockNumber - this.firstBlock >= this.blocks.length) {
      if (this.blocks.length === 0) this.firstBlock = blockNumber
      this.blocks.push(this.spare ?? new RecordBlock())
      this.spare = undefined
    }
    const block = this.blocks[blockNumber - this.firstBlock]
    const i = index & BLOCK_MASK
    const s = this.summarizer
    s.summarize(packet)
    const stored = this.ring.append(packet.buffer, packet.offset, packet.length)
    block.rawChunk[i] = stored.chunk
    block.rawOffset[i] = stored.offset
    block.seconds[i] = packet.seconds
    block.nanoseconds[i] = packet.nanoseconds
    const time = packet.seconds + packet.nanoseconds / 1e9
    if (time > this.lastTimeKey) this.lastTimeKey = time
    block.timeKey[i] = this.lastTimeKey
    block.ra[i] = s.ra
    block.ta[i] = s.ta
    block.sa[i] = s.sa
    block.da[i] = s.da
    block.bssid[i] = s.bssid
    block.freq[i] = s.freq
    block.signal[i] = s.signal
    block.channel[i] = s.channel
    block.typeSubtype[i] = s.typeSubtype
    block.kind[i] = s.kind
    block.flags[i] = s.flags
    block.seq[i] = s.seq
    block.iface[i] = this.interfaceNumber(packet.iface)
    block.ssid[i] = s.ssid === undefined ? 0 : this.ssids.intern(s.ssid)
    block.vendors[i] = s.vendorKey === undefined ? 0 : this.vendorLists.intern(s.vendorKey)
    block.malformed[i] = s.malformed === undefined ? 0 : this.reasons.intern(s.malformed)
    block.capturedLength[i] = packet.length
    block.originalLength[i] = packet.originalLength
    const claims = this.classify(packet, time)
    block.claims[i] = claims
    if (claims !== 0) this.provisioningStored++
    this.next++
    return index
  }

  private classify(packet: CapturedPacket, time: number): number {
    if (this.classifiers.length === 0) return 0
    const frame = this.claimFrame
    frame.linktype = packet.iface.linktype
    frame.bytes = packet.buffer
    frame.offset = packet.offset
    frame.length = packet.length
    frame.wifi = this.summarizer.hasWifi ? this.summarizer.wifi : undefined
    frame.mpduOffset = this.summarizer.mpduOffset
    frame.time = time
    let bits = 0
    for (let c = 0; c < this.classifiers.length; c++) {
      try {
        if (this.classifiers[c].claims(frame)) bits |= 1 << c
      } catch {
        // A classifier bug must not lose the frame: no claim.
      }
    }
    return bits >>> 0
  }

  private interfaceNumber(iface: CaptureInterfaceInfo): number {
    let n = this.interfaceIndex.get(iface)
    if (n === undefined) {
      n = this.interfaces.length
      this.interfaces.push({ ...iface })
      this.interfaceIndex.set(iface, n)
    }
    return n
  }

  /** Every capture interface seen since the last clear; records point into it. */
  interfaceTable(): readonly CaptureInterfaceInfo[] {
    return this.interfaces
  }

  interfaceOf(ref: RecordRef): CaptureInterfaceInfo {
    return this.interfaces[ref.block.iface[ref.i]]
  }

  private evictOldest(): void {
    const ref = this.ref(this.first)
    if (!ref) return
    if (ref.block.claims[ref.i] !== 0) this.provisioningStored--
    this.first++
    this.droppedCount++
    if ((this.first & BLOCK_MASK) === 0 || this.first === this.next) {
      // The oldest block is empty now: keep one for reuse, free the rest.
      const emptied = Math.floor(this.first / (BLOCK_MASK + 1)) - this.firstBlock
      for (let k = 0; k < emptied && this.blocks.length > 0; k++) {
        this.spare = this.blocks.shift()
        this.firstBlock++
      }
    }
    const oldest = this.ref(this.first)
    if (oldest) this.ring.releaseBefore(oldest.block.rawChunk[oldest.i])
  }

  /** The packet bytes of a stored frame (a view into the ring: copy before keeping it past the next append). */
  bytesOf(ref: RecordRef): Uint8Array {
    return this.ring.view(ref.block.rawChunk[ref.i], ref.block.rawOffset[ref.i], ref.block.capturedLength[ref.i]) ?? new Uint8Array(0)
  }

  /** Number of the first stored frame whose capture time is at or after `seconds` (next index when none). */
  seekTime(seconds: number): number {
    let lo = this.first
    let hi = this.next
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      const ref = this.ref(mid)!
      if (ref.block.timeKey[ref.i] < seconds) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  timeOf(index: number): number | undefined {
    const ref = this.ref(index)
    return ref ? ref.block.seconds[ref.i] + ref.block.nanoseconds[ref.i] / 1e9 : undefined
  }

  // FilterContext
  ssidText(id: number): string | undefined {
    return this.ssids.get(id)
  }
  vendorText(id: number): string | undefined {
    return this.vendorLists.get(id)
  }
  claimBit(id: string): number | undefined {
    const bit = this.claimDefinitions.findIndex((c) => c.id === id)
    return bit < 0 ? undefined : bit
  }

  claimIds(bits: number): string[] {
    const ids: string[] = []
    for (let c = 0; c < this.claimDefinitions.length; c++) if (bits & (1 << c)) ids.push(this.claimDefinitions[c].id)
    return ids
  }

  compile(filter: FrameFilter | undefined) {
    return compileFilter(filter, this)
  }

  /**
   * Frame numbers of the matches at positions offset..offset+limit of the filtered list, and how many match in all.
   * Without a filter a position is just first + offset; with one, a cached index is extended to the newest frame.
   */
  select(filter: CompiledFilter, offset: number, limit: number): { total: number; indices: number[] } {
    if (filter.all) {
      const total = this.size
      const indices: number[] = []
      for (let k = offset; k < Math.min(total, offset + limit); k++) indices.push(this.first + k)
      return { total, indices }
    }
    const index = this.filterIndex(filter)
    const total = index.length - index.start
    const indices: number[] = []
    for (let k = index.start + offset; k < Math.min(index.length, index.start + offset + limit); k++) indices.push(index.seqs[k])
    return { total, indices }
  }

  /** Every stored frame number matching the filter, oldest first (for export). */
  *matching(filter: CompiledFilter): Generator<number> {
    if (filter.all) {
      for (let k = this.first; k < this.next; k++) yield k
      return
    }
    const index = this.filterIndex(filter)
    for (let k = index.start; k < index.length; k++) {
      if (index.seqs[k] >= this.first) yield index.seqs[k]
    }
  }

  private filterIndex(filter: CompiledFilter): FilterIndex {
    let index = this.filterCache.find((f) => f.filter.key === filter.key)
    if (!index) {
      index = { filter, seqs: new Float64Array(1024), start: 0, length: 0, scannedTo: this.first }
      if (filter.timeFrom !== undefined) index.scannedTo = this.seekTime(filter.timeFrom)
      this.filterCache.unshift(index)
      if (this.filterCache.length > FILTER_CACHE_SIZE) this.filterCache.pop()
    } else if (this.filterCache[0] !== index) {
      this.filterCache = [index, ...this.filterCache.filter((f) => f !== index)]
    }
    // Dropped frames leave the front of the index.
    while (index.start < index.length && index.seqs[index.start] < this.first) index.start++
    if (index.scannedTo < this.first) index.scannedTo = this.first
    const matches = index.filter.matches
    for (let k = index.scannedTo; k < this.next; k++) {
      const block = this.blocks[Math.floor(k / (BLOCK_MASK + 1)) - this.firstBlock]
      if (!matches(block, k & BLOCK_MASK)) continue
      if (index.length === index.seqs.length) {
        const live = index.length - index.start
        const grown = new Float64Array(Math.max(1024, live * 2))
        grown.set(index.seqs.subarray(index.start, index.length))
        index.seqs = grown
        index.start = 0
        index.length = live
      }
      index.seqs[index.length++] = k
    }
    index.scannedTo = this.next
    return index
  }
}

