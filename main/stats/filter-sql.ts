import type { StatsFilter } from '../../preload/contract'

export interface SqlWhere {
  /** `WHERE ...` or empty; column names qualified with the alias given. */
  sql: string
  args: (string | number)[]
}

/** The WHERE clause of a stats filter over the sessions table (aliased). Only bound parameters, never interpolation. */
export function whereOf(filter: StatsFilter, alias = 's', extra: string[] = []): SqlWhere {
  const clauses = [...extra]
  const args: (string | number)[] = []
  const col = (name: string) => `${alias}.${name}`
  if (filter.from !== undefined) {
    clauses.push(`${col('started_at')} >= ?`)
    args.push(filter.from)
  }
  if (filter.to !== undefined) {
    clauses.push(`${col('started_at')} < ?`)
    args.push(filter.to)
  }
  if (filter.methods && filter.methods.length > 0) {
    clauses.push(`${col('method')} IN (${filter.methods.map(() => '?').join(', ')})`)
    args.push(...filter.methods)
  }
  if (filter.deviceModel !== undefined) {
    clauses.push(`${col('device_model')} = ?`)
    args.push(filter.deviceModel)
  }
  if (filter.ssid !== undefined) {
    clauses.push(`${col('ssid')} = ?`)
    args.push(filter.ssid)
  }
  if (filter.profile !== undefined) {
    clauses.push(`${col('profile')} = ?`)
    args.push(filter.profile)
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', args }
}
