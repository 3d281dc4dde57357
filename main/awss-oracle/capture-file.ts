import type { AwssAnalysis } from '../../preload/contract/awss'
import { FileCaptureSource } from '../radio/capture/file-source'
import { AirOracle } from './air-oracle'
import { oracleSink } from './capture-sink'
import type { ProductSecretCandidate } from './sender-track'

export interface FileAnalysis {
  analysis: AwssAnalysis
  /** Problems in the file the reader stepped over (malformed blocks). */
  problems: string[]
}

/** The air oracle over a pcap/pcapng file (radiotap, 802.11 or Ethernet link types). Throws a CaptureError when unreadable. */
export async function analyzeCaptureFile(file: string, options: { productSecrets?: ProductSecretCandidate[]; reveal?: boolean } = {}): Promise<FileAnalysis> {
  const oracle = new AirOracle({ productSecrets: options.productSecrets })
  const problems: string[] = []
  const source = new FileCaptureSource(file)
  const sink = oracleSink(oracle, { packet: () => undefined, problem: (p) => void (problems.length < 20 && problems.push(`${p.reason} (offset ${p.offset})`)) })
  await source.start(sink)
  const end = await source.ended
  if (end.reason === 'failed' && end.error) throw end.error
  return { analysis: oracle.analysis({ reveal: options.reveal }), problems }
}
