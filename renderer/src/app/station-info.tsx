import { createContext, useContext, type ReactNode } from 'react'
import type { StationInfo } from '../../../preload/contract'
import { useCommand, useStream } from '../client/hooks'
import type { ContractCallError } from '../client/contract-error'

interface StationInfoState {
  info: StationInfo | undefined
  error: ContractCallError | undefined
  reload(): void
}

const StationInfoContext = createContext<StationInfoState>({ info: undefined, error: undefined, reload: () => {} })

/** station.info once, then radio changes folded in live. */
export function StationInfoProvider({ children }: { children: ReactNode }) {
  const { data, error, reload, setData } = useCommand('station.info', {})
  useStream('station.radiosChanged', (radios) => setData((info) => (info ? { ...info, radios } : info)))
  return <StationInfoContext.Provider value={{ info: data, error, reload }}>{children}</StationInfoContext.Provider>
}

export function useStationInfo(): StationInfoState {
  return useContext(StationInfoContext)
}
