// Breeze / AIS numbers from PROTOCOLS-awss.md §10 (AliOS-Things breeze core common.h, ble_service.c).

export const BREEZE_COMPANY_ID = 0x01a8
export const BREEZE_SERVICE_UUID = 0xfeb3

/** GATT characteristics of service 0xFEB3. */
export const BreezeChar = {
  /** Read. */
  rc: 0xfed4,
  /** Write with response: phone -> device. */
  wc: 0xfed5,
  /** Indicate: device -> phone, replies and ERR. */
  ic: 0xfed6,
  /** Write without response: phone -> device. */
  wwnrc: 0xfed7,
  /** Notify: device -> phone, transport-level ERR. */
  nc: 0xfed8,
} as const

export const BreezeCmd = {
  CTRL: 0x00,
  STATUS: 0x01,
  QUERY: 0x02,
  REPLY: 0x03,
  EXT_DOWN: 0x0d,
  EXT_UP: 0x0e,
  ERR: 0x0f,
  AUTH_RAND: 0x11,
  AUTH_REQ: 0x12,
  AUTH_RSP: 0x13,
  AUTH_CFM: 0x14,
  AUTH_KEY: 0x15,
  AUTH_REKEY: 0x16,
  AUTH_REKEY_RSP: 0x17,
  OTA_VER_REQ: 0x20,
  OTA_VER_RSP: 0x21,
  OTA_REQ: 0x22,
  OTA_RSP: 0x23,
  OTA_PUB_SIZE: 0x24,
  OTA_CHECK_RESULT: 0x25,
  OTA_UPDATE_PROCESS: 0x26,
  OTA_SIZE: 0x27,
  OTA_DONE: 0x28,
  OTA_DATA: 0x2f,
} as const

export const isAuthCommand = (cmd: number): boolean => (cmd & 0xf0) === 0x10

const names = new Map<number, string>(Object.entries(BreezeCmd).map(([k, v]) => [v, k]))
export const breezeCommandName = (cmd: number): string =>
  names.get(cmd) ?? (cmd >= 0x20 && cmd <= 0x2f ? `OTA_0x${cmd.toString(16)}` : `0x${cmd.toString(16).padStart(2, '0')}`)

/** Commands the device encrypts once it holds a session key (the intended rule of the older transport.c). */
export function deviceEncrypts(cmd: number): boolean {
  if (cmd === BreezeCmd.STATUS || cmd === BreezeCmd.REPLY || cmd === BreezeCmd.EXT_UP) return true
  return isAuthCommand(cmd) && cmd !== BreezeCmd.AUTH_RAND && cmd !== BreezeCmd.AUTH_REKEY_RSP
}

/** BZ_TRANSPORT_VER; 1 only in some long-MTU builds. */
export const BREEZE_TRANSPORT_VERSION = 0
/** BZ_MAX_PAYLOAD_SIZE (v2.0.5): the largest message, in plaintext bytes. */
export const BREEZE_MAX_MESSAGE = 256
/** 4 bits of frame count: at most 16 frames per message. */
export const BREEZE_MAX_FRAMES = 16
export const BREEZE_HEADER_LENGTH = 4
export const AES_BLOCK = 16
/** Default ATT_MTU; a frame is at most MTU - 3 bytes (one Write / Indication value). */
export const DEFAULT_ATT_MTU = 23
export const BREEZE_RANDOM_LENGTH = 16

/** BZ_AUTH_TIMEOUT: 10 s, 30 s in 2.0.7. The caller owns the clock; these say how long to give it. */
export const BREEZE_AUTH_TIMEOUT_MS = 10_000
export const BREEZE_AUTH_TIMEOUT_MS_207 = 30_000
