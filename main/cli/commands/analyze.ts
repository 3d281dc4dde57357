import type { Command } from 'commander'
import { Option } from 'commander'
import type { AwssAnalysis, AwssSenderReport } from '../../../preload/contract'
import { analyzeCaptureFile } from '../../awss-oracle/capture-file'
import type { ProductSecretCandidate } from '../../awss-oracle/sender-track'
import { CaptureError } from '../../radio/capture/capture-source'
import { registerSecret } from '../../runtime/log'
import { UsageError, formatMs, jsonOption, readSecretFile } from '../common'

// provbench analyze FILE: the smart-config air oracle over a capture (PROTOCOLS-awss.md §1.6-4): per sender, what a
// device would have decoded, with which cipher offset and why, when it locked and decoded, and which positions each
// cycle delivered. Passwords are shown only with --reveal, and only when a productSecret decrypts them.

/** Secrets file: one per line, "productKey=productSecret" or just the secret; '#' starts a comment. */
export function parseSecretsFile(text: string): ProductSecretCandidate[] {
  const out: ProductSecretCandidate[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq > 0 && /^[A-Za-z0-9_-]{1,64}$/.test(line.slice(0, eq))) out.push({ productKey: line.slice(0, eq), secret: line.slice(eq + 1) })
    else out.push({ secret: line })
  }
  return out
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('what a smart-config device would decode from a capture (pcap/pcapng: radiotap, 802.11 or Ethernet)')
    .argument('<file>', 'capture file')
    .option('--product-secret-file <file>', 'productSecrets to decrypt passwords: one per line, "productKey=secret" or the secret alone')
    .option('--reveal', 'print decrypted passwords (they are masked otherwise)')
    .addOption(jsonOption())
    .addOption(new Option('--senders <n>', 'show at most this many senders').argParser((v) => Number.parseInt(v, 10)).default(20))
    .action(async (file: string, opts: { productSecretFile?: string; reveal?: boolean; json?: boolean; senders: number }) => {
      const secrets = opts.productSecretFile ? parseSecretsFile(readSecretFile(opts.productSecretFile, 'product secret')) : []
      if (opts.productSecretFile && secrets.length === 0) throw new UsageError(`${opts.productSecretFile} holds no productSecret.`)
      for (const s of secrets) registerSecret(s.secret)
      let result
      try {
        result = await analyzeCaptureFile(file, { productSecrets: secrets, reveal: opts.reveal })
      } catch (error) {
        if (error instanceof CaptureError) throw new UsageError(`${error.message}${error.remedy ? ` ${error.remedy}` : ''}`)
        throw error
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ file, ...result.analysis, problems: result.problems }, null, 2)}\n`)
        return
      }
      for (const line of describeAnalysis(file, result.analysis, { reveal: !!opts.reveal, secrets: secrets.length, limit: opts.senders })) process.stdout.write(`${line}\n`)
      for (const problem of result.problems) process.stderr.write(`warning: ${problem}\n`)
    })
}

const upper = (cipher: string) => (cipher === 'wired' ? 'wired' : cipher.toUpperCase())

export function describeAnalysis(file: string, analysis: AwssAnalysis, options: { reveal: boolean; secrets: number; limit: number }): string[] {
  const t0 = analysis.startedAtMs ?? 0
  const at = (ms: number | undefined) => (ms === undefined ? '-' : `+${formatMs(Math.max(0, Math.round(ms - t0)))}`)
  const lines = [
    `${file}: ${analysis.frames} frames, ${analysis.accessPoints.length} access point(s), ${analysis.senders.length} smart-config sender(s)`,
  ]
  for (const ap of analysis.accessPoints) {
    lines.push(`  AP ${ap.bssid} ${JSON.stringify(ap.ssid)}${ap.channel !== undefined ? ` ch ${ap.channel}` : ''}  group ${upper(ap.groupCipher)}, pairwise ${upper(ap.pairwiseCipher)}`)
  }
  if (analysis.senders.length === 0) lines.push('No smart-config sender (bcast hint frames, mcast 1-byte datagrams or p2p Device Names) in this capture.')
  if (analysis.firstLockedSender && analysis.senders.length > 1) {
    lines.push(`A single device would lock on ${analysis.firstLockedSender} first and treat the other senders as interference.`)
  }
  for (const s of analysis.senders.slice(0, options.limit)) lines.push('', ...describeSender(s, at, options))
  if (analysis.senders.length > options.limit) lines.push('', `(${analysis.senders.length - options.limit} more senders; --senders N or --json for all)`)
  return lines
}

function describeSender(s: AwssSenderReport, at: (ms: number | undefined) => string, options: { reveal: boolean; secrets: number }): string[] {
  const lines = [`Sender ${s.sender}  ${s.encoding}${s.bssid ? ` via ${s.bssid}` : ''}${s.channel !== undefined ? ` ch ${s.channel}` : ''}: ${s.status}  (${s.frames} frames)`]
  if (s.offset) lines.push(`  offset     ${s.offset.bytes} (${upper(s.offset.cipher)}): ${s.offset.explanation}`)
  if (s.decodableWith.length > 0) lines.push(`  would decode with the ${s.decodableWith.map(upper).join('/')} offset instead`)
  const decodeAfter = s.decodedAtMs !== undefined && s.lockedAtMs !== undefined ? ` (${formatMs(Math.round(s.decodedAtMs - s.lockedAtMs))} after the lock)` : ''
  lines.push(`  first seen ${at(s.firstSeenMs)}, locked ${at(s.lockedAtMs)}, decoded ${at(s.decodedAtMs)}${decodeAfter}`)
  lines.push(`  received   ${s.received.count}${s.received.expected !== undefined ? ` of ${s.received.expected}` : ''} ${s.encoding === 'mcast' ? 'bytes' : s.encoding === 'bcast' ? 'positions' : 'Device Name'}`)
  // The device keeps a ToDS and a FromDS slot; each counts its own cycles (from one start frame to the next).
  const counts = { 'to-ds': 0, 'from-ds': 0 }
  const numbered = s.cycles.map((cycle) => ({ cycle, n: ++counts[cycle.direction] }))
  for (const { cycle, n } of numbered.slice(-8)) {
    lines.push(`  ${cycle.direction.padEnd(7)} #${String(n).padEnd(3)} at ${at(cycle.startedAtMs)}: ${cycle.positions.length} positions${cycle.positions.length ? ` (${ranges(cycle.positions)})` : ''}`)
  }
  if (s.checksum) lines.push(`  checksum   ${s.checksum.ok ? 'ok' : 'MISMATCH'} received 0x${s.checksum.received.toString(16)}, computed 0x${s.checksum.computed.toString(16)}`)
  if (s.structure) {
    lines.push(
      `  message    ${s.structure.total} ${s.encoding === 'bcast' ? 'values' : 'bytes'}, flag 0x${s.structure.flag.toString(16)}${s.structure.ssidMode ? `, SSID ${s.structure.ssidMode}` : ''}, ciphertext ${s.structure.ciphertextHex}`,
    )
  }
  if (s.ssid) lines.push(`  SSID       ${JSON.stringify(s.ssid.display)} (${s.ssid.encoding}, from ${s.ssid.source === 'ap-list' ? 'the AP list' : 'the frames'})`)
  if (s.password) {
    const shown = s.password.revealed !== undefined ? JSON.stringify(s.password.revealed) : '(masked; --reveal shows it)'
    lines.push(`  password   ${shown}, ${s.password.length} bytes${s.productKey ? `, productSecret of ${s.productKey}` : ''}${s.password.truncatedAtNul ? ', cut at a NUL by the device' : ''}`)
  } else if (s.structure && options.secrets === 0) {
    lines.push('  password   encrypted (give --product-secret-file to decrypt)')
  }
  if (s.bindToken) lines.push(`  bind token ${s.bindToken}`)
  for (const note of s.notes) lines.push(`  note       ${note}`)
  return lines
}

/** [1,2,3,5,7,8] -> "1-3,5,7-8" */
function ranges(values: number[]): string {
  const out: string[] = []
  for (let i = 0; i < values.length; i++) {
    let j = i
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++
    out.push(i === j ? `${values[i]}` : `${values[i]}-${values[j]}`)
    i = j
  }
  return out.join(',')
}
