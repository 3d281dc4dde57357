// Which rows of a very long frame table are on screen. Browsers cap an element's height (Chrome near 33.5 million
// px, Firefox near 17.9 million), so past `maxPixels` the scroll range is scaled: the thumb position picks the first
// row, and the rows are drawn at the top of the viewport, one row per step at the ends.

export interface WindowInput {
  scrollTop: number
  viewportHeight: number
  total: number
  rowHeight: number
  /** Scroll height never exceeds this. */
  maxPixels?: number
  overscan?: number
}

export interface FrameWindow {
  /** Height of the scrolled content. */
  contentHeight: number
  /** First row drawn and how many. */
  first: number
  count: number
  /** Where the first drawn row goes (px from the content top). */
  offsetY: number
  /** True when the scroll range is scaled (more rows than maxPixels / rowHeight). */
  scaled: boolean
}

export const DEFAULT_MAX_PIXELS = 8_000_000

export function frameWindow(input: WindowInput): FrameWindow {
  const { total, rowHeight } = input
  const viewport = Math.max(0, input.viewportHeight)
  const overscan = input.overscan ?? 6
  const visible = Math.ceil(viewport / rowHeight) + 1
  const natural = total * rowHeight
  const maxPixels = input.maxPixels ?? DEFAULT_MAX_PIXELS
  if (natural <= maxPixels) {
    const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, natural - viewport))
    const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
    const last = Math.min(total, Math.floor(scrollTop / rowHeight) + visible + overscan)
    return { contentHeight: natural, first, count: Math.max(0, last - first), offsetY: first * rowHeight, scaled: false }
  }
  const maxScroll = Math.max(1, maxPixels - viewport)
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll)
  const fullRows = Math.floor(viewport / rowHeight)
  const first = Math.round((scrollTop / maxScroll) * Math.max(0, total - fullRows))
  const count = Math.min(total - first, visible)
  return { contentHeight: maxPixels, first, count, offsetY: scrollTop, scaled: true }
}

/** The scrollTop that shows `row` at the top (or as close as the range allows). */
export function scrollTopFor(row: number, input: Omit<WindowInput, 'scrollTop'>): number {
  const { total, rowHeight } = input
  const viewport = Math.max(0, input.viewportHeight)
  const maxPixels = input.maxPixels ?? DEFAULT_MAX_PIXELS
  const natural = total * rowHeight
  if (natural <= maxPixels) return Math.max(0, Math.min(row * rowHeight, natural - viewport))
  const fullRows = Math.floor(viewport / rowHeight)
  const span = Math.max(1, total - fullRows)
  return (Math.min(row, span) / span) * Math.max(1, maxPixels - viewport)
}

/** Page numbers (of `pageSize` rows) that hold rows first .. first+count-1. */
export function pagesFor(first: number, count: number, pageSize: number): number[] {
  if (count <= 0) return []
  const pages: number[] = []
  for (let p = Math.floor(first / pageSize); p <= Math.floor((first + count - 1) / pageSize); p++) pages.push(p)
  return pages
}

/** Path (child indexes) of the tree node with the smallest byte range holding `offset`; the deeper one on a tie. */
export function deepestNodeAt<T extends { offset?: number; length?: number; children?: T[] }>(nodes: readonly T[], offset: number): number[] | undefined {
  let best: { path: number[]; length: number } | undefined
  const visit = (list: readonly T[], path: number[]) => {
    list.forEach((node, k) => {
      const here = [...path, k]
      if (node.offset !== undefined && node.length !== undefined && node.length > 0 && offset >= node.offset && offset < node.offset + node.length) {
        if (!best || node.length < best.length || (node.length === best.length && here.length > best.path.length)) best = { path: here, length: node.length }
      }
      if (node.children) visit(node.children, here)
    })
  }
  visit(nodes, [])
  return best?.path
}
