// What the live capture helper and the station say to each other: options in (argv JSON), a pcap stream on stdout,
// prefixed JSON status lines on stderr (anything else on stderr is the driver talking, kept only for diagnostics).
import type { CaptureErrorCode } from './capture-source'

export const LIVE_STATUS_PREFIX = '@provbench-capture '

export interface LiveChildOptions {
  interface: string
  filter?: string
  /** 'auto': monitor mode when the interface is Wi-Fi; 'on': fail unless it can; 'off': never. */
  monitor: 'auto' | 'on' | 'off'
  snapLength: number
}

export type LiveStatus =
  | { type: 'started'; linktype: number; monitorMode: boolean; wireless: boolean | null }
  | { type: 'stats'; received: number; dropped: number; final?: boolean }
  | { type: 'warning'; message: string }
  | { type: 'error'; code: CaptureErrorCode; message: string; remedy?: string }
