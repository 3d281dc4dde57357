import { describe, expect, it } from 'vitest'
import { StartSession } from '../../../preload/contract'
import { issuesByField } from '../../../renderer/src/pages/provision/contract-issues'

describe('placing main’s invalid-input issues next to the fields', () => {
  it('maps the paths main produces for a StartSession rejected by the contract schema', () => {
    // The same shape main's dispatcher builds from a zod error: path segments joined with ".".
    const parsed = StartSession.safeParse({
      method: 'webcam-config',
      target: { ssid: 'x'.repeat(33), password: 'p'.repeat(65) },
      options: { confirmTimeoutMs: 5 },
    })
    expect(parsed.success).toBe(false)
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    const { fields, general } = issuesByField(issues)
    expect(Object.keys(fields).sort()).toEqual(['confirmTimeout', 'password', 'ssid'])
    expect(fields.ssid).toContain('32 bytes')
    expect(general).toEqual([])
  })

  it('accepts slashed and JSON-pointer paths, joins several issues on one field, and keeps unknown ones general', () => {
    const { fields, general } = issuesByField([
      { path: '/target/bssid', message: 'bad' },
      { path: 'target/bssid', message: 'worse' },
      { path: 'deviceId', message: 'unknown device' },
      { path: 'somewhere.else', message: 'odd' },
      { path: '', message: 'whole request' },
    ])
    expect(fields).toEqual({ bssid: 'bad worse', device: 'unknown device' })
    expect(general).toEqual(['somewhere.else: odd', 'whole request'])
  })

  it('places smart-config pacing issues on their fields', () => {
    const parsed = StartSession.safeParse({
      method: 'smart-config',
      target: { ssid: 'LabNet', password: '' },
      options: { sendIntervalMs: 0, sendCycles: 0.5, sendDurationMs: 5 },
    })
    const issues = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    expect(Object.keys(issuesByField(issues).fields).sort()).toEqual(['sendCycles', 'sendDuration', 'sendInterval'])
  })
})
