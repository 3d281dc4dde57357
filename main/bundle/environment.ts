import os from 'node:os'
import type { BundleEnvironment, Profile, RadioState, Settings } from '../../preload/contract'
import type { Lab } from '../lab/lab'
import { probeRadio } from '../radio/host/probe'
import { appVersion } from '../runtime/version'

export interface EnvironmentParts {
  profile: Profile
  shell: string
  radios: RadioState[]
  settings?: Settings
  lab?: Lab
}

// Only these settings travel: each is a plain preference, none can hold a secret.
const SETTINGS_KEPT = ['language', 'confirmTimeoutMs', 'captureInterface', 'captureFilter', 'frameStoreLimit'] as const

export function osFacts(): BundleEnvironment['os'] {
  return {
    platform: process.platform,
    release: os.release(),
    arch: process.arch,
    node: process.version,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
  }
}

/** The station as a support engineer needs it: versions, adapters and their state, settings, the lab's knobs. */
export function captureEnvironment(parts: EnvironmentParts, when: BundleEnvironment['when'], now = Date.now()): BundleEnvironment {
  const settings: BundleEnvironment['settings'] = {}
  for (const key of SETTINGS_KEPT) {
    const value = parts.settings?.[key]
    if (value !== undefined) settings[key] = value
  }
  const view = parts.lab?.view()
  return {
    capturedAt: now,
    when,
    app: { name: 'Provbench', version: appVersion(), shell: parts.shell, profile: parts.profile },
    os: osFacts(),
    radios: parts.radios,
    settings,
    ...(view
      ? {
          lab: {
            scenarioName: view.scenarioName,
            seed: view.seed,
            airKnobs: view.airKnobs,
            routers: view.routers.map((r) => ({ id: r.id, ssid: r.ssid, bssid: r.bssid, channel: r.channel, band: r.band, security: r.security, knobs: r.knobs })),
            devices: view.devices.map((d) => ({ id: d.id, kind: d.kind, label: d.label, model: d.model, state: d.state, knobs: d.knobs })),
          },
        }
      : {}),
  }
}

/**
 * The environment of a session that has no record (older sessions, a copied data folder), as far as this machine
 * can tell now: hardware drivers are probed in child processes; lab sessions had the lab's radios.
 */
export async function environmentAtExport(profile: Profile): Promise<BundleEnvironment> {
  const radios: RadioState[] =
    profile === 'lab'
      ? (['ble', 'wifi', 'capture', 'lan'] as const).map((radio) => ({ radio, status: 'ready' as const, driver: 'lab' }))
      : await Promise.all((['ble', 'wifi', 'capture'] as const).map((radio) => probeRadio(radio, { timeoutMs: 8_000 })))
  return captureEnvironment({ profile, shell: 'cli', radios }, 'export')
}
