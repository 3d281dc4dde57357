// The frame store's compact records, as columns in fixed-size blocks: about 100 bytes per frame in typed arrays
// (no object per frame for the garbage collector to walk), allocated a block at a time as frames arrive and freed a
// block at a time as the oldest frames are dropped.

export const BLOCK_BITS = 16
export const BLOCK_SIZE = 1 << BLOCK_BITS
export const BLOCK_MASK = BLOCK_SIZE - 1

/** Values of `kind`. */
export const KIND_WIFI = 0
export const KIND_ETHERNET = 1
export const KIND_BLE = 2
export const KIND_OTHER = 3

/** Bits of `flags`. */
export const FLAG_FCS_PRESENT = 1 << 0
export const FLAG_FCS_BAD = 1 << 1
export const FLAG_MALFORMED = 1 << 2
export const FLAG_ELEMENTS_TRUNCATED = 1 << 3
export const FLAG_RADIOTAP_BAD_FCS = 1 << 4
export const FLAG_PROTECTED = 1 << 5
export const FLAG_SNAP_CUT = 1 << 6

export const NO_SIGNAL = -128
export const NO_CHANNEL = 255

export class RecordBlock {
  readonly seconds = new Uint32Array(BLOCK_SIZE)
  readonly nanoseconds = new Uint32Array(BLOCK_SIZE)
  /** Running maximum of the capture time (seconds as a double): non-decreasing, so it can be binary-searched. */
  readonly timeKey = new Float64Array(BLOCK_SIZE)
  /** 48-bit MAC addresses as numbers; -1 = none. */
  readonly ra = new Float64Array(BLOCK_SIZE)
  readonly ta = new Float64Array(BLOCK_SIZE)
  readonly sa = new Float64Array(BLOCK_SIZE)
  readonly da = new Float64Array(BLOCK_SIZE)
  readonly bssid = new Float64Array(BLOCK_SIZE)
  /** MHz; 0 = unknown. */
  readonly freq = new Uint16Array(BLOCK_SIZE)
  /** dBm; NO_SIGNAL = unknown. */
  readonly signal = new Int8Array(BLOCK_SIZE)
  /** Wi-Fi channel (from the frequency, else the DS Parameter Set), BLE channel index 0..39; NO_CHANNEL = unknown. */
  readonly channel = new Uint8Array(BLOCK_SIZE)
  /** 802.11 type << 4 | subtype; -1 = not an 802.11 frame. */
  readonly typeSubtype = new Int16Array(BLOCK_SIZE)
  readonly kind = new Uint8Array(BLOCK_SIZE)
  readonly flags = new Uint16Array(BLOCK_SIZE)
  /** 802.11 sequence number; -1 = none. */
  readonly seq = new Int16Array(BLOCK_SIZE)
  /** Index into the store's interface table (link type, name, FCS length). */
  readonly iface = new Uint16Array(BLOCK_SIZE)
  /** Interned SSID display text; 0 = no SSID element. */
  readonly ssid = new Uint32Array(BLOCK_SIZE)
  /** Interned list of vendor IEs ("oui:type" joined); 0 = none. */
  readonly vendors = new Uint32Array(BLOCK_SIZE)
  /** One bit per provisioning claim, in registry order. */
  readonly claims = new Uint32Array(BLOCK_SIZE)
  /** Interned malformed reason; 0 = well formed. */
  readonly malformed = new Uint32Array(BLOCK_SIZE)
  readonly capturedLength = new Uint32Array(BLOCK_SIZE)
  readonly originalLength = new Uint32Array(BLOCK_SIZE)
  /** Global number of the byte-ring chunk holding the raw bytes, and the offset in it. */
  readonly rawChunk = new Uint32Array(BLOCK_SIZE)
  readonly rawOffset = new Uint32Array(BLOCK_SIZE)

  static readonly BYTES_PER_RECORD = 4 + 4 + 8 + 5 * 8 + 2 + 1 + 1 + 2 + 1 + 2 + 2 + 2 + 4 + 4 + 4 + 4 + 4 + 4 + 4 + 4
}
