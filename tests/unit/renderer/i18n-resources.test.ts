import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeviceInfo, Encoding, ErrorCode, MethodId, Profile, RadioKind, RadioState, StationInfo, StepOutcome } from '../../../preload/contract'
import { routes } from '../../../renderer/src/app/routes'
import { en } from '../../../renderer/src/i18n/resources/en'
import { zhCN } from '../../../renderer/src/i18n/resources/zh-CN'
import { createI18n } from '../../../renderer/src/i18n/setup'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(full, value)
    else for (const [k, v] of flatten(value, full)) out.set(k, v)
  }
  return out
}

const enFlat = flatten(en as Tree)
const zhFlat = flatten(zhCN as Tree)
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort()

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return /\.tsx?$/.test(name) ? [full] : []
  })
}
const rendererSource = path.resolve(__dirname, '../../../renderer/src')

describe('UI text resources', () => {
  it('zh-CN has exactly the English keys, each with the same {{variables}}', () => {
    expect([...zhFlat.keys()].sort()).toEqual([...enFlat.keys()].sort())
    for (const [key, text] of enFlat) expect({ key, vars: variables(zhFlat.get(key)!) }).toEqual({ key, vars: variables(text) })
  })

  it('zh-CN is a real translation: no empty string, and nearly every text differs from English and has Chinese in it', () => {
    const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/
    const untranslated = [...enFlat].filter(([key, text]) => zhFlat.get(key) === text || !cjk.test(zhFlat.get(key)!)).map(([key]) => key)
    for (const [key, text] of [...enFlat, ...zhFlat]) expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false })
    // Technical names stay as they are in both languages (SSID, BSSID, IP, Wi-Fi, WPA2 ...).
    expect(untranslated.length).toBeLessThan(enFlat.size * 0.05)
    for (const key of untranslated) expect(enFlat.get(key)).toMatch(/^[A-Za-z0-9 .\-/{}()]*$/)
  })

  it('every literal key the renderer passes to t() exists', () => {
    const missing: string[] = []
    for (const file of sourceFiles(rendererSource)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt\(\s*'([^'$]+)'/g)) if (!enFlat.has(match[1])) missing.push(`${path.relative(rendererSource, file)}: ${match[1]}`)
      for (const match of text.matchAll(/key: '(validation\.[^']+)'/g)) if (!enFlat.has(match[1])) missing.push(`${path.relative(rendererSource, file)}: ${match[1]}`)
    }
    expect(missing).toEqual([])
  })

  it('keys built from contract values cover every value the contract can send', () => {
    const need = [
      ...MethodId.options.flatMap((id) => [`method.${id}.name`, `method.${id}.summary`]),
      ...StepOutcome.options.map((o) => `outcome.${o}`),
      ...[...ErrorCode.options, 'disconnected', 'timeout'].map((c) => `errorCode.${c}`),
      ...RadioKind.options.map((r) => `radio.${r}`),
      ...RadioState.shape.status.options.map((s) => `radioStatus.${s}`),
      ...Profile.options.map((p) => `profile.${p}`),
      ...StationInfo.shape.shell.options.map((s) => `shell.${s}`),
      ...Encoding.options.map((e) => `encoding.${e}`),
      ...DeviceInfo.shape.source.options.map((s) => `deviceSource.${s}`),
      ...routes.map((r) => r.labelKey),
    ]
    expect(need.filter((key) => !enFlat.has(key))).toEqual([])
  })

  it('the i18next instance switches language live and interpolates', async () => {
    const i18n = createI18n('en')
    expect(i18n.t('outcome.succeeded')).toBe('succeeded')
    expect(i18n.t('provision.bytesUsed', { bytes: 6, max: 32 })).toBe('6 / 32 bytes')
    await i18n.changeLanguage('zh-CN')
    expect(i18n.t('outcome.succeeded')).toBe('成功')
    expect(i18n.t('provision.bytesUsed', { bytes: 6, max: 32 })).toBe('6 / 32 字节')
  })
})
