import { defaultScenarioFile } from '../../main/station'

/** The scenario a lab station loads when none is named. */
export function defaultStationScenario(): string {
  return defaultScenarioFile()
}
