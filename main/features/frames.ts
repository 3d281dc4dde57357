import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { FRAMES_EXPORT_PATH_PREFIX, FRAMES_UPLOAD_PATH, type FrameFilter, type FramesExportResult, type FramesStatus } from '../../preload/contract'
import { listCaptureInterfaces } from '../frames/capture-interfaces'
import { writeFramesPcapng } from '../frames/frame-export'
import { FilterError, FramesService, attachFramesService } from '../frames/frames-service'
import { FileCaptureSource } from '../radio/capture/file-source'
import { LabAirSource } from '../radio/capture/lab-air-source'
import { LivePcapSource } from '../radio/capture/live-pcap-source'
import type { Station } from '../station'
import { addHttpRoute } from '../transport/http-routes'
import { CommandError } from '../transport/handlers'

const EXPORT_TTL_MS = 10 * 60_000
const MAX_UPLOAD_BYTES = 8 * 1024 ** 3

interface ElectronDialogs {
  showOpenDialog(options: object): Promise<{ canceled: boolean; filePaths: string[] }>
  showSaveDialog(options: object): Promise<{ canceled: boolean; filePath?: string }>
}

/**
 * The Frames capability: the frame store and its capture sources (live pcap, file, lab air), the frames.* contract,
 * counters at most ten times a second, and the headless station's upload and export-download endpoints.
 */
