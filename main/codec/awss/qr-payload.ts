import { type Result, fail, ok } from '../result'

// Camera QR provisioning (seed: "Camera QR code provisioning"): the app shows JSON
// {"v":"Ali_1","s":SSID,"p":password,"b":BSSID-hex,"t":token}; t is a 3-byte random as 6 hex digits.
export const QR_VERSION = 'Ali_1'

export interface QrFields {
  ssid: string
  password: string
  /** 12 hex digits, no separators (the seed calls it a hex string). */
  bssidHex: string
  /** 6 hex digits (3 random bytes); optional per the seed. */
  tokenHex?: string
}

export interface QrInputProblem {
  field: 'ssid' | 'password' | 'bssid' | 'token'
  message: string
}

const utf8 = new TextEncoder()

/** Accepts "aa:bb:cc:dd:ee:ff", "aa-bb-..." or "aabbccddeeff"; returns 12 uppercase hex digits or a problem. */
export function normalizeBssid(input: string): Result<string, QrInputProblem> {
  const digits = input.trim().replace(/[:\-\s]/g, '')
  if (!/^[0-9a-fA-F]*$/.test(digits)) {
    return { ok: false, error: { field: 'bssid', message: 'BSSID must contain only hex digits (0-9, A-F), optionally separated by ":" or "-".' } }
  }
  if (digits.length !== 12) {
    return {
      ok: false,
      error: { field: 'bssid', message: `BSSID must be 12 hex digits (6 bytes); "${input.trim()}" has ${digits.length}.` },
    }
  }
  return ok(digits.toUpperCase())
}

export function validateQrFields(fields: { ssid: string; password: string; bssid: string; tokenHex?: string }): QrInputProblem[] {
  const problems: QrInputProblem[] = []
  const ssidBytes = utf8.encode(fields.ssid).length
  if (ssidBytes < 1 || ssidBytes > 32) {
    problems.push({ field: 'ssid', message: `SSID must be 1 to 32 bytes in UTF-8; this one is ${ssidBytes}.` })
  }
  const passwordBytes = utf8.encode(fields.password).length
  if (passwordBytes > 64) {
    problems.push({ field: 'password', message: `Password must be at most 64 bytes; this one is ${passwordBytes}.` })
  }
  const bssid = normalizeBssid(fields.bssid)
  if (!bssid.ok) problems.push(bssid.error)
  if (fields.tokenHex !== undefined && !/^[0-9A-Fa-f]{6}$/.test(fields.tokenHex)) {
    problems.push({ field: 'token', message: 'Token must be 3 bytes written as 6 hex digits.' })
  }
  return problems
}

/** Key order is the seed's own: v, s, p, b, t. */
export function buildQrPayload(fields: QrFields): string {
  const payload: Record<string, string> = { v: QR_VERSION, s: fields.ssid, p: fields.password, b: fields.bssidHex }
  if (fields.tokenHex !== undefined) payload.t = fields.tokenHex.toUpperCase()
  return JSON.stringify(payload)
}

/** The payload with the password replaced, for display beside the QR and for logs. */
export function maskQrPayload(fields: QrFields): string {
  return buildQrPayload({ ...fields, password: '•'.repeat(Math.min(fields.password.length, 8)) })
}

/** Device side: what a camera firmware would accept from the scanned text. */
export function parseQrPayload(text: string): Result<QrFields> {
  if (text.length > 1024) return fail('QR text longer than 1024 characters', 1024)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return fail(`QR text is not JSON (${(error as Error).name})`, 0)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('QR JSON is not an object', 0)
  const record = value as Record<string, unknown>
  if (record.v !== QR_VERSION) return fail(`QR version is not ${QR_VERSION}`, 0)
  if (typeof record.s !== 'string' || typeof record.p !== 'string' || typeof record.b !== 'string') {
    return fail('QR JSON lacks one of the string fields s, p, b', 0)
  }
  if (record.t !== undefined && typeof record.t !== 'string') return fail('QR field t is not a string', 0)
  const problems = validateQrFields({ ssid: record.s, password: record.p, bssid: record.b, tokenHex: record.t as string | undefined })
  if (problems.length > 0) return fail(`QR field ${problems[0].field} invalid`, 0)
  return ok({ ssid: record.s, password: record.p, bssidHex: record.b.toUpperCase(), tokenHex: record.t as string | undefined })
}
