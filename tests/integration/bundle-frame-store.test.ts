import { afterEach, describe, expect, it } from 'vitest'
import { openBundle } from '../../main/bundle/open-bundle'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation } from '../support/station'
import { call, exportThroughContract } from './bundle-support'

// Where a bundle's frames come from: the Frames view's store when it is capturing (live interface or lab air) and
// covers the session; otherwise the lab air ring the timing feature keeps.

let station: Station | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

async function runSession(s: Station): Promise<string> {
  const started = await s.runner.start({ method: 'webcam-config', target: LAB_WIFI, deviceId: 'cam-1', options: { confirmTimeoutMs: 8_000 } })
  await s.runner.wait(started.id)
  return started.id
}

describe('bundle frame sources', () => {
  it('takes the frames from the frame store when it captured the whole session', async () => {
    station = await labStation()
    await call(station, 'frames.startLab', {})
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    const id = await runSession(station)
    const { bytes } = await exportThroughContract(station, id)
    const opened = openBundle(bytes)
    if (!opened.ok) throw new Error(opened.reason)
    expect(opened.bundle.manifest.frames).toMatchObject({ source: 'frame-store', allChannels: true, truncated: false })
    expect(opened.bundle.frames.packets.length).toBe(opened.bundle.manifest.frames.count)
    expect(opened.bundle.frames.packets.length).toBeGreaterThan(20)
  })

  it('falls back to the lab air ring when the frame store started after the session began', async () => {
    station = await labStation()
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    const s = station
    const first = new Promise<void>((resolve) => {
      const off = s.bus.on('sessions.updated', (event) => {
        if (event.kind === 'step') {
          off()
          void call(s, 'frames.startLab', {}).then(() => resolve())
        }
      })
    })
    const id = await runSession(station)
    await first
    const { bytes } = await exportThroughContract(station, id)
    const opened = openBundle(bytes)
    if (!opened.ok) throw new Error(opened.reason)
    expect(opened.bundle.manifest.frames).toMatchObject({ source: 'lab-air', truncated: false })
  })
})