export async function installFrames(station: Station): Promise<() => Promise<void>> {
  const service = new FramesService({ limit: station.settings().frameStoreLimit, emit: (status) => station.bus.emit('frames.counters', status) })
  attachFramesService(station, service)
  const uploadDir = path.join(station.options.dataDir, 'captures')
  let currentUpload: string | undefined
  const exports = new Map<string, { indices: number[]; createdAt: number }>()
  const h = station.handlers

  const filterFailure = (error: unknown): never => {
    if (error instanceof FilterError) throw new CommandError('invalid-input', `${error.path}: ${error.message}`, [{ path: error.path, message: error.message }])
    throw error
  }
  const dialogs = async (): Promise<ElectronDialogs | undefined> => {
    if (station.options.shell !== 'electron' || !process.versions.electron) return undefined
    const electron = (await import('electron')) as unknown as { dialog: ElectronDialogs }
    return electron.dialog
  }
  const forgetUpload = (keep?: string) => {
    if (currentUpload && currentUpload !== keep) fs.rm(currentUpload, { force: true }, () => undefined)
    currentUpload = keep
  }
  const openFile = async (file: string, label?: string): Promise<FramesStatus> => {
    const status = await service.start(new FileCaptureSource(file, label ? { label } : {}))
    forgetUpload(file === currentUpload ? file : undefined)
    return status
  }

  h['frames.status'] = () => service.status()
  h['frames.page'] = ({ offset, limit, filter }) => {
    try {
      return service.page(offset, limit, filter)
    } catch (error) {
      return filterFailure(error)
    }
  }
  h['frames.detail'] = ({ index }) => {
    const detail = service.detail(index)
    if (!detail) throw new CommandError('not-found', `Frame ${index} is not in the store (dropped as the oldest, or never captured).`)
    return detail
  }
  h['frames.interfaces'] = () => {
    const configured = station.settings().captureInterface ?? station.options.captureInterface
    return { interfaces: listCaptureInterfaces(), ...(configured ? { configured } : {}) }
  }
  h['frames.claims'] = () => service.store.claimDefinitions.map((c) => ({ id: c.id, method: c.method, label: c.label, ...(c.encoding ? { encoding: c.encoding } : {}) }))
  h['frames.startLive'] = async (input) => {
    const settings = station.settings()
    const name = input.interface ?? settings.captureInterface ?? station.options.captureInterface ?? listCaptureInterfaces().find((i) => i.wireless)?.name
    if (!name) {
      const message = 'No capture interface is chosen and none is a Wi-Fi interface: choose one in Settings (or here).'
      throw new CommandError('invalid-input', message, [{ path: 'interface', message }])
    }
    service.setLimit(settings.frameStoreLimit)
    const filter = input.filter ?? settings.captureFilter
    return service.start(new LivePcapSource({ interface: name, monitor: input.monitor ?? 'auto', ...(filter ? { filter } : {}) }))
  }
  h['frames.startLab'] = async () => {
    const lab = station.lab
    if (!lab) throw new CommandError('unavailable', 'The lab air exists only in the lab profile; use a live capture or open a file.')
    service.setLimit(station.settings().frameStoreLimit)
    return service.start(new LabAirSource(lab.air, lab.scenario.workstation.position))
  }
  h['frames.openFile'] = async ({ path: file }) => {
    service.setLimit(station.settings().frameStoreLimit)
    return openFile(path.resolve(file))
  }
  h['frames.chooseFile'] = async () => {
    const dialog = await dialogs()
    if (!dialog) throw new CommandError('unavailable', 'There is no file dialog in the headless station: upload the file, or give its path on the station’s machine.')
    const chosen = await dialog.showOpenDialog({ title: 'Open capture', properties: ['openFile'], filters: [{ name: 'Captures', extensions: ['pcapng', 'pcap', 'cap'] }] })
    if (chosen.canceled || chosen.filePaths.length === 0) return service.status()
    service.setLimit(station.settings().frameStoreLimit)
    return openFile(chosen.filePaths[0])
  }
  h['frames.stop'] = () => service.stop()
  h['frames.clear'] = () => service.clear()
  h['frames.export'] = async ({ filter, indices, destination }): Promise<FramesExportResult> => {
    let selection: number[]
    try {
      selection = service.selection(filter as FrameFilter | undefined, indices)
    } catch (error) {
      return filterFailure(error)
    }
    if (destination.kind === 'download') {
      const now = Date.now()
      for (const [id, entry] of exports) if (now - entry.createdAt > EXPORT_TTL_MS) exports.delete(id)
      const id = randomBytes(12).toString('hex')
      exports.set(id, { indices: selection, createdAt: now })
      return { frames: selection.length, downloadPath: `${FRAMES_EXPORT_PATH_PREFIX}${id}` }
    }
    let file: string
    if (destination.kind === 'dialog') {
      const dialog = await dialogs()
      if (!dialog) throw new CommandError('unavailable', 'There is no save dialog in the headless station: download the export instead.')
      const chosen = await dialog.showSaveDialog({ title: 'Export frames', defaultPath: 'provbench-frames.pcapng', filters: [{ name: 'pcapng', extensions: ['pcapng'] }] })
      if (chosen.canceled || !chosen.filePath) return { frames: 0, cancelled: true }
      file = chosen.filePath
    } else file = path.resolve(destination.path)
    const out = fs.createWriteStream(file)
    try {
      await new Promise<void>((resolve, reject) => {
        out.once('open', () => resolve())
        out.once('error', reject)
      })
      const written = await writeFramesPcapng(service.store, selection, out)
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
      return { frames: written, path: file }
    } catch (error) {
      out.destroy()
      throw new CommandError('failed', `Cannot write ${path.basename(file)}: ${(error as Error).message}`)
    }
  }

  const applySettings = h['settings.set']
  if (applySettings) {
    h['settings.set'] = async (patch) => {
      const next = await applySettings(patch)
      if (patch.frameStoreLimit !== undefined) service.setLimit(next.frameStoreLimit)
      return next
    }
  }

  const removeUpload = addHttpRoute(station, {
    method: 'POST',
    path: FRAMES_UPLOAD_PATH,
    async handle(request, response, url) {
      const name = path.basename(url.searchParams.get('name') || 'upload.pcapng').replace(/[^\w.\-]+/g, '_').slice(0, 100)
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > MAX_UPLOAD_BYTES) {
        response.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The capture is larger than 8 GiB.\n')
        request.resume()
        return
      }
      fs.mkdirSync(uploadDir, { recursive: true, mode: 0o700 })
      const file = path.join(uploadDir, `upload-${randomBytes(6).toString('hex')}-${name}`)
      await pipeline(request, fs.createWriteStream(file, { mode: 0o600 }))
      const previous = currentUpload
      currentUpload = file
      service.setLimit(station.settings().frameStoreLimit)
      const status = await service.start(new FileCaptureSource(file, { label: name }))
      if (previous && previous !== file) fs.rm(previous, { force: true }, () => undefined)
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(status))
    },
  })
  const removeDownload = addHttpRoute(station, {
    method: 'GET',
    path: FRAMES_EXPORT_PATH_PREFIX,
    prefix: true,
    async handle(_request, response, url) {
      const id = url.pathname.slice(FRAMES_EXPORT_PATH_PREFIX.length)
      const entry = exports.get(id)
      // Single use: a download link is a capability, not a bookmark.
      exports.delete(id)
      if (!entry || Date.now() - entry.createdAt > EXPORT_TTL_MS) {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This export has expired or was already downloaded; export again.\n')
        return
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
      response.writeHead(200, {
        'Content-Type': 'application/vnd.tcpdump.pcap',
        'Content-Disposition': `attachment; filename="provbench-frames-${stamp}.pcapng"`,
        'Cache-Control': 'no-store',
      })
      await writeFramesPcapng(service.store, entry.indices, response)
      response.end()
    },
  })

  return async () => {
    removeUpload()
    removeDownload()
    await service.close()
    forgetUpload()
  }
}
