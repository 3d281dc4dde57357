import type { FieldIssue } from '../../client/contract-error'

export type ProvisionField =
  | 'method'
  | 'ssid'
  | 'bssid'
  | 'password'
  | 'device'
  | 'confirmTimeout'
  | 'encoding'
  | 'sendInterval'
  | 'sendCycles'
  | 'sendDuration'

const FIELD_BY_PATH: Record<string, ProvisionField> = {
  method: 'method',
  'target.ssid': 'ssid',
  'target.bssid': 'bssid',
  'target.password': 'password',
  deviceId: 'device',
  'options.confirmTimeoutMs': 'confirmTimeout',
  'options.encoding': 'encoding',
  'options.sendIntervalMs': 'sendInterval',
  'options.sendCycles': 'sendCycles',
  'options.sendDurationMs': 'sendDuration',
}

/**
 * Places main's `invalid-input` issues next to the fields they are about. Paths may come dotted ("target.ssid"),
 * slashed or as JSON pointers; anything that matches no field is returned as `general`.
 */
export function issuesByField(issues: readonly FieldIssue[]): { fields: Partial<Record<ProvisionField, string>>; general: string[] } {
  const fields: Partial<Record<ProvisionField, string>> = {}
  const general: string[] = []
  for (const issue of issues) {
    const path = issue.path.replace(/^[#/]+/, '').split(/[./]/).filter(Boolean).join('.')
    const field = FIELD_BY_PATH[path]
    if (field) fields[field] = fields[field] ? `${fields[field]} ${issue.message}` : issue.message
    else general.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message)
  }
  return { fields, general }
}
