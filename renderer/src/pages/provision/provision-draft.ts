import type { Encoding, MethodId } from '../../../../preload/contract'

/** What the Provision form remembers while the user visits other pages. The password is deliberately not kept. */
export interface ProvisionDraft {
  method: MethodId | undefined
  ssid: string
  bssid: string
  deviceId: string
  confirmTimeoutS: string
  encoding: Encoding | ''
  /** smart-config sending, as typed; empty means the station's default. */
  sendIntervalMs: string
  sendCycles: string
  sendDurationS: string
  sessionId: string | undefined
}

let remembered: ProvisionDraft = {
  method: undefined,
  ssid: '',
  bssid: '',
  deviceId: '',
  confirmTimeoutS: '',
  encoding: '',
  sendIntervalMs: '',
  sendCycles: '',
  sendDurationS: '',
  sessionId: undefined,
}

export function rememberedDraft(): ProvisionDraft {
  return remembered
}

export function rememberDraft(draft: ProvisionDraft): void {
  remembered = draft
}
