import type { UiLanguage } from './language'

const numberFormats = new Map<string, Intl.NumberFormat>()

function unitFormat(language: UiLanguage, unit: 'millisecond' | 'second' | 'minute' | 'hour', maximumFractionDigits = 0) {
  const key = `${language} ${unit} ${maximumFractionDigits}`
  let format = numberFormats.get(key)
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits })
    numberFormats.set(key, format)
  }
  return format
}

/** A step or session length as an engineer reads it: "850 ms", "12.4 s", "2 min 05 s", in the UI language. */
export function formatDuration(ms: number, language: UiLanguage): string {
  if (!Number.isFinite(ms)) return '–'
  const value = Math.max(0, ms)
  if (value < 1_000) return unitFormat(language, 'millisecond').format(Math.round(value))
  if (value < 60_000) return unitFormat(language, 'second', value < 10_000 ? 2 : 1).format(value / 1_000)
  if (value < 3_600_000) {
    const minutes = Math.floor(value / 60_000)
    const seconds = Math.floor((value % 60_000) / 1_000)
    return joinUnits(language, unitFormat(language, 'minute').format(minutes), unitFormat(language, 'second').format(seconds))
  }
  const hours = Math.floor(value / 3_600_000)
  const minutes = Math.floor((value % 3_600_000) / 60_000)
  return joinUnits(language, unitFormat(language, 'hour').format(hours), unitFormat(language, 'minute').format(minutes))
}

function joinUnits(language: UiLanguage, a: string, b: string): string {
  return language === 'zh-CN' ? `${a}${b}` : `${a} ${b}`
}

/** Axis labels: short, and the same unit across one axis so the ticks compare at a glance. */
export function formatAxisTick(ms: number, spanMs: number, language: UiLanguage): string {
  if (spanMs < 2_000) return unitFormat(language, 'millisecond').format(Math.round(ms))
  if (spanMs < 120_000) return unitFormat(language, 'second', spanMs < 10_000 ? 1 : 0).format(ms / 1_000)
  return unitFormat(language, 'minute', 1).format(ms / 60_000)
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

export function formatDateTime(epochMs: number, language: UiLanguage): string {
  let format = dateFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' })
    dateFormats.set(language, format)
  }
  return format.format(epochMs)
}

const shortDateFormats = new Map<string, Intl.DateTimeFormat>()

/** Compact form for table cells. */
export function formatDateTimeShort(epochMs: number, language: UiLanguage): string {
  let format = shortDateFormats.get(language)
  if (!format) {
    format = new Intl.DateTimeFormat(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
    shortDateFormats.set(language, format)
  }
  return format.format(epochMs)
}
