import { z } from 'zod'
import { command, stream } from './define'
import { Empty, MethodId } from './common'

export const Band = z.enum(['2.4GHz', '5GHz'])
export const Security = z.enum(['open', 'wpa2'])

/** Router as the Lab page sees it: the password stays in main, only whether one is set. */
export const LabRouterView = z.object({
  id: z.string(),
  ssid: z.string(),
  bssid: z.string(),
  channel: z.number().int(),
  band: Band,
  security: Security,
  hasPassword: z.boolean(),
  knobs: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
})
export type LabRouterView = z.infer<typeof LabRouterView>

export const LabDeviceView = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.string(),
  model: z.string(),
  methods: z.array(MethodId),
  state: z.string(),
  ip: z.string().optional(),
  joinedSsid: z.string().optional(),
  knobs: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
})
export type LabDeviceView = z.infer<typeof LabDeviceView>

export const KnobSpec = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['number', 'boolean', 'choice']),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  choices: z.array(z.string()).optional(),
})
export type KnobSpec = z.infer<typeof KnobSpec>

export const LabView = z.object({
  scenarioName: z.string(),
  seed: z.number().int(),
  routers: z.array(LabRouterView),
  devices: z.array(LabDeviceView),
  airKnobs: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  knobSpecs: z.object({
    air: z.array(KnobSpec),
    router: z.array(KnobSpec),
    device: z.record(z.string(), z.array(KnobSpec)),
  }),
  deviceKinds: z.array(z.object({ kind: z.string(), label: z.string(), methods: z.array(MethodId) })),
})
export type LabView = z.infer<typeof LabView>

export const KnobValue = z.union([z.number(), z.boolean(), z.string().max(200)])

export const lab = {
  view: command(Empty, LabView),
  addDevice: command(z.object({ kind: z.string().max(64), label: z.string().max(64).optional() }), LabDeviceView),
  removeDevice: command(z.object({ id: z.string() }), z.object({ removed: z.boolean() })),
  setKnob: command(
    z.object({ scope: z.enum(['air', 'router', 'device']), id: z.string().optional(), knob: z.string().max(64), value: KnobValue }),
    LabView,
  ),
  updated: stream(LabView),
}
