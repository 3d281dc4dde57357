import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import { AnalysisView } from '../../../renderer/src/pages/frames/awss-oracle-panel'
import { createI18n } from '../../../renderer/src/i18n/setup'
import { PRODUCT_SECRET } from '../codec/awss/helpers'
import { BCAST_26_LENGTHS, PHONE, bcastDestinations, beacon, relayedAir, runOracle } from './air-fixtures'

const secrets = [{ productKey: 'a1Example', secret: PRODUCT_SECRET }]
const render = (language: 'en' | 'zh-CN', analysis: Parameters<typeof AnalysisView>[0]['analysis']) =>
  renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(AnalysisView, { analysis })))

describe('Frames view: the oracle panel', () => {
  it('shows per sender what a device would do, the offset and why, times and positions; the password only as a length', () => {
    const analysis = runOracle([beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS))], { productSecrets: secrets }).analysis()
    const html = render('en', analysis)
    expect(html).toContain(PHONE)
    expect(html).toContain('decode it')
    expect(html).toContain('52 (CCMP, from the beacon)')
    expect(html).toContain('23 / 23')
    expect(html).toContain('MyWiFi')
    expect(html).toContain('8 bytes (decrypted with a1Example)')
    expect(html).not.toContain('12345678')
    expect(render('zh-CN', analysis)).toContain('解码成功')
  })

  it('shows a revealed password, and the cipher the device mis-detected when no beacon was heard', () => {
    const revealed = runOracle([beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS))], { productSecrets: secrets }).analysis({ reveal: true })
    expect(render('en', revealed)).toContain('<code>12345678</code>')
    const noBeacon = runOracle(relayedAir(bcastDestinations(BCAST_26_LENGTHS), { cycles: 2 }), { productSecrets: secrets }).analysis()
    const html = render('en', noBeacon)
    expect(html).toContain('44 (WEP, Duration rule, no beacon)')
    expect(html).toContain('would decode with the CCMP offset')
  })
})
