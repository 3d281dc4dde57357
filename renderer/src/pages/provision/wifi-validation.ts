// Client-side checks that mirror the contract (preload/contract/common.ts), so the user hears about a bad field
// before main does. Messages are i18n keys with values; the page translates them.

export interface FieldProblem {
  key: string
  values?: Record<string, string | number>
}

export interface WifiTargetDraft {
  ssid: string
  bssid: string
  password: string
}

export type WifiField = keyof WifiTargetDraft

const encoder = new TextEncoder()
export const utf8Bytes = (text: string): number => encoder.encode(text).length

export const SSID_MAX_BYTES = 32
export const PASSWORD_MAX_BYTES = 64

export function checkSsid(ssid: string): FieldProblem | undefined {
  const bytes = utf8Bytes(ssid)
  if (bytes === 0) return { key: 'validation.ssidRequired' }
  if (bytes > SSID_MAX_BYTES) return { key: 'validation.ssidTooLong', values: { bytes, max: SSID_MAX_BYTES } }
  return undefined
}

export function checkPassword(password: string): FieldProblem | undefined {
  const bytes = utf8Bytes(password)
  if (bytes > PASSWORD_MAX_BYTES) return { key: 'validation.passwordTooLong', values: { bytes, max: PASSWORD_MAX_BYTES } }
  return undefined
}

/** Empty is fine (BSSID is optional); otherwise 12 hex digits, optionally separated by ":" or "-". */
export function checkBssid(bssid: string): FieldProblem | undefined {
  const trimmed = bssid.trim()
  if (trimmed === '') return undefined
  const digits = trimmed.replace(/[:-]/g, '')
  if (!/^[0-9a-fA-F]*$/.test(digits)) return { key: 'validation.bssidNotHex' }
  if (digits.length !== 12) return { key: 'validation.bssidLength', values: { digits: digits.length } }
  return undefined
}

export function validateWifiTarget(draft: WifiTargetDraft): Partial<Record<WifiField, FieldProblem>> {
  const problems: Partial<Record<WifiField, FieldProblem>> = {}
  const ssid = checkSsid(draft.ssid)
  if (ssid) problems.ssid = ssid
  const bssid = checkBssid(draft.bssid)
  if (bssid) problems.bssid = bssid
  const password = checkPassword(draft.password)
  if (password) problems.password = password
  return problems
}

export const CONFIRM_TIMEOUT_MIN_S = 1
export const CONFIRM_TIMEOUT_MAX_S = 900

/** Seconds as typed; the contract wants whole milliseconds between 1 s and 900 s. */
export function checkConfirmTimeout(seconds: string): FieldProblem | undefined {
  if (seconds.trim() === '') return undefined
  const value = Number(seconds)
  if (!Number.isFinite(value) || value < CONFIRM_TIMEOUT_MIN_S || value > CONFIRM_TIMEOUT_MAX_S) {
    return { key: 'validation.confirmTimeoutRange', values: { min: CONFIRM_TIMEOUT_MIN_S, max: CONFIRM_TIMEOUT_MAX_S } }
  }
  return undefined
}

/** An optional whole number typed as text: empty means "station default". */
export function checkOptionalInt(text: string, min: number, max: number): FieldProblem | undefined {
  if (text.trim() === '') return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) return { key: 'validation.intRange', values: { min, max } }
  return undefined
}
