import { memo, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FrameDetail, FrameDetailNode } from '../../../../preload/contract'
import { useCommand } from '../../client/hooks'
import { ErrorNotice } from '../../components/common/ErrorNotice'
import { deepestNodeAt } from './frame-window'
import { HexView } from './HexView'

const samePath = (a: number[] | undefined, b: number[]) => a !== undefined && a.length === b.length && a.every((x, k) => x === b[k])
const isPrefix = (prefix: number[], path: number[]) => prefix.length < path.length && prefix.every((x, k) => x === path[k])

function nodeAt(tree: readonly FrameDetailNode[], path: number[]): FrameDetailNode | undefined {
  let nodes: readonly FrameDetailNode[] | undefined = tree
  let node: FrameDetailNode | undefined
  for (const k of path) {
    node = nodes?.[k]
    nodes = node?.children
  }
  return node
}

/** One frame decoded: the tree (radiotap, header, each element, AWSS annotations) and its bytes, linked both ways. */
export const FrameDetailPane = memo(function FrameDetailPane({ index }: { index: number }) {
  const { t } = useTranslation()
  const detail = useCommand('frames.detail', { index })
  const [selected, setSelected] = useState<number[] | undefined>(undefined)
  useEffect(() => setSelected(undefined), [index])
  const data = detail.data
  const range = useMemo(() => {
    const node = data && selected ? nodeAt(data.tree, selected) : undefined
    return node?.offset !== undefined ? { offset: node.offset, length: node.length ?? 0 } : undefined
  }, [data, selected])

  return (
    <section className="panel frame-detail" aria-label={t('frames.detailLabel')}>
      <h2>{t('frames.detailTitle', { index })}</h2>
      <ErrorNotice error={detail.error} />
      {data && (
        <div className="frame-detail-body">
          <DetailTree detail={data} selected={selected} onSelect={setSelected} />
          <HexView hex={data.hex} highlight={range} onPick={(offset) => setSelected(deepestNodeAt(data.tree, offset))} />
        </div>
      )}
    </section>
  )
})

function DetailTree({ detail, selected, onSelect }: { detail: FrameDetail; selected: number[] | undefined; onSelect(path: number[]): void }) {
  const { t } = useTranslation()
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set())
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  useEffect(() => {
    setCollapsed(new Set())
    setExpanded(new Set())
  }, [detail])

  const render = (nodes: readonly FrameDetailNode[], path: number[]) => (
    <ul role={path.length === 0 ? 'tree' : 'group'} aria-label={path.length === 0 ? t('frames.treeLabel') : undefined}>
      {nodes.map((node, k) => {
        const here = [...path, k]
        const key = here.join('.')
        // Top-level nodes start open, deeper ones closed; the path to the selected node is always open.
        const open = node.children && (expanded.has(key) || (here.length === 1 && !collapsed.has(key)) || (selected !== undefined && isPrefix(here, selected)))
        const toggle = () => {
          const setter = open ? setCollapsed : setExpanded
          const other = open ? setExpanded : setCollapsed
          setter((s) => new Set(s).add(key))
          other((s) => {
            const next = new Set(s)
            next.delete(key)
            return next
          })
        }
        return (
          <li key={key} role="treeitem" aria-expanded={node.children ? Boolean(open) : undefined} aria-selected={samePath(selected, here)} className={node.tone ? `tone-${node.tone}` : undefined}>
            <div className="tree-line">
              {node.children ? (
                <button type="button" className="tree-toggle" aria-label={open ? t('frames.collapse') : t('frames.expand')} onClick={toggle}>
                  {open ? '▾' : '▸'}
                </button>
              ) : (
                <span className="tree-toggle" />
              )}
              <button type="button" className="tree-label" onClick={() => onSelect(here)}>
                <strong>{node.label}</strong>
                {node.value ? <span>: {node.value}</span> : null}
              </button>
            </div>
            {open && node.children && render(node.children, here)}
          </li>
        )
      })}
    </ul>
  )
  return <div className="detail-tree">{render(detail.tree, [])}</div>
}
