import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyFileBox } from '../../../main/sessions/secret-box'
import { DB_FILE, SessionStore } from '../../../main/sessions/store'
import { tempDir } from '../../support/station'

const newSession = { method: 'webcam-config' as const, target: { ssid: 'LabNet' }, profile: 'lab' as const, startedAt: 1_000 }

describe('SessionStore', () => {
  it('records sessions and steps as they happen, in order', () => {
    const store = SessionStore.inMemory()
    const session = store.createSession(newSession)
    const a = store.startStep(session.id, 'qr-generated', 1, 1_010)
    store.endStep(session.id, a.seq, 'succeeded', 1_020, { bssid: '02001A000001' })
    const b = store.startStep(session.id, 'qr-shown', 1, 1_021)
    expect(store.get(session.id)!.steps.map((s) => [s.name, s.outcome])).toEqual([
      ['qr-generated', 'succeeded'],
      ['qr-shown', 'running'],
    ])
    store.endStep(session.id, b.seq, 'failed', 1_030)
    const ended = store.endSession(session.id, 'failed', 1_040, { id: 'x', title: 't', explanation: 'e', advice: 'a', evidence: [] })
    expect(ended).toMatchObject({ outcome: 'failed', endedAt: 1_040, cause: { id: 'x' } })
    expect(store.list({ outcome: 'failed' })[0]).toMatchObject({ id: session.id, stepCount: 2 })
    expect(store.list({ outcome: 'succeeded' })).toEqual([])
  })

  it('marks sessions left running by a crash as interrupted when reopened, keeping finished steps', () => {
    const dir = tempDir()
    const first = SessionStore.open(dir)
    const session = first.createSession(newSession)
    const done = first.startStep(session.id, 'qr-generated', 1, 1_010)
    first.endStep(session.id, done.seq, 'succeeded', 1_020)
    first.startStep(session.id, 'qr-shown', 1, 1_030)
    // No close(): as if the process died here.
    const second = SessionStore.open(dir)
    expect(second.recovered).toEqual([session.id])
    const recovered = second.get(session.id)!
    expect(recovered.outcome).toBe('interrupted')
    expect(recovered.endedAt).toBe(1_030)
    expect(recovered.steps.map((s) => s.outcome)).toEqual(['succeeded', 'interrupted'])
    second.close()
    first.close()
  })

  it('seals secrets: the password never appears in the database file', () => {
    const dir = tempDir()
    const store = SessionStore.open(dir, keyFileBox(dir))
    store.putSecret('wifi', 'LabNet', 'correct horse battery staple')
    expect(store.getSecret('wifi', 'LabNet')).toBe('correct horse battery staple')
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    store.close()
    for (const file of fs.readdirSync(dir)) {
      expect(fs.readFileSync(path.join(dir, file)).includes(Buffer.from('correct horse'))).toBe(false)
    }
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true)
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
  })

  it('cannot open secrets with another key file', () => {
    const dirA = tempDir()
    const store = SessionStore.open(dirA, keyFileBox(dirA))
    store.putSecret('product', 'pk', 'product-secret')
    store.close()
    fs.writeFileSync(path.join(dirA, 'secret.key'), Buffer.alloc(32, 7))
    const reopened = SessionStore.open(dirA, keyFileBox(dirA))
    expect(() => reopened.getSecret('product', 'pk')).toThrow()
    reopened.close()
  })
})
