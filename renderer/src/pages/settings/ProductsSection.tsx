import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { parseProductId, type ProductView } from '../../../../preload/contract'
import { asContractCallError, type ContractCallError } from '../../client/contract-error'
import { useClient, useCommand } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { FormField } from '../../components/common/FormField'

const EMPTY_PRODUCT = { productKey: '', model: '', productId: '', productSecret: '' }
const EMPTY_DEVICE = { productKey: '', deviceName: '', deviceSecret: '' }

/**
 * Products for real devices: smart-config encrypts the password with the productSecret, Breeze devices authenticate
 * with it (or with their own deviceSecret). Secrets are typed in and sent to main; the page never gets one back and
 * clears its fields once main has them.
 */
export function ProductsSection() {
  const { t } = useTranslation()
  const client = useClient()
  const products = useCommand('products.list', {})
  const [product, setProduct] = useState(EMPTY_PRODUCT)
  const [device, setDevice] = useState(EMPTY_DEVICE)
  const [failure, setFailure] = useState<{ action: string; error: ContractCallError } | undefined>(undefined)
  const [busy, setBusy] = useState(false)

  const act = async (action: string, run: () => Promise<ProductView[]>): Promise<boolean> => {
    setBusy(true)
    setFailure(undefined)
    try {
      const list = await run()
      products.setData(() => list)
      return true
    } catch (error) {
      setFailure({ action, error: asContractCallError(error) })
      return false
    } finally {
      setBusy(false)
    }
  }

  const productId = parseProductId(product.productId)
  const saved = (products.data ?? []).filter((p) => p.source === 'saved')

  const saveProduct = async (event: FormEvent) => {
    event.preventDefault()
    if (productId === 'invalid') return
    const ok = await act(t('products.saveFailed'), () =>
      client.call('products.save', {
        productKey: product.productKey,
        ...(product.model.trim() ? { model: product.model } : {}),
        ...(productId !== undefined ? { productId } : {}),
        ...(product.productSecret ? { productSecret: product.productSecret } : {}),
      }),
    )
    if (ok) setProduct(EMPTY_PRODUCT)
    else setProduct((p) => ({ ...p, productSecret: '' }))
  }

  const saveDeviceSecret = async (event: FormEvent) => {
    event.preventDefault()
    const ok = await act(t('products.deviceSaveFailed'), () => client.call('products.saveDeviceSecret', { ...device, productKey: device.productKey || saved[0]?.productKey || '' }))
    setDevice(ok ? EMPTY_DEVICE : (d) => ({ ...d, deviceSecret: '' }))
  }

  return (
    <section className="panel stack products-section" aria-labelledby="products-title">
      <h2 id="products-title">{t('products.title')}</h2>
      <p className="muted">{t('products.intro')}</p>
      <ErrorNotice error={products.error} />
      <table className="data" aria-label={t('products.tableLabel')}>
        <thead>
          <tr>
            <th>{t('products.productKey')}</th>
            <th>{t('products.model')}</th>
            <th>{t('products.productId')}</th>
            <th>{t('products.source')}</th>
            <th>{t('products.secret')}</th>
            <th>{t('products.deviceSecrets')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(products.data ?? []).map((p) => (
            <tr key={`${p.source}:${p.productKey}`}>
              <td className="mono">{p.productKey}</td>
              <td>{p.model ?? ''}</td>
              <td className="mono">{p.productId !== undefined ? `${p.productId} (0x${p.productId.toString(16)})` : ''}</td>
              <td>{t(`products.sources.${p.source}`)}</td>
              <td>{p.hasSecret ? t('products.secretSaved') : <strong>{t('products.secretMissing')}</strong>}</td>
              <td className="mono">{p.devicesWithSecret.join(', ')}</td>
              <td>
                {p.source === 'saved' && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void act(t('products.removeFailed', { key: p.productKey }), () => client.call('products.remove', { productKey: p.productKey }))}
                  >
                    {t('products.remove')}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {products.data?.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                {t('products.none')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <ErrorNotice error={failure?.error} action={failure?.action} />
      <form className="stack settings-form" onSubmit={saveProduct} noValidate aria-label={t('products.addTitle')} autoComplete="off">
        <h3>{t('products.addTitle')}</h3>
        <FormField label={t('products.productKey')}>
          {(control) => <input {...control} className="mono" spellCheck={false} value={product.productKey} onChange={(e) => setProduct({ ...product, productKey: e.target.value })} />}
        </FormField>
        <FormField label={t('products.model')}>
          {(control) => <input {...control} value={product.model} onChange={(e) => setProduct({ ...product, model: e.target.value })} />}
        </FormField>
        <FormField label={t('products.productId')} hint={t('products.productIdHint')} error={productId === 'invalid' ? t('products.productIdInvalid') : undefined}>
          {(control) => <input {...control} className="mono" spellCheck={false} value={product.productId} onChange={(e) => setProduct({ ...product, productId: e.target.value })} />}
        </FormField>
        <FormField label={t('products.productSecret')} hint={t('products.productSecretHint')}>
          {(control) => (
            <input {...control} data-secret type="password" autoComplete="new-password" value={product.productSecret} onChange={(e) => setProduct({ ...product, productSecret: e.target.value })} />
          )}
        </FormField>
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !product.productKey.trim() || productId === 'invalid'}>
            {t('products.save')}
          </button>
        </div>
      </form>
      {saved.length > 0 && (
        <form className="stack settings-form" onSubmit={saveDeviceSecret} noValidate aria-label={t('products.deviceTitle')} autoComplete="off">
          <h3>{t('products.deviceTitle')}</h3>
          <FormField label={t('products.productKey')}>
            {(control) => (
              <select {...control} value={device.productKey || saved[0].productKey} onChange={(e) => setDevice({ ...device, productKey: e.target.value })}>
                {saved.map((p) => (
                  <option key={p.productKey} value={p.productKey}>
                    {p.productKey}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label={t('products.deviceName')}>
            {(control) => <input {...control} className="mono" spellCheck={false} value={device.deviceName} onChange={(e) => setDevice({ ...device, deviceName: e.target.value })} />}
          </FormField>
          <FormField label={t('products.deviceSecret')}>
            {(control) => (
              <input {...control} data-secret type="password" autoComplete="new-password" value={device.deviceSecret} onChange={(e) => setDevice({ ...device, deviceSecret: e.target.value })} />
            )}
          </FormField>
          <div className="row">
            <button type="submit" disabled={busy || !device.deviceName.trim() || !device.deviceSecret}>
              {t('products.deviceSave')}
            </button>
          </div>
        </form>
      )}
    </section>
  )
}
