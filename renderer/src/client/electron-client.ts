import type { CommandInput, CommandName, CommandOutput, ContractApi, StreamEvent, StreamName } from '../../../preload/contract'
import type { ConnectionListener, ConnectionState } from './connection-state'
import { ContractCallError, asContractCallError, type FieldIssue } from './contract-error'

/** What preload/index.ts exposes as window.provbench; `invoke` is optional (see contract-requests.md). */
export interface PreloadApi {
  call(name: string, input: unknown): Promise<unknown>
  subscribe(name: string, listener: (payload: unknown) => void): () => void
  invoke?(name: string, input: unknown): Promise<{ ok: true; output: unknown } | { ok: false; error: { code: string; message: string; issues?: FieldIssue[] } }>
}

const OPEN: ConnectionState = { status: 'open', attempt: 0 }

/**
 * The contract over Electron IPC. contextBridge copies a rejected Error without its custom properties, so when the
 * preload offers `invoke` (the reply envelope as data) it is preferred: it keeps the error code and field issues.
 */
export class ElectronContractClient implements ContractApi {
  constructor(private readonly api: PreloadApi) {}

  async call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    if (this.api.invoke) {
      const reply = await this.api.invoke(name, input)
      if (reply.ok) return reply.output as CommandOutput<N>
      throw new ContractCallError(reply.error.code as ContractCallError['code'], reply.error.message, reply.error.issues ?? [])
    }
    try {
      return (await this.api.call(name, input)) as CommandOutput<N>
    } catch (error) {
      throw asContractCallError(error)
    }
  }

  subscribe<N extends StreamName>(name: N, listener: (event: StreamEvent<N>) => void): () => void {
    return this.api.subscribe(name, (payload) => listener(payload as StreamEvent<N>))
  }

  connection(): ConnectionState {
    return OPEN
  }

  onConnectionChange(_listener: ConnectionListener): () => void {
    return () => {}
  }

  retryNow(): void {}
}
