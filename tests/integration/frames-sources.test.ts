import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { FrameRow, FramesStatus } from '../../preload/contract'
import { Station } from '../../main/station'
import { beacon, enrolleeProbe, probeRequest } from '../unit/frames/packets'

// Downstream code cannot tell the sources apart: frames captured from the lab air, exported, and opened again as a
// file give the same rows and bytes. And in the Electron shell, the native dialogs open and save files.
const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() }
vi.mock('electron', () => ({ dialog }))

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-frames-sources-'))
const stations: Station[] = []
afterEach(async () => {
  await Promise.all(stations.splice(0).map((s) => s.close()))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

type Call = (name: string, input?: unknown) => Promise<any>
async function station(shell: 'headless' | 'electron'): Promise<Call> {
  const s = await Station.create({ profile: 'lab', dataDir: fs.mkdtempSync(path.join(dir, 'data-')), shell })
  stations.push(s)
  const call: Call = async (name, input = {}) => (s.handlers as Record<string, (i: unknown) => unknown>)[name](input)
  ;(call as Call & { station: Station }).station = s
  return call
}
const stationOf = (call: Call) => (call as Call & { station: Station }).station

async function ended(call: Call): Promise<FramesStatus> {
  for (;;) {
    const status: FramesStatus = await call('frames.status')
    if (status.source?.state === 'ended' || status.source?.state === 'failed') return status
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const comparable = (row: FrameRow) => ({ ...row, index: 0 })

describe('capture sources are interchangeable downstream', () => {
  it('lab air -> export -> file source: the same rows (every column) and the same bytes', async () => {
    const lab = await station('headless')
    await lab('frames.startLab')
    const air = stationOf(lab).lab!.air
    air.transmit({ medium: 'wifi', from: 'x1', channel: 6, freqMHz: 2437, bytes: enrolleeProbe() })
    air.transmit({ medium: 'wifi', from: 'x2', channel: 11, freqMHz: 2462, bytes: beacon('02:00:00:00:00:31', 'Same', 11) })
    air.transmit({ medium: 'wifi', from: 'x3', channel: 1, freqMHz: 2412, bytes: probeRequest('02:00:00:00:00:32', 'Same') })
    await lab('frames.stop')
    const fromLab = await lab('frames.page', { offset: 0, limit: 1000 })
    const file = path.join(dir, 'lab.pcapng')
    await lab('frames.export', { destination: { kind: 'path', path: file } })

    const reader = await station('headless')
    await reader('frames.openFile', { path: file })
    const status = await ended(reader)
    expect(status.source).toMatchObject({ kind: 'file', endReason: 'end-of-file', packets: fromLab.total })
    const fromFile = await reader('frames.page', { offset: 0, limit: 1000 })
    expect(fromFile.rows.map(comparable)).toEqual(fromLab.rows.map(comparable))
    for (const row of fromLab.rows.slice(-3)) {
      const a = await lab('frames.detail', { index: row.index })
      const b = await reader('frames.detail', { index: fromFile.rows[fromLab.rows.indexOf(row)].index })
      expect(b.hex).toBe(a.hex)
      // The decoded tree is the same too, apart from the interface line (a file names its interface by the IDB).
      expect(JSON.stringify(b.tree.slice(1))).toBe(JSON.stringify(a.tree.slice(1)))
    }
    expect(fromFile.rows.filter((r: FrameRow) => r.claims.length > 0).length).toBe(fromLab.rows.filter((r: FrameRow) => r.claims.length > 0).length)
  })
})

describe('the Electron shell: native open and save dialogs', () => {
  beforeAll(() => {
    Object.defineProperty(process.versions, 'electron', { value: '40.0.0', configurable: true })
  })
  afterAll(() => {
    delete (process.versions as Record<string, string | undefined>).electron
  })

  it('chooseFile opens the picked capture; export "dialog" writes where the user saved; cancelling does nothing', async () => {
    const lab = await station('headless')
    await lab('frames.startLab')
    stationOf(lab).lab!.air.transmit({ medium: 'wifi', from: 'x', channel: 6, freqMHz: 2437, bytes: beacon('02:00:00:00:00:41', 'Dialog', 6) })
    await lab('frames.stop')
    const source = path.join(dir, 'dialog-source.pcapng')
    await lab('frames.export', { destination: { kind: 'path', path: source } })

    const app = await station('electron')
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [source] })
    await app('frames.chooseFile')
    const status = await ended(app)
    expect(status.source).toMatchObject({ kind: 'file', label: 'dialog-source.pcapng', endReason: 'end-of-file' })
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openFile'] }))

    const saved = path.join(dir, 'saved.pcapng')
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: saved })
    const result = await app('frames.export', { filter: { ssid: 'Dialog' }, destination: { kind: 'dialog' } })
    expect(result).toEqual({ frames: 1, path: saved })
    expect(fs.statSync(saved).size).toBeGreaterThan(100)

    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true })
    expect(await app('frames.export', { destination: { kind: 'dialog' } })).toEqual({ frames: 0, cancelled: true })
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] })
    expect((await app('frames.chooseFile')).source).toMatchObject({ label: 'dialog-source.pcapng' })
  })
})
