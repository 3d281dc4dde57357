import { z } from 'zod'
import { command } from './define'
import { Ok, Profile } from './common'
import { Session } from './sessions'
import { RadioState } from './station'

const Knobs = z.record(z.string(), z.union([z.number(), z.boolean(), z.string()]))

/** The station a session ran on: app, OS, adapters and their state, settings, and the lab when there was one. */
export const BundleEnvironment = z.object({
  capturedAt: z.number(),
  /** Snapshot taken when the session started, or at export when none was kept. */
  when: z.enum(['session-start', 'export']),
  app: z.object({ name: z.string(), version: z.string(), shell: z.string(), profile: Profile }),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string(), node: z.string(), electron: z.string().optional() }),
  radios: z.array(RadioState),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  lab: z
    .object({
      scenarioName: z.string(),
      seed: z.number(),
      airKnobs: Knobs,
      routers: z.array(z.object({ id: z.string(), ssid: z.string(), bssid: z.string(), channel: z.number(), band: z.string(), security: z.string(), knobs: Knobs })),
      devices: z.array(z.object({ id: z.string(), kind: z.string(), label: z.string(), model: z.string(), state: z.string(), knobs: Knobs })),
    })
    .optional(),
})
export type BundleEnvironment = z.infer<typeof BundleEnvironment>

export const BUNDLE_FORMAT = 'provbench-support-bundle'

export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  createdAt: z.number(),
  appVersion: z.string(),
  sessionId: z.string(),
  files: z.array(z.string()),
  frames: z.object({
    /** frame-store, lab-air, or none. */
    source: z.string(),
    count: z.number().int(),
    allChannels: z.boolean(),
    truncated: z.boolean(),
    fromMs: z.number(),
    toMs: z.number(),
  }),
  redaction: z.object({ replaced: z.number().int(), note: z.string() }),
})
export type BundleManifest = z.infer<typeof BundleManifest>

/** One frame of an opened bundle as the frame list shows it. */
export const BundleFrameRow = z.object({
  index: z.number().int(),
  /** ms from the session start (negative: before it). */
  offsetMs: z.number(),
  linktype: z.number().int(),
  kind: z.string(),
  channel: z.number().optional(),
  signalDbm: z.number().optional(),
  source: z.string().optional(),
  destination: z.string().optional(),
  bssid: z.string().optional(),
  ssid: z.string().optional(),
  length: z.number().int(),
  info: z.string(),
})
export type BundleFrameRow = z.infer<typeof BundleFrameRow>

export const BundleView = z.object({
  bundleId: z.string(),
  fileName: z.string(),
  size: z.number().int(),
  manifest: BundleManifest,
  session: Session,
  environment: BundleEnvironment,
})
export type BundleView = z.infer<typeof BundleView>

/** Bundles travel in chunks: one WebSocket message is at most 1 MiB. */
export const BUNDLE_CHUNK_BYTES = 512 * 1024

const Base64 = z.string().max(Math.ceil(BUNDLE_CHUNK_BYTES / 3) * 4 + 4)

export const bundle = {
  /** Builds a support bundle for a session (secrets redacted) and holds it for `exportChunk`. */
  export: command(z.object({ sessionId: z.string().max(100) }), z.object({ transferId: z.string(), fileName: z.string(), size: z.number().int(), chunks: z.number().int() })),
  exportChunk: command(z.object({ transferId: z.string().max(100), index: z.number().int().min(0) }), z.object({ base64: z.string() })),
  /** Sends a bundle file to the station in chunks, in order; then `open({ uploadId })`. */
  upload: command(
    z.object({ uploadId: z.string().max(100).optional(), fileName: z.string().max(255), index: z.number().int().min(0), base64: Base64 }),
    z.object({ uploadId: z.string(), received: z.number().int() }),
  ),
  /** Opens an uploaded bundle, or a bundle file on the station's machine, for offline triage. */
  open: command(z.union([z.object({ uploadId: z.string().max(100) }).strict(), z.object({ path: z.string().min(1).max(4096) }).strict()]), BundleView),
  frames: command(
    z.object({ bundleId: z.string().max(100), offset: z.number().int().min(0), limit: z.number().int().min(1).max(2_000) }),
    z.object({ total: z.number().int(), rows: z.array(BundleFrameRow) }),
  ),
  close: command(z.object({ bundleId: z.string().max(100) }), Ok),
}
