import { afterEach, describe, expect, it } from 'vitest'
import { Lab } from '../../main/lab/lab'
import { deviceKinds } from '../../main/lab/devices/registry'
import { loadScenario } from '../../main/lab/scenario'
import { methodDefinitions } from '../../main/methods/registry'
import { realClock } from '../../main/runtime/clock'
import { createLogger } from '../../main/runtime/log'
import { allLabKnobCases, knobName, type LabKnobCase, type LabKnobRef } from '../../main/sessions/diagnosis/lab-knobs'
import { Screen } from '../../main/sessions/screen'
import { defaultStationScenario } from './diagnosis-support'
import type { Station } from '../../main/station'
import { LAB_WIFI, labStation } from '../support/station'

// The lab's fault knobs are the diagnosis test bench: every knob that exists (device kinds from the registry, router
// and air knobs from the lab's own specs) must have at least one case in main/sessions/diagnosis/lab-knobs/, and
// every case runs a real lab session and checks the cause the diagnosis names.

function discoverKnobs(): string[] {
  const lab = new Lab(loadScenario(defaultStationScenario()), realClock, createLogger('knob-discovery'), new Screen())
  const specs = lab.view().knobSpecs
  return [
    ...specs.air.map((k) => knobName({ scope: 'air', knob: k.name })),
    ...specs.router.map((k) => knobName({ scope: 'router', knob: k.name })),
    ...deviceKinds.flatMap((kind) => kind.knobs.map((k) => knobName({ scope: 'device', deviceKind: kind.kind, knob: k.name }))),
  ]
}

describe('lab knobs and the causes they must produce', () => {
  const knobs = discoverKnobs()
  const cases = allLabKnobCases()

  it('discovers knobs from the registry and the lab (sanity: the webcam camera and the router are there)', () => {
    expect(knobs).toContain('device:webcam-camera.inView')
    expect(knobs).toContain('router:enabled')
    expect(knobs).toContain('air:loss')
  })

  it('every knob that exists has an expected cause', () => {
    const covered = new Set(cases.map((c) => knobName(c)))
    const missing = knobs.filter((k) => !covered.has(k))
    expect(
      missing,
      missing.length === 0
        ? ''
        : `Lab knob(s) without an expected cause: ${missing.join(', ')}. Add a case for each to main/sessions/diagnosis/lab-knobs/<family>.ts ` +
            '(the knob value, the method, and the cause id a session must end with, or "succeeded").',
    ).toEqual([])
  })

  it('every case names a knob that exists and a method this version implements', () => {
    const known = new Set(knobs)
    const methods = new Set(methodDefinitions.map((m) => m.id))
    for (const c of cases) {
      for (const ref of [c, ...(c.also ?? [])]) expect(known.has(knobName(ref)), `case for ${knobName(c)}: no lab knob ${knobName(ref)}`).toBe(true)
      expect(methods.has(c.method), `case for ${knobName(c)}: method ${c.method} is not in main/methods/registry.ts`).toBe(true)
    }
  })
})

let station: Station | undefined
afterEach(async () => {
  await station?.close()
  station = undefined
})

describe.each(allLabKnobCases().map((c) => [`${knobName(c)} = ${String(c.value)} (${c.method})`, c] as const))('%s', (_name, knobCase) => {
  it(`ends ${knobCase.expect === 'succeeded' ? 'succeeded' : `with cause ${knobCase.expect}`}: ${knobCase.because}`, async () => {
    station = await labStation()
    const session = await runKnobCase(station, knobCase)
    const summary = `${session.outcome}${session.cause ? ` ${session.cause.id}: ${session.cause.evidence.map((e) => e.text).join(' | ')}` : ''}`
    if (knobCase.expect === 'succeeded') expect(session.outcome, summary).toBe('succeeded')
    else {
      expect(session.outcome, summary).toBe('failed')
      expect(session.cause?.id, summary).toBe(knobCase.expect)
    }
  }, 60_000)
})

async function runKnobCase(station: Station, knobCase: LabKnobCase) {
  const lab = station.lab!
  const kind = knobCase.scope === 'device' ? knobCase.deviceKind! : undefined
  const fits = (d: { kind: string; methods: string[] }) => (kind ? d.kind === kind : d.methods.includes(knobCase.method))
  let device = lab.allDevices().find(fits)
  if (!device) device = await lab.addDevice(kind ?? deviceKinds.find((k) => k.methods.includes(knobCase.method))!.kind)
  // Only the device under test may answer this method, so no other lab device turns a fault into a success.
  for (const other of lab.allDevices()) if (other !== device && other.methods.includes(knobCase.method)) await lab.removeDevice(other.spec.id)
  const apply = (ref: LabKnobRef) =>
    lab.setKnob(ref.scope, ref.scope === 'device' ? device!.spec.id : ref.scope === 'router' ? (ref.routerId ?? 'labnet') : undefined, ref.knob, ref.value)
  for (const ref of knobCase.also ?? []) apply(ref)
  apply(knobCase)
  const started = await station.runner.start({
    method: knobCase.method,
    target: { ssid: knobCase.target?.ssid ?? LAB_WIFI.ssid, password: knobCase.target?.password ?? LAB_WIFI.password, ...(knobCase.target?.bssid ? { bssid: knobCase.target.bssid } : {}) },
    deviceId: device.spec.id,
    options: { confirmTimeoutMs: 5_000, ...knobCase.options },
  })
  await station.runner.wait(started.id)
  // The stored session is what the UI, the Timing view and bundles show (its cause includes the frame evidence).
  return station.store.get(started.id)!
}
