import type { DeviceInfo, MethodId, Profile, StartSession, WifiTargetInput } from '../../preload/contract'
import type { Radios } from '../radio'
import type { MethodContext } from './context'

export interface MethodEnvironment {
  profile: Profile
  radios: Radios
}

export interface InputProblem {
  path: string
  message: string
}

export interface MethodInput {
  target: WifiTargetInput
  device: DeviceInfo | undefined
}

/** One provisioning method: what it needs, what it refuses before sending anything, and its flow. */
export interface MethodDefinition {
  id: MethodId
  availability(env: MethodEnvironment): { available: boolean; reason?: string }
  /** Checks that need no radio; any problem refuses the start with these messages and nothing is sent. */
  preflight(input: StartSession, env: MethodEnvironment): InputProblem[]
  /** Resolves normally on success; throws MethodFailure (what was observed) or is aborted by ctx.signal. */
  run(ctx: MethodContext, input: MethodInput): Promise<void>
}
