import { z } from 'zod'
import { command, stream } from './define'
import { Empty, Encoding, MethodId } from './common'

// The Frames view's contract: main holds every frame; the renderer pulls the page it shows and gets counters a few
// times a second, never one message per frame.

export const FrameKind = z.enum(['wifi', 'ethernet', 'ble', 'other'])
export type FrameKind = z.infer<typeof FrameKind>

export const FrameCategory = z.enum(['management', 'control', 'data', 'extension'])
export type FrameCategory = z.infer<typeof FrameCategory>

/** Every field narrows (AND). `expr` is the filter bar's text, parsed in main (e.g. `type=beacon ssid=LabNet signal>=-70`). */
export const FrameFilter = z
  .object({
    expr: z.string().max(500).optional(),
    kinds: z.array(FrameKind).max(4).optional(),
    categories: z.array(FrameCategory).max(4).optional(),
    /** 802.11 type << 4 | subtype, as Wireshark's wlan.fc.type_subtype. */
    typeSubtypes: z.array(z.number().int().min(0).max(63)).max(64).optional(),
    /** Any address field (RA, TA, SA, DA, BSSID); 12 hex digits with or without separators. */
    address: z.string().max(32).optional(),
    ssid: z.string().max(128).optional(),
    ssidContains: z.string().max(128).optional(),
    /** "d8:96:e0" (any type) or "d8:96:e0:aa". */
    vendor: z.string().max(16).optional(),
    channels: z.array(z.number().int().min(0).max(255)).max(64).optional(),
    signalMin: z.number().int().min(-128).max(127).optional(),
    signalMax: z.number().int().min(-128).max(127).optional(),
    /** Frames some AWSS decoder claims (see frames.claims). */
    provisioning: z.boolean().optional(),
    claims: z.array(z.string().max(40)).max(32).optional(),
    malformed: z.boolean().optional(),
    fcsBad: z.boolean().optional(),
    /** Capture time bounds, seconds since the epoch. */
    timeFrom: z.number().optional(),
    timeTo: z.number().optional(),
  })
  .strict()
export type FrameFilter = z.infer<typeof FrameFilter>

export const FcsState = z.enum(['absent', 'ok', 'bad'])

export const FrameRow = z.object({
  /** Stable number of the frame since the store was cleared (not its position: old frames are dropped). */
  index: z.number().int(),
  /** Seconds since the epoch, microsecond precision. */
  time: z.number(),
  kind: FrameKind,
  /** 802.11 type and subtype; null for other kinds. */
  type: z.number().int().nullable(),
  subtype: z.number().int().nullable(),
  typeName: z.string(),
  channel: z.number().int().nullable(),
  freqMHz: z.number().int().nullable(),
  signalDbm: z.number().int().nullable(),
  source: z.string().nullable(),
  destination: z.string().nullable(),
  bssid: z.string().nullable(),
  ra: z.string().nullable(),
  ta: z.string().nullable(),
  sa: z.string().nullable(),
  da: z.string().nullable(),
  ssid: z.string().nullable(),
  /** Captured bytes (radiotap included). */
  length: z.number().int(),
  originalLength: z.number().int(),
  seq: z.number().int().nullable(),
  protected: z.boolean(),
  fcs: FcsState,
  /** "oui:type" (type as two hex digits), or "oui" for an element that is only an OUI. */
  vendorIes: z.array(z.string()),
  /** Ids of the provisioning claims on this frame. */
  claims: z.array(z.string()),
  malformed: z.string().nullable(),
  info: z.string(),
})
export type FrameRow = z.infer<typeof FrameRow>

export interface FrameDetailNode {
  label: string
  value?: string
  /** Byte range within the packet (radiotap included), for the hex view. */
  offset?: number
  length?: number
  /** 'awss' marks annotations from the provisioning decoders; 'problem' a malformed part. */
  tone?: 'awss' | 'problem'
  children?: FrameDetailNode[]
}
export const FrameDetailNode: z.ZodType<FrameDetailNode> = z.lazy(() =>
  z.object({
    label: z.string(),
    value: z.string().optional(),
    offset: z.number().int().min(0).optional(),
    length: z.number().int().min(0).optional(),
    tone: z.enum(['awss', 'problem']).optional(),
    children: z.array(FrameDetailNode).optional(),
  }),
)

export const FrameDetail = z.object({
  row: FrameRow,
  linktype: z.number().int(),
  interfaceName: z.string(),
  /** The packet as captured, lowercase hex. */
  hex: z.string(),
  tree: z.array(FrameDetailNode),
})
export type FrameDetail = z.infer<typeof FrameDetail>

