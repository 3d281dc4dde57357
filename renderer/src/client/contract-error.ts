import type { ErrorCode } from '../../../preload/contract'

/** Errors the client itself produces, beside the codes main sends. */
export type ClientErrorCode = ErrorCode | 'disconnected' | 'timeout'

export interface FieldIssue {
  path: string
  message: string
}

/** A rejected contract call, carrying main's error code and, for `invalid-input`, the per-field issues. */
export class ContractCallError extends Error {
  readonly code: ClientErrorCode
  readonly issues: readonly FieldIssue[]

  constructor(code: ClientErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message)
    this.name = 'ContractCallError'
    this.code = code
    this.issues = issues
  }
}

export function asContractCallError(error: unknown): ContractCallError {
  if (error instanceof ContractCallError) return error
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    const issues = (error as { issues?: unknown }).issues
    return new ContractCallError(
      typeof code === 'string' ? (code as ClientErrorCode) : 'failed',
      error.message,
      Array.isArray(issues) ? (issues as FieldIssue[]) : [],
    )
  }
  return new ContractCallError('failed', String(error))
}
