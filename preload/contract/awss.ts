import { z } from 'zod'
import { command, stream } from './define'
import { Encoding, Ok } from './common'

// The smart-config air oracle (PROTOCOLS-awss.md §1.6-4): what a device listening to the air would decode, per
// sender. A decoded password leaves main only when the caller asks for it explicitly (`reveal`), as for exports.

/** Which per-cipher length offset a device subtracts (§2.1); 'wired' = lengths rebuilt from an Ethernet capture. */
export const AwssCipher = z.enum(['open', 'wep', 'tkip', 'ccmp', 'wired'])
export type AwssCipher = z.infer<typeof AwssCipher>

/** Why that offset: the device's own order of checks (§2.1). */
export const AwssOffsetReason = z.enum(['ap-list', 'unprotected', 'duration-rule', 'extiv-tkip', 'extiv-ccmp', 'wired'])
export type AwssOffsetReason = z.infer<typeof AwssOffsetReason>

export const AwssOffset = z.object({
  cipher: AwssCipher,
  bytes: z.number().int(),
  reason: AwssOffsetReason,
  explanation: z.string(),
})
export type AwssOffset = z.infer<typeof AwssOffset>

export const AwssSsidView = z.object({
  display: z.string(),
  encoding: z.enum(['utf-8', 'gbk', 'escaped']),
  hex: z.string(),
  /** Taken from the frames, or completed from the AP list (beacons of the BSSID). */
  source: z.enum(['frames', 'ap-list']),
})
export type AwssSsidView = z.infer<typeof AwssSsidView>

export const AwssPasswordView = z.object({
  length: z.number().int(),
  /** Present only when the request asked to reveal it. */
  revealed: z.string().optional(),
  /** The device cut the password at a NUL byte. */
  truncatedAtNul: z.boolean().optional(),
})
export type AwssPasswordView = z.infer<typeof AwssPasswordView>

export const AwssCycle = z.object({
  direction: z.enum(['to-ds', 'from-ds']),
  startedAtMs: z.number(),
  /** Absolute 1-based positions accepted in this cycle. */
  positions: z.array(z.number().int()),
})
export type AwssCycle = z.infer<typeof AwssCycle>

export const AwssSenderStatus = z.enum(['listening', 'locked', 'decoded', 'checksum-error', 'rejected', 'password-error'])
export type AwssSenderStatus = z.infer<typeof AwssSenderStatus>

export const AwssSenderReport = z.object({
  /** Source MAC (SA), or ip:port in a wired capture whose MAC addresses are blank (loopback). */
  sender: z.string(),
  encoding: Encoding,
  bssid: z.string().optional(),
  channel: z.number().int().optional(),
  status: AwssSenderStatus,
  frames: z.number().int(),
  firstSeenMs: z.number(),
  lastSeenMs: z.number(),
  lockedAtMs: z.number().optional(),
  decodedAtMs: z.number().optional(),
  /** The offset a device would have used for this sender's frames, and why. */
  offset: AwssOffset.optional(),
  /** Other offsets with which the same frames would have decoded (a cipher the device mis-detected). */
  decodableWith: z.array(AwssCipher),
  /** bcast: positions received per cycle. */
  cycles: z.array(AwssCycle),
  /** Values (bcast positions, mcast bytes) received so far, and how many the message has once known. */
  received: z.object({ count: z.number().int(), expected: z.number().int().optional() }),
  checksum: z.object({ ok: z.boolean(), received: z.number().int(), computed: z.number().int() }).optional(),
  /** What the frames carry without the productSecret. */
  structure: z
    .object({
      total: z.number().int(),
      flag: z.number().int(),
      ssidMode: z.string().optional(),
      ciphertextHex: z.string(),
      bssidTail: z.string().optional(),
      appTokenHex: z.string().optional(),
    })
    .optional(),
  ssid: AwssSsidView.optional(),
  password: AwssPasswordView.optional(),
  /** The product whose secret decrypted the password. */
  productKey: z.string().optional(),
  bindToken: z.string().optional(),
  notes: z.array(z.string()),
})
export type AwssSenderReport = z.infer<typeof AwssSenderReport>

export const AwssAccessPoint = z.object({
  bssid: z.string(),
  ssid: z.string(),
  channel: z.number().int().optional(),
  groupCipher: AwssCipher,
  pairwiseCipher: AwssCipher,
})
export type AwssAccessPoint = z.infer<typeof AwssAccessPoint>

/** 'station': the station's own air (the lab air); 'frames': whatever the Frames view is capturing or showing. */
export const AwssLiveSource = z.enum(['station', 'frames'])
export type AwssLiveSource = z.infer<typeof AwssLiveSource>

export const AwssAnalysis = z.object({
  /** Live reports only: which oracle made it. */
  source: AwssLiveSource.optional(),
  frames: z.number().int(),
  /** Time of the first frame (the same clock as the senders' times). */
  startedAtMs: z.number().optional(),
  accessPoints: z.array(AwssAccessPoint),
  senders: z.array(AwssSenderReport),
  /** A single device locks on the first sender whose hint frame it hears; the others are interference to it. */
  firstLockedSender: z.string().optional(),
})
export type AwssAnalysis = z.infer<typeof AwssAnalysis>

export const AwssCapacity = z.object({
  encoding: Encoding,
  fits: z.boolean(),
  mode: z.string(),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
  symbols: z.object({ ssid: z.number().int(), password: z.number().int(), total: z.number().int(), limit: z.number().int() }),
})
export type AwssCapacity = z.infer<typeof AwssCapacity>

const ProductSecretInput = z.object({ productKey: z.string().max(64).optional(), productSecret: z.string().min(1).max(128) })

export const awss = {
  /** Pre-flight for every encoding: does this SSID/password fit, in which SSID mode, with which warnings. */
  capacity: command(
    z.object({ ssid: z.string().max(64), password: z.string().max(128), ssidFromApList: z.boolean().optional() }),
    z.array(AwssCapacity),
  ),
  /** Runs the oracle over a pcap/pcapng file on the station's disk. */
  analyzeFile: command(
    z.object({ path: z.string().min(1).max(4096), productSecrets: z.array(ProductSecretInput).max(32).optional(), reveal: z.boolean().optional() }),
    AwssAnalysis,
  ),
  /** A live oracle: over the station's own air (default), or over what the Frames view captures or shows. */
  live: command(z.object({ reveal: z.boolean().optional(), source: AwssLiveSource.optional() }), AwssAnalysis),
  resetLive: command(z.object({ source: AwssLiveSource.optional() }).strict(), Ok),
  /** Pushed at most a few times a second while the live report changes; never carries a revealed password. */
  updated: stream(AwssAnalysis),
}
