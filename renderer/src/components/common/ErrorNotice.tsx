import { useTranslation } from 'react-i18next'
import type { ContractCallError } from '../../client/contract-error'

/** A failed call, said plainly: what failed and what main answered. */
export function ErrorNotice({ error, action }: { error: ContractCallError | undefined; action?: string }) {
  const { t } = useTranslation()
  if (!error) return null
  return (
    <div role="alert" className="error-notice">
      <strong>{action ?? t('common.requestFailed')}</strong> {t(`errorCode.${error.code}`)}: {error.message}
    </div>
  )
}