export const CaptureSourceKind = z.enum(['live', 'file', 'lab'])

export const CaptureProblem = z.object({ code: z.string(), message: z.string(), remedy: z.string().optional() })
export type CaptureProblem = z.infer<typeof CaptureProblem>

export const FramesStatus = z.object({
  /** Grows with every status main produces: a reply and a pushed counter can arrive out of order, keep the newest. */
  version: z.number().int(),
  source: z
    .object({
      kind: CaptureSourceKind,
      label: z.string(),
      state: z.enum(['starting', 'running', 'ended', 'failed']),
      monitorMode: z.boolean().optional(),
      filter: z.string().optional(),
      endReason: z.enum(['stopped', 'end-of-file', 'failed']).optional(),
      error: CaptureProblem.optional(),
      /** Frames this source delivered. */
      packets: z.number().int(),
      /** Packets the OS or driver dropped before Provbench saw them (live). */
      droppedByCapture: z.number().int(),
      /** Damaged parts of a file that were skipped. */
      problems: z.number().int(),
    })
    .nullable(),
  /** Frames held now. */
  stored: z.number().int(),
  /** Frames received since the store was cleared. */
  received: z.number().int(),
  /** Oldest frames dropped because the store was full. */
  dropped: z.number().int(),
  limit: z.number().int(),
  /** Stored frames that a provisioning decoder claims. */
  provisioning: z.number().int(),
  /** Frames per second over the last second. */
  rate: z.number(),
  /** Capture time of the oldest and newest stored frames. */
  firstTime: z.number().nullable(),
  lastTime: z.number().nullable(),
  /** Bytes held for raw frames. */
  bytes: z.number().int(),
})
export type FramesStatus = z.infer<typeof FramesStatus>

export const FramePage = z.object({
  /** Frames matching the filter (all stored frames without one). */
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(FrameRow),
  stored: z.number().int(),
})
export type FramePage = z.infer<typeof FramePage>

export const CaptureInterfaceChoice = z.object({
  name: z.string(),
  wireless: z.boolean(),
  up: z.boolean().nullable(),
})

export const ClaimInfo = z.object({ id: z.string(), method: MethodId, encoding: Encoding.optional(), label: z.string() })

export const ExportDestination = z.union([
  z.object({ kind: z.literal('download') }),
  z.object({ kind: z.literal('dialog') }),
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
])

export const FramesExportResult = z.object({
  frames: z.number().int(),
  /** Headless download: a path on the station to GET with the station token (single use, expires). */
  downloadPath: z.string().optional(),
  /** Where the file was written (dialog or path). */
  path: z.string().optional(),
  /** The user closed the save dialog. */
  cancelled: z.boolean().optional(),
})
export type FramesExportResult = z.infer<typeof FramesExportResult>

export const frames = {
  status: command(Empty, FramesStatus),
  page: command(
    z.object({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(1000), filter: FrameFilter.optional() }).strict(),
    FramePage,
  ),
  detail: command(z.object({ index: z.number().int().min(0) }).strict(), FrameDetail),
  interfaces: command(Empty, z.object({ interfaces: z.array(CaptureInterfaceChoice), configured: z.string().optional() })),
  claims: command(Empty, z.array(ClaimInfo)),
  /** Live capture; the interface and BPF filter default to Settings (captureInterface, captureFilter). */
  startLive: command(
    z.object({ interface: z.string().min(1).max(64).optional(), filter: z.string().max(500).optional(), monitor: z.enum(['auto', 'on', 'off']).optional() }).strict(),
    FramesStatus,
  ),
  startLab: command(Empty, FramesStatus),
  /** A pcap/pcapng file on the station's machine. */
  openFile: command(z.object({ path: z.string().min(1).max(4096) }).strict(), FramesStatus),
  /** Electron: the native open dialog, then openFile. Headless: unavailable (upload or give a path instead). */
  chooseFile: command(Empty, FramesStatus),
  stop: command(Empty, FramesStatus),
  clear: command(Empty, FramesStatus),
  /** The frames matching `filter`, or exactly `indices`, as pcapng. */
  export: command(
    z.object({ filter: FrameFilter.optional(), indices: z.array(z.number().int().min(0)).max(100_000).optional(), destination: ExportDestination }).strict(),
    FramesExportResult,
  ),
  counters: stream(FramesStatus),
}

/** HTTP routes of the headless station for what does not fit a WebSocket message (token required, as ?token=). */
export const FRAMES_UPLOAD_PATH = '/api/frames/upload'
export const FRAMES_EXPORT_PATH_PREFIX = '/api/frames/export/'
