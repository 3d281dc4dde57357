import { memo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FrameFilter } from '../../../../preload/contract'

/** The filter bar: the expression language (parsed in main) plus a one-click "provisioning-related only". */
export const FilterBar = memo(function FilterBar({ applied, problem, onApply }: { applied: FrameFilter; problem: string | undefined; onApply(filter: FrameFilter): void }) {
  const { t } = useTranslation()
  const [expr, setExpr] = useState(applied.expr ?? '')
  // Local state, so the box ticks at once; main checks the filter before the table switches to it.
  const [provisioning, setProvisioning] = useState(applied.provisioning === true)
  const apply = (next: { expr?: string; provisioning?: boolean }) => {
    if (next.provisioning !== undefined) setProvisioning(next.provisioning)
    const text = (next.expr ?? expr).trim()
    const prov = next.provisioning ?? provisioning
    onApply({ ...(text ? { expr: text } : {}), ...(prov ? { provisioning: true } : {}) })
  }
  return (
    <form
      className="frames-filter row"
      role="search"
      onSubmit={(event) => {
        event.preventDefault()
        apply({})
      }}
    >
      <label className="frames-filter-expr">
        <span>{t('frames.filterLabel')}</span>
        <input
          type="text"
          className="mono"
          value={expr}
          placeholder={t('frames.filterPlaceholder')}
          aria-invalid={problem ? true : undefined}
          aria-describedby="frames-filter-help"
          spellCheck={false}
          onChange={(event) => setExpr(event.target.value)}
        />
      </label>
      <button type="submit">{t('frames.applyFilter')}</button>
      <button
        type="button"
        onClick={() => {
          setExpr('')
          apply({ expr: '', provisioning: false })
        }}
      >
        {t('frames.clearFilter')}
      </button>
      <label className="row">
        <input type="checkbox" checked={provisioning} onChange={(event) => apply({ provisioning: event.target.checked })} />
        {t('frames.provisioningOnly')}
      </label>
      <div id="frames-filter-help" className={problem ? 'field-error' : 'muted frames-filter-help'} role={problem ? 'alert' : undefined}>
        {problem ?? t('frames.filterHelp')}
      </div>
    </form>
  )
})
