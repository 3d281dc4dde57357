import type { RadioState } from '../../preload/contract'

export const ready = (radio: RadioState['radio'], driver: string, details?: RadioState['details']): RadioState => ({
  radio,
  status: 'ready',
  driver,
  ...(details ? { details } : {}),
})

export const unavailable = (
  radio: RadioState['radio'],
  driver: string,
  reason: string,
  remedy: string,
  details?: RadioState['details'],
): RadioState => ({ radio, status: 'unavailable', driver, reason, remedy, ...(details ? { details } : {}) })
