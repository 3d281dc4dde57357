import fs from 'node:fs'
import path from 'node:path'
import vm from 'node:vm'
import { describe, expect, it } from 'vitest'

// No test here launches Electron, so the built preload is loaded in a vm context with stand-ins for contextBridge and
// ipcRenderer: it must be CommonJS (a sandboxed preload cannot be an ES module) and expose the contract, nothing more.
const bundle = path.resolve(__dirname, '../../../out/preload/index.cjs')

describe('the built preload', () => {
  it('is CommonJS and exposes exactly invoke, call and subscribe on window.provbench', async () => {
    expect(fs.existsSync(bundle), `${bundle} is missing: run \`npm run build\` first (npm test does)`).toBe(true)
    const exposed: Record<string, unknown> = {}
    const sent: unknown[][] = []
    const invoked: unknown[][] = []
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        on: () => undefined,
        send: (...args: unknown[]) => sent.push(args),
        invoke: async (...args: unknown[]) => {
          invoked.push(args)
          return { ok: false, error: { code: 'invalid-input', message: 'bad', issues: [{ path: 'target.ssid', message: 'm' }] } }
        },
      },
    }
    const module = { exports: {} }
    const sandbox = { module, exports: module.exports, require: (name: string) => {
      if (name === 'electron') return electron
      throw new Error(`the preload must not require ${name}`)
    } }
    vm.runInNewContext(fs.readFileSync(bundle, 'utf8'), sandbox, { filename: 'index.cjs' })

    expect(Object.keys(exposed)).toEqual(['provbench'])
    const api = exposed.provbench as Record<string, (...args: unknown[]) => unknown>
    expect(Object.keys(api).sort()).toEqual(['call', 'invoke', 'subscribe'])
    // invoke keeps the issues that an Error would lose across contextBridge.
    expect(await api.invoke('sessions.start', {})).toMatchObject({ ok: false, error: { issues: [{ path: 'target.ssid' }] } })
    await expect(api.call('sessions.start', {})).rejects.toThrow('bad')
    const unsubscribe = api.subscribe('sessions.updated', () => undefined) as () => void
    unsubscribe()
    expect(sent).toEqual([
      ['provbench:subscribe', 'sessions.updated', true],
      ['provbench:subscribe', 'sessions.updated', false],
    ])
    expect(invoked[0]).toEqual(['provbench:call', 'sessions.start', {}])
  })
})
