import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseScenario, loadScenario } from '../../../main/lab/scenario'
import { VirtualClock } from '../../../main/runtime/clock'
import { seededRandom } from '../../../main/runtime/random'
import { defaultScenarioFile } from '../../../main/station'
import { tempDir } from '../../support/station'

describe('VirtualClock', () => {
  it('fires timers in time order only when advanced', async () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    clock.timer(300, () => fired.push('b'))
    clock.timer(100, () => fired.push('a'))
    const sleeping = clock.sleep(200).then(() => fired.push('sleep'))
    await clock.advance(150)
    expect(fired).toEqual(['a'])
    await clock.advance(200)
    await sleeping
    expect(fired).toEqual(['a', 'sleep', 'b'])
    expect(clock.now()).toBe(350)
  })
})

describe('seeded random source', () => {
  it('replays the same sequence for the same seed', () => {
    expect(Array.from(seededRandom(7).bytes(8))).toEqual(Array.from(seededRandom(7).bytes(8)))
    expect(Array.from(seededRandom(7).bytes(8))).not.toEqual(Array.from(seededRandom(8).bytes(8)))
  })
})

describe('lab scenarios', () => {
  it('the shipped default has LabNet (2.4 GHz WPA2) and LabNet-5G (5 GHz only) with the documented password', () => {
    const scenario = loadScenario(defaultScenarioFile())
    expect(scenario.routers.find((r) => r.ssid === 'LabNet')).toMatchObject({ band: '2.4GHz', security: 'wpa2', password: 'provbench-lab' })
    expect(scenario.routers.find((r) => r.ssid === 'LabNet-5G')).toMatchObject({ band: '5GHz', security: 'wpa2', password: 'provbench-lab' })
  })

  it('explains what is wrong with a bad scenario', () => {
    expect(() => parseScenario({ name: 'x', products: [], routers: [] }, 'x.json')).toThrow(/routers/)
    expect(() =>
      parseScenario({ name: 'x', products: [], routers: [{ id: 'r', ssid: 's', bssid: 'zz', channel: 1, band: '2.4GHz', security: 'open' }], devices: [] }, 'x.json'),
    ).toThrow(/bssid.*aa:bb/i)
    const file = path.join(tempDir(), 'broken.json')
    fs.writeFileSync(file, '{ not json')
    expect(() => loadScenario(file)).toThrow(/not valid JSON/)
    expect(() => loadScenario(path.join(tempDir(), 'missing.json'))).toThrow(/ENOENT/)
  })
})
