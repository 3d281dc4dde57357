import { useTranslation } from 'react-i18next'
import type { FailureCause } from '../../../../preload/contract'
import './CauseView.css'

/** Why a session failed and what to do about it; the texts come from main's diagnosis as they are. */
export function CauseView({ cause }: { cause: FailureCause }) {
  const { t } = useTranslation()
  return (
    <section className="cause-view" aria-label={t('cause.label')}>
      <h3>{cause.title}</h3>
      {cause.failedStep && (
        <div className="muted">
          {t('cause.failedStep')}: <span className="mono">{cause.failedStep}</span>
        </div>
      )}
      <p>{cause.explanation}</p>
      <div className="cause-advice">
        <strong>{t('cause.advice')}</strong>
        <p>{cause.advice}</p>
      </div>
      {cause.evidence.length > 0 && (
        <div>
          <strong>{t('cause.evidence')}</strong>
          <ul className="cause-evidence">
            {cause.evidence.map((item, index) => (
              <li key={index}>
                <span className="cause-evidence-kind">{item.kind}</span> <span className="mono">{item.text}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
