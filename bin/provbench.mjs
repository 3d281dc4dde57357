#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `provbench` works from a clone without a build step.
import { register } from 'tsx/esm/api'

register()
const { runCli } = await import('../main/cli.ts')
const code = await runCli(process.argv)
if (code !== 0) process.exitCode = code
