import { describe, expect, it } from 'vitest'
import { createLogger, redact, registerSecret } from '../../../main/runtime/log'

describe('the logger', () => {
  it('scrubs registered secrets from messages and fields, and secret-named fields entirely', () => {
    const lines: string[] = []
    const log = createLogger('test', { write: (level, scope, message, fields) => lines.push(`${level} ${scope} ${message} ${JSON.stringify(fields)}`) }, 'debug')
    registerSecret('hunter2-wifi')
    log.info('joining with hunter2-wifi now', { note: 'pw=hunter2-wifi', password: 'abc', ssid: 'LabNet' })
    expect(lines[0]).not.toContain('hunter2-wifi')
    expect(lines[0]).not.toContain('abc')
    expect(lines[0]).toContain('***')
    expect(lines[0]).toContain('LabNet')
    expect(redact('x hunter2-wifi y')).toBe('x *** y')
  })
})
