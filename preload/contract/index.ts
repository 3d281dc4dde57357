import type { z } from 'zod'
import type { CommandSpec, Namespace, StreamSpec } from './define'
import { devices, settings, station } from './station'
import { sessions } from './sessions'
import { lab } from './lab'
import { frames } from './frames'
import { awss } from './awss'
import { stats } from './stats'
import { bundle } from './bundle'
import { ble } from './ble'
import { products } from './products'

export * from './common'
export * from './define'
export * from './sessions'
export * from './station'
export * from './lab'
export * from './frames'
export * from './wire'
export * from './awss'
export * from './stats'
export * from './bundle'
export * from './ble'
export * from './products'

/** THE contract. Names on the wire are "namespace.entry". */
export const contract = { station, settings, devices, sessions, lab, awss, frames, stats, bundle, ble, products } satisfies Record<string, Namespace>

type Contract = typeof contract
type Entries<K extends keyof Contract = keyof Contract> = K extends string
  ? { [E in keyof Contract[K] & string as `${K}.${E}`]: Contract[K][E] }
  : never
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never
type Flat = UnionToIntersection<Entries>

export type CommandName = { [N in keyof Flat]: Flat[N] extends CommandSpec ? N : never }[keyof Flat] & string
export type StreamName = { [N in keyof Flat]: Flat[N] extends StreamSpec ? N : never }[keyof Flat] & string
export type CommandInput<N extends CommandName> = Flat[N] extends CommandSpec<infer I, z.ZodType> ? z.input<I> : never
export type CommandOutput<N extends CommandName> = Flat[N] extends CommandSpec<z.ZodType, infer O> ? z.output<O> : never
export type StreamEvent<N extends StreamName> = Flat[N] extends StreamSpec<infer E> ? z.output<E> : never

export function lookup(name: string): CommandSpec | StreamSpec | undefined {
  const dot = name.indexOf('.')
  if (dot <= 0) return undefined
  const ns = (contract as Record<string, Namespace>)[name.slice(0, dot)]
  if (!ns || !Object.hasOwn(ns, name.slice(dot + 1))) return undefined
  return ns[name.slice(dot + 1)]
}

export function allNames(): { commands: string[]; streams: string[] } {
  const commands: string[] = []
  const streams: string[] = []
  for (const [ns, entries] of Object.entries(contract as Record<string, Namespace>)) {
    for (const [entry, spec] of Object.entries(entries)) (spec.kind === 'command' ? commands : streams).push(`${ns}.${entry}`)
  }
  return { commands, streams }
}

/**
 * What the renderer sees, in both shells: window.provbench in Electron (preload), a WebSocket client in a browser.
 * Only structured-clonable data crosses it.
 */
export interface ContractApi {
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>
  subscribe<N extends StreamName>(name: N, listener: (event: StreamEvent<N>) => void): () => void
}
