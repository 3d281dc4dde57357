import type { ContractApi } from '../../../preload/contract'
import type { ConnectionListener, ConnectionState } from './connection-state'
import { ContractCallError } from './contract-error'
import { ElectronContractClient, type PreloadApi } from './electron-client'
import { takeStationToken, stationSocketUrl } from './station-token'
import { WsContractClient } from './ws-client'

/** The contract plus what the connection banner needs; both shells implement it. */
export interface StationClient extends ContractApi {
  connection(): ConnectionState
  onConnectionChange(listener: ConnectionListener): () => void
  retryNow(): void
}

/** A client with no token to present: it never connects, and says why. */
class TokenlessClient implements StationClient {
  call(): Promise<never> {
    return Promise.reject(new ContractCallError('unauthenticated', 'No station access token.'))
  }
  subscribe(): () => void {
    return () => {}
  }
  connection(): ConnectionState {
    return { status: 'unauthenticated', attempt: 0 }
  }
  onConnectionChange(): () => void {
    return () => {}
  }
  retryNow(): void {}
}

/** window.provbench in Electron; otherwise the headless station's WebSocket on the page's own host. */
export function createStationClient(win: Window & { provbench?: PreloadApi }): StationClient {
  if (win.provbench) return new ElectronContractClient(win.provbench)
  const token = takeStationToken(win.location, win.sessionStorage, win.history)
  if (!token) return new TokenlessClient()
  return new WsContractClient(stationSocketUrl(win.location, token)).connect()
}
