import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

// Secrets at rest are sealed by a SecretBox: Electron's safeStorage where it exists (OS keychain), else AES-256-GCM
// with a key file readable by the owner only, in the data folder.
export interface SecretBox {
  readonly kind: 'safeStorage' | 'keyfile'
  seal(plain: string): Uint8Array
  open(sealed: Uint8Array): string
}

const KEY_FILE = 'secret.key'

export function keyFileBox(dataDir: string): SecretBox {
  const file = path.join(dataDir, KEY_FILE)
  let key: Buffer
  if (fs.existsSync(file)) {
    key = fs.readFileSync(file)
    const mode = fs.statSync(file).mode & 0o777
    if (process.platform !== 'win32' && mode !== 0o600) fs.chmodSync(file, 0o600)
    if (key.length !== 32) throw new Error(`${file} is not a 32-byte key; move it away to create a new one (stored secrets will be lost).`)
  } else {
    key = randomBytes(32)
    fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' })
  }
  return {
    kind: 'keyfile',
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]))
    },
    open(sealed) {
      const buffer = Buffer.from(sealed)
      const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, 12))
      decipher.setAuthTag(buffer.subarray(12, 28))
      return Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}

/** Electron's safeStorage, passed in by main/index.ts so this file never imports electron. */
export function safeStorageBox(safeStorage: {
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
}): SecretBox {
  return {
    kind: 'safeStorage',
    seal: (plain) => new Uint8Array(safeStorage.encryptString(plain)),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed)),
  }
}
