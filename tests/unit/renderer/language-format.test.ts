import { describe, expect, it } from 'vitest'
import { formatAxisTick, formatDateTime, formatDuration } from '../../../renderer/src/i18n/format'
import { resolveLanguage } from '../../../renderer/src/i18n/language'

describe('UI language', () => {
  it('auto follows the system language: any Chinese tag gives Simplified Chinese, anything else English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-TW', 'zh-Hans-CN', 'ZH-cn']) expect(resolveLanguage('auto', tag)).toBe('zh-CN')
    for (const tag of ['en-US', 'de-DE', 'fr', '', undefined]) expect(resolveLanguage('auto', tag)).toBe('en')
    expect(resolveLanguage(undefined, 'zh-CN')).toBe('zh-CN')
  })

  it('an explicit setting wins over the system language', () => {
    expect(resolveLanguage('en', 'zh-CN')).toBe('en')
    expect(resolveLanguage('zh-CN', 'en-GB')).toBe('zh-CN')
  })
})

describe('locale formatting', () => {
  it('durations pick a readable unit, in the UI language', () => {
    expect(formatDuration(850, 'en')).toBe('850 ms')
    expect(formatDuration(1_234, 'en')).toBe('1.23 sec')
    expect(formatDuration(42_500, 'en')).toBe('42.5 sec')
    expect(formatDuration(125_000, 'en')).toBe('2 min 5 sec')
    expect(formatDuration(3_720_000, 'en')).toBe('1 hr 2 min')
    expect(formatDuration(850, 'zh-CN')).toBe('850毫秒')
    expect(formatDuration(125_000, 'zh-CN')).toBe('2分钟5秒')
    expect(formatDuration(-5, 'en')).toBe('0 ms')
    expect(formatDuration(Number.NaN, 'en')).toBe('–')
  })

  it('axis ticks share one unit chosen from the span', () => {
    expect(formatAxisTick(500, 1_000, 'en')).toBe('500 ms')
    expect(formatAxisTick(2_000, 8_000, 'en')).toBe('2 sec')
    expect(formatAxisTick(90_000, 600_000, 'en')).toBe('1.5 min')
  })

  it('dates follow the locale’s conventions', () => {
    const at = Date.UTC(2026, 10, 26, 7, 5, 9)
    expect(formatDateTime(at, 'zh-CN')).toMatch(/2026年11月26日/)
    expect(formatDateTime(at, 'en')).toMatch(/Nov 26, 2026/)
  })
})
