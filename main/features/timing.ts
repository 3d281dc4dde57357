import fs from 'node:fs'
import type { BundleView, RadioState } from '../../preload/contract'
import { captureEnvironment } from '../bundle/environment'
import { BundleError, exportBundle } from '../bundle/export-bundle'
import { framesBetween } from '../bundle/frame-source'
import { frameRows } from '../bundle/frame-rows'
import { openBundle, type OpenedBundle } from '../bundle/open-bundle'
import { installSessionRecorder, stationSecrets } from '../bundle/session-recorder'
import { SessionRecords } from '../bundle/session-records'
import { chunkCount, chunkOf, HeldValues, Upload } from '../bundle/transfers'
import { compareMethods, failedSessions, statsFacets, timingReport, tuneForAggregation } from '../stats'
import type { Station } from '../station'
import { CommandError } from '../transport/handlers'

const MAX_BUNDLE_FILE_BYTES = 256 * 1024 * 1024

/**
 * Timing and diagnosis: the stats.* aggregations over the store, session records (environment + frames around each
 * session, for bundles and frame evidence), and support bundles (export in chunks, open for offline triage).
 */
export async function installTiming(station: Station): Promise<() => Promise<void>> {
  const h = station.handlers
  const db = station.store.db
  tuneForAggregation(db)
  h['stats.timing'] = (filter) => timingReport(db, filter)
  h['stats.compare'] = (input) => compareMethods(db, input)
  h['stats.facets'] = () => statsFacets(db)
  h['stats.failures'] = (query) => failedSessions(station.store, query)

  const closeRecorder = await installSessionRecorder(station)
  const records = new SessionRecords(station.options.dataDir)
  const exports = new HeldValues<{ bytes: Uint8Array; fileName: string }>()
  const uploads = new HeldValues<Upload>()
  const opened = new HeldValues<OpenedBundle & { fileName: string; size: number }>()

  const environmentNow = async () =>
    captureEnvironment(
      { profile: station.options.profile, shell: station.options.shell, radios: station.radioStates() as RadioState[], settings: station.settings(), lab: station.lab },
      'export',
    )

  h['bundle.export'] = async ({ sessionId }) => {
    try {
      const bundle = await exportBundle(sessionId, {
        store: station.store,
        records,
        liveFrames: (from, to) => framesBetween(station, from, to, 100_000),
        environmentNow,
        secrets: stationSecrets(station),
      })
      const transferId = exports.put({ bytes: bundle.bytes, fileName: bundle.fileName })
      return { transferId, fileName: bundle.fileName, size: bundle.bytes.length, chunks: chunkCount(bundle.bytes.length) }
    } catch (error) {
      if (error instanceof BundleError) throw new CommandError(error.code, error.message)
      throw error
    }
  }
  h['bundle.exportChunk'] = ({ transferId, index }) => {
    const held = exports.get(transferId)
    if (!held) throw new CommandError('not-found', 'This bundle export expired; export it again.')
    const chunk = chunkOf(held.bytes, index)
    if (!chunk) throw new CommandError('invalid-input', `Chunk ${index} does not exist.`)
    if (index === chunkCount(held.bytes.length) - 1) exports.delete(transferId)
    return { base64: Buffer.from(chunk).toString('base64') }
  }
  h['bundle.upload'] = ({ uploadId, fileName, index, base64 }) => {
    const upload = uploadId ? uploads.get(uploadId) : new Upload(fileName)
    if (!upload) throw new CommandError('not-found', 'This upload expired; send the file again.')
    try {
      upload.add(index, Buffer.from(base64, 'base64'))
    } catch (error) {
      throw new CommandError('invalid-input', (error as Error).message)
    }
    const id = uploadId ?? uploads.put(upload)
    return { uploadId: id, received: upload.received }
  }
  h['bundle.open'] = async (input): Promise<BundleView> => {
    let bytes: Uint8Array
    let fileName: string
    if ('uploadId' in input) {
      const upload = uploads.get(input.uploadId)
      if (!upload) throw new CommandError('not-found', 'This upload expired; send the file again.')
      uploads.delete(input.uploadId)
      bytes = upload.bytes()
      fileName = upload.fileName
    } else {
      bytes = await readBundleFile(input.path)
      fileName = input.path.split(/[\\/]/).pop() ?? input.path
    }
    const result = openBundle(bytes)
    if (!result.ok) throw new CommandError('invalid-input', result.reason)
    const bundleId = opened.put({ ...result.bundle, fileName, size: bytes.length })
    const { manifest, session, environment } = result.bundle
    return { bundleId, fileName, size: bytes.length, manifest, session, environment }
  }
  h['bundle.frames'] = ({ bundleId, offset, limit }) => {
    const bundle = opened.get(bundleId)
    if (!bundle) throw new CommandError('not-found', 'This bundle is no longer open; open it again.')
    return { total: bundle.frames.packets.length, rows: frameRows(bundle.frames, bundle.session.startedAt, offset, limit) }
  }
  h['bundle.close'] = ({ bundleId }) => {
    opened.delete(bundleId)
    return { ok: true as const }
  }
  return closeRecorder
}

async function readBundleFile(file: string): Promise<Uint8Array> {
  let stat: fs.Stats
  try {
    stat = await fs.promises.stat(file)
  } catch (error) {
    throw new CommandError('not-found', `Cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}.`)
  }
  if (!stat.isFile()) throw new CommandError('invalid-input', `${file} is not a file.`)
  if (stat.size > MAX_BUNDLE_FILE_BYTES) throw new CommandError('invalid-input', `${file} is larger than a support bundle can be.`)
  return fs.promises.readFile(file)
}
