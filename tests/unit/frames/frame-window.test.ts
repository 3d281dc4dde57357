import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deepestNodeAt, frameWindow, pagesFor, scrollTopFor } from '../../../renderer/src/pages/frames/frame-window'

describe('frame table windowing', () => {
  it('small tables scroll row for row, with overscan, never past the last row', () => {
    const w = frameWindow({ scrollTop: 220, viewportHeight: 440, total: 1000, rowHeight: 22, overscan: 2 })
    expect(w).toEqual({ contentHeight: 22_000, first: 8, count: 2 + 21 + 2, offsetY: 8 * 22, scaled: false })
    const end = frameWindow({ scrollTop: 1e9, viewportHeight: 440, total: 1000, rowHeight: 22, overscan: 0 })
    expect(end.first + end.count).toBe(1000)
  })

  it('a million frames fit in a capped scroll height; both ends and every row in between are reachable', () => {
    const base = { viewportHeight: 600, total: 1_000_000, rowHeight: 22, maxPixels: 8_000_000 }
    const top = frameWindow({ ...base, scrollTop: 0 })
    expect(top).toMatchObject({ contentHeight: 8_000_000, first: 0, scaled: true })
    const bottom = frameWindow({ ...base, scrollTop: 8_000_000 })
    expect(bottom.first + bottom.count).toBeGreaterThanOrEqual(1_000_000)
    expect(bottom.first + Math.floor(600 / 22)).toBe(1_000_000)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (row) => {
        const w = frameWindow({ ...base, scrollTop: scrollTopFor(row, base) })
        expect(row).toBeGreaterThanOrEqual(w.first)
        expect(row).toBeLessThan(w.first + w.count)
      }),
    )
  })

  it('pages cover exactly the drawn rows', () => {
    expect(pagesFor(95, 30, 100)).toEqual([0, 1])
    expect(pagesFor(100, 100, 100)).toEqual([1])
    expect(pagesFor(0, 0, 100)).toEqual([])
  })

  it('a hex byte selects the smallest tree node around it', () => {
    type Node = { label: string; offset?: number; length?: number; children?: Node[] }
    const tree: Node[] = [
      { label: 'Frame', offset: 0, length: 60, children: [{ label: 'time' }] },
      { label: 'Radiotap', offset: 0, length: 16, children: [{ label: 'flags', offset: 8, length: 1 }] },
      { label: '802.11', offset: 16, length: 24, children: [{ label: 'FC', offset: 16, length: 2 }, { label: 'addr1', offset: 20, length: 6 }] },
    ]
    expect(deepestNodeAt(tree, 8)).toEqual([1, 0])
    expect(deepestNodeAt(tree, 9)).toEqual([1])
    expect(deepestNodeAt(tree, 22)).toEqual([2, 1])
    expect(deepestNodeAt(tree, 50)).toEqual([0])
    expect(deepestNodeAt(tree, 70)).toBeUndefined()
  })
})
