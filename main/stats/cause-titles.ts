import { allCauses } from '../sessions/diagnosis/causes'

const titles = new Map(allCauses().map((c) => [c.id, c.title]))

/** The taxonomy's current title for a cause id; the title stored with old sessions when the id is no longer known. */
export function causeTitle(id: string | null, stored: string | null): string {
  if (id && titles.has(id)) return titles.get(id)!
  return stored ?? id ?? 'Unknown cause'
}
