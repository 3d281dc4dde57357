import { useTranslation } from 'react-i18next'
import type { StepOutcome } from '../../../../preload/contract'
import './OutcomeBadge.css'

/** Session and step outcomes share one vocabulary and one colour per outcome. */
export function OutcomeBadge({ outcome }: { outcome: StepOutcome }) {
  const { t } = useTranslation()
  return (
    <span className={`outcome-badge outcome-${outcome}`} data-outcome={outcome}>
      {t(`outcome.${outcome}`)}
    </span>
  )
}
