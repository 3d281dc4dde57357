import { describe, expect, it } from 'vitest'
import { settingsDraftFrom, validateSettingsDraft } from '../../../renderer/src/pages/settings/settings-draft'

describe('Settings form draft', () => {
  const settings = { language: 'auto' as const, confirmTimeoutMs: 60_000, frameStoreLimit: 200_000 }

  it('round-trips the station settings, seconds shown for the timeout', () => {
    const draft = settingsDraftFrom(settings)
    expect(draft.confirmTimeoutS).toBe('60')
    expect(validateSettingsDraft(draft)).toEqual({
      value: { ...settings, captureInterface: '', captureFilter: '' },
      problems: {},
    })
  })

  it('names each field the contract rejects, and offers nothing to save', () => {
    const result = validateSettingsDraft({
      ...settingsDraftFrom(settings),
      confirmTimeoutS: '0.2',
      frameStoreLimit: '',
      captureInterface: 'x'.repeat(65),
    })
    expect(result.value).toBeUndefined()
    expect(Object.keys(result.problems).sort()).toEqual(['captureInterface', 'confirmTimeoutS', 'frameStoreLimit'])
  })
})
