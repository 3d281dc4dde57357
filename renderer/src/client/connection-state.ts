/** How the renderer is connected to the station; the connection banner shows anything but `open`. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'unauthenticated' | 'closed'

export interface ConnectionState {
  status: ConnectionStatus
  /** Failed connection attempts since the last successful open. */
  attempt: number
  /** When the next reconnection attempt is due (epoch ms), while reconnecting. */
  retryAt?: number
}

export type ConnectionListener = (state: ConnectionState) => void
