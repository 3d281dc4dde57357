import { type Result, fail, ok } from '../result'

// IEEE 802.1X EAPOL-Key frames (RSN descriptor, type 2) as used by the WPA2 4-way handshake.
export const EAPOL_ETHERTYPE = 0x888e

export const KeyInfo = {
  versionMask: 0x0007,
  pairwise: 0x0008,
  install: 0x0040,
  ack: 0x0080,
  mic: 0x0100,
  secure: 0x0200,
  error: 0x0400,
  request: 0x0800,
  encryptedKeyData: 0x1000,
} as const

export interface EapolKey {
  protocolVersion: number
  descriptorType: number
  keyInfo: number
  keyLength: number
  replayCounter: bigint
  nonce: Uint8Array
  iv: Uint8Array
  rsc: Uint8Array
  mic: Uint8Array
  keyData: Uint8Array
  /** Which message of the 4-way handshake this looks like, from its key-info bits. */
  message: 1 | 2 | 3 | 4 | undefined
}

const HEADER = 4
const BODY_FIXED = 95
export const MIC_OFFSET = HEADER + 77

export function buildEapolKey(key: Omit<EapolKey, 'message' | 'protocolVersion' | 'descriptorType'> & { protocolVersion?: number }): Uint8Array {
  const bodyLength = BODY_FIXED + key.keyData.length
  const out = new Uint8Array(HEADER + bodyLength)
  const view = new DataView(out.buffer)
  out[0] = key.protocolVersion ?? 2
  out[1] = 3 // EAPOL-Key
  view.setUint16(2, bodyLength)
  out[4] = 2 // RSN key descriptor
  view.setUint16(5, key.keyInfo)
  view.setUint16(7, key.keyLength)
  view.setBigUint64(9, key.replayCounter)
  out.set(key.nonce.subarray(0, 32), 17)
  out.set(key.iv.subarray(0, 16), 49)
  out.set(key.rsc.subarray(0, 8), 65)
  out.set(key.mic.subarray(0, 16), MIC_OFFSET)
  view.setUint16(97, key.keyData.length)
  out.set(key.keyData, 99)
  return out
}

export function parseEapolKey(bytes: Uint8Array): Result<EapolKey> {
  if (bytes.length < HEADER) return fail('EAPOL header truncated', bytes.length)
  if (bytes[1] !== 3) return fail(`EAPOL packet type ${bytes[1]} is not Key (3)`, 1)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const bodyLength = view.getUint16(2)
  if (bodyLength < BODY_FIXED) return fail(`EAPOL-Key body length ${bodyLength} is shorter than ${BODY_FIXED}`, 2)
  if (HEADER + bodyLength > bytes.length) return fail(`EAPOL-Key body length ${bodyLength} exceeds the ${bytes.length - HEADER} bytes present`, 2)
  const dataLength = view.getUint16(97)
  if (99 + dataLength > HEADER + bodyLength) return fail(`Key data length ${dataLength} exceeds the body`, 97)
  const keyInfo = view.getUint16(5)
  return ok({
    protocolVersion: bytes[0],
    descriptorType: bytes[4],
    keyInfo,
    keyLength: view.getUint16(7),
    replayCounter: view.getBigUint64(9),
    nonce: bytes.slice(17, 49),
    iv: bytes.slice(49, 65),
    rsc: bytes.slice(65, 73),
    mic: bytes.slice(MIC_OFFSET, MIC_OFFSET + 16),
    keyData: bytes.slice(99, 99 + dataLength),
    message: handshakeMessage(keyInfo),
  })
}

function handshakeMessage(info: number): EapolKey['message'] {
  if (!(info & KeyInfo.pairwise)) return undefined
  const ack = !!(info & KeyInfo.ack)
  const mic = !!(info & KeyInfo.mic)
  const secure = !!(info & KeyInfo.secure)
  if (ack && !mic) return 1
  if (ack && mic) return 3
  if (!ack && mic && !secure) return 2
  if (!ack && mic && secure) return 4
  return undefined
}
