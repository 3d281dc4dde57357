import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeadless, type HeadlessStation } from '../../main/server'
import type { FramesStatus } from '../../preload/contract'
import { CAPTURES_DIR, prerequisites, tsharkRead } from '../bench/lib/tshark.js'

// The headless station's frame endpoints for real, over HTTP on loopback: upload a capture, export the filtered
// frames as a pcapng download (token required, single use), and tshark reads the export byte for byte.
const prereq = prerequisites({ captures: true })
const CAPTURE = path.join(CAPTURES_DIR, 'aircrack-ng__test__test1.pcap')

let headless: HeadlessStation
let base: string
let dir: string
type Call = (name: string, input?: unknown) => Promise<any>
let call: Call
// Each request on its own connection: a reused keep-alive socket can be closed by the server's idle timeout just as
// the next request is written (undici then reports ECONNRESET), which says nothing about the endpoints.
const get = (url: string, init: RequestInit = {}) => fetch(url, { ...init, headers: { ...(init.headers ?? {}), connection: 'close' } })

async function waitForEnd(): Promise<FramesStatus> {
  for (;;) {
    const status: FramesStatus = await call('frames.status')
    if (status.source && status.source.state !== 'running' && status.source.state !== 'starting') return status
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

if (prereq.missing.length > 0) {
  describe('frames over the headless station', () => {
    if (prereq.mustFail) it('has its prerequisites (CI)', () => void expect.fail(`missing: ${prereq.missing.join(', ')}`))
    else it.skip(`skipped: missing ${prereq.missing.join(', ')}`, () => {})
  })
} else {
  describe('frames over the headless station (HTTP upload and download)', () => {
    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-frames-http-'))
      headless = await startHeadless({ profile: 'lab', dataDir: path.join(dir, 'data'), shell: 'headless', host: '127.0.0.1', port: 0, rendererDir: dir })
      base = new URL(headless.url).origin
      call = async (name, input = {}) => (headless.station.handlers as Record<string, (i: unknown) => unknown>)[name](input)
    })
    afterAll(async () => {
      await headless?.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('refuses the endpoints without the station token', async () => {
      const upload = await get(`${base}/api/frames/upload?name=x.pcap`, { method: 'POST', body: new Uint8Array(4) })
      expect(upload.status).toBe(401)
      const wrong = await get(`${base}/api/frames/export/abc?token=${'x'.repeat(headless.token.length)}`)
      expect(wrong.status).toBe(401)
    })

    it('an uploaded capture is read into the store, streamed from a file in the data folder', async () => {
      const response = await get(`${base}/api/frames/upload?token=${headless.token}&name=test1.pcap`, { method: 'POST', body: fs.readFileSync(CAPTURE) })
      expect(response.status).toBe(200)
      const started = (await response.json()) as FramesStatus
      expect(started.source).toMatchObject({ kind: 'file', label: 'test1.pcap' })
      const ended = await waitForEnd()
      expect(ended.source).toMatchObject({ state: 'ended', endReason: 'end-of-file', packets: tsharkRead(CAPTURE).frames.length })
      expect(ended.stored).toBe(tsharkRead(CAPTURE).frames.length)
      expect(fs.readdirSync(path.join(dir, 'data', 'captures')).filter((f) => f.endsWith('test1.pcap'))).toHaveLength(1)
    })

    it('exports the filtered frames as a pcapng download that tshark reads, byte for byte; the link works once', async () => {
      const filter = { expr: 'type=probe-resp,beacon,auth signal>=-85' }
      const page = await call('frames.page', { offset: 0, limit: 1000, filter })
      expect(page.total).toBeGreaterThan(5)
      const result = await call('frames.export', { filter, destination: { kind: 'download' } })
      expect(result.frames).toBe(page.total)
      const response = await get(`${base}${result.downloadPath}?token=${headless.token}`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="provbench-frames-.*\.pcapng"/)
      const file = path.join(dir, 'export.pcapng')
      fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()))
      const read = tsharkRead(file)
      expect(read.complaints).toEqual([])
      expect(read.frames).toHaveLength(page.total)
      for (const [k, row] of page.rows.entries()) {
        const detail = await call('frames.detail', { index: row.index })
        expect(read.frames[k].hex).toBe(detail.hex)
        expect(Number(read.frames[k].timeEpoch)).toBeCloseTo(row.time, 5)
      }
      const again = await get(`${base}${result.downloadPath}?token=${headless.token}`)
      expect(again.status).toBe(404)
    })

    it('exports a selection to a path; a bad path, a missing file and a non-capture are clear failures', async () => {
      const first = await call('frames.page', { offset: 3, limit: 2 })
      const target = path.join(dir, 'selection.pcapng')
      const result = await call('frames.export', { indices: first.rows.map((r: { index: number }) => r.index), destination: { kind: 'path', path: target } })
      expect(result).toEqual({ frames: 2, path: target })
      expect(tsharkRead(target).frames.map((f) => f.hex)).toEqual(await Promise.all(first.rows.map(async (r: { index: number }) => (await call('frames.detail', { index: r.index })).hex)))
      await expect(call('frames.export', { destination: { kind: 'path', path: path.join(dir, 'no-such-dir', 'x.pcapng') } })).rejects.toMatchObject({ code: 'failed' })
      const missing: FramesStatus = await call('frames.openFile', { path: path.join(dir, 'nope.pcap') })
      expect(missing.source).toMatchObject({ state: 'failed', error: { code: 'file-unreadable', message: 'nope.pcap: no such file.' } })
      const text = path.join(dir, 'notes.txt')
      fs.writeFileSync(text, 'this is not a capture\n')
      const notCapture: FramesStatus = await call('frames.openFile', { path: text })
      expect(notCapture.source).toMatchObject({ state: 'failed', error: { code: 'not-a-capture' } })
      await expect(call('frames.chooseFile')).rejects.toMatchObject({ code: 'unavailable' })
      await expect(call('frames.export', { destination: { kind: 'dialog' } })).rejects.toMatchObject({ code: 'unavailable' })
    })
  })
}
