import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Station, type StationOptions } from '../../main/station'

export function tempDir(prefix = 'provbench-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

/** A lab station on a fresh data folder; always close it (afterEach/afterAll). */
export async function labStation(options: Partial<StationOptions> = {}): Promise<Station> {
  return Station.create({ profile: 'lab', dataDir: tempDir(), shell: 'cli', ...options })
}

export const LAB_WIFI = { ssid: 'LabNet', password: 'provbench-lab' }
