import type { Command } from 'commander'
import { registerAnalyze } from './analyze'
import { registerBleScan } from './ble-scan'
import { registerBundle } from './bundle'
import { registerFrames } from './frames'
import { registerProducts } from './products'
import { registerProvision } from './provision'
import { registerServe } from './serve'
import { registerSessions } from './sessions'
import { registerStats } from './stats'

/** Every CLI command; a new one is a file in this folder and a line here. */
export function registerCommands(program: Command): void {
  registerServe(program)
  registerProvision(program)
  registerSessions(program)
  registerFrames(program)
  registerStats(program)
  registerBundle(program)
  registerBleScan(program)
  registerAnalyze(program)
  registerProducts(program)
}
