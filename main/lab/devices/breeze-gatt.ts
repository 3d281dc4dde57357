// The GATT face of a lab Breeze device: service 0xFEB3 with FED4..FED8 (§10.2) on a lab GATT server, wired to
// the pure firmware model (codec/breeze/device.ts). CCCD writes and characteristic writes go to the model; its
// indications and notifications go back through the server; its "disconnect" becomes LL_TERMINATE_IND.
import { BreezeChar, BREEZE_SERVICE_UUID, BreezeCmd } from '../../codec/breeze/constants'
import type { BreezeDevice, DeviceStep } from '../../codec/breeze/device'
import { ERR_FRAME, parseFrame } from '../../codec/breeze/transport'
import { LabGattServer } from '../../radio/ble/lab/gatt-server'
import type { Clock } from '../../runtime/clock'

export interface BreezeGattHooks {
  firmware(): BreezeDevice
  responseDelayMs(): number
  /** Called with every write before the firmware sees it; false swallows it (the link is being dropped). */
  beforeWrite(value: Uint8Array): boolean
  /** Firmware output, after the knobs had their say (a refused config turns EXT_UP into ERR). */
  step(step: DeviceStep): void
  terminate(reason: string): void
  sendL2cap(frame: Uint8Array): void
  /** True while the firmware must answer a Wi-Fi config with ERR whatever it decoded. */
  refuseConfig(): boolean
}

/** The GATT server of service 0xFEB3; MTU 247 offered, which the firmware ignores (frames stay at 20 bytes). */
export function createBreezeGattServer(clock: Clock, hooks: BreezeGattHooks): LabGattServer {
  const apply = (step: DeviceStep) => {
    const s = hooks.refuseConfig() ? refuse(step) : step
    for (const action of s.actions) {
      if (action.kind === 'indicate') server.indicate(action.characteristic, action.value)
      else if (action.kind === 'notify') server.notify(action.characteristic, action.value)
      else hooks.terminate(action.reason)
    }
    hooks.step(s)
  }
  const write = (characteristic: number) => (value: Uint8Array) => {
    if (!hooks.beforeWrite(value)) return
    apply(hooks.firmware().write(characteristic, value))
  }
  const subscribed = (characteristic: number) => (mode: 'notify' | 'indicate' | 'off') =>
    apply(hooks.firmware().setSubscription(characteristic, mode))
  const server: LabGattServer = new LabGattServer(
    [
      {
        uuid: BREEZE_SERVICE_UUID,
        characteristics: [
          { uuid: BreezeChar.rc, properties: ['read'], read: () => new Uint8Array(0) },
          { uuid: BreezeChar.wc, properties: ['read', 'write'], write: write(BreezeChar.wc) },
          { uuid: BreezeChar.ic, properties: ['read', 'indicate'], subscribed: subscribed(BreezeChar.ic) },
          { uuid: BreezeChar.wwnrc, properties: ['read', 'write-without-response'], write: write(BreezeChar.wwnrc) },
          { uuid: BreezeChar.nc, properties: ['read', 'notify'], subscribed: subscribed(BreezeChar.nc) },
        ],
      },
    ],
    (frame) => hooks.sendL2cap(frame),
    clock,
    { serverMtu: 247, responseDelayMs: () => hooks.responseDelayMs() },
  )
  return server
}

/** The firmware answering ERR to a Wi-Fi config it decoded: its EXT_UP reply is replaced by the plain ERR frame. */
function refuse(step: DeviceStep): DeviceStep {
  const config = step.events.find((e) => e.type === 'wifi-config')
  if (!config) return step
  return {
    actions: step.actions.map((a) => {
      if (a.kind !== 'indicate') return a
      const frame = parseFrame(a.value)
      return frame.ok && frame.value.cmd === BreezeCmd.EXT_UP ? { ...a, value: ERR_FRAME } : a
    }),
    events: step.events.map((e) => (e.type === 'wifi-config' ? { ...e, accepted: false } : e)),
  }
}

/**
 * Is this write the first frame of a multi-frame EXT_DOWN message? After authentication that is the Wi-Fi config
 * (its nested TLVs never fit one 16-byte block); one-frame EXT_DOWNs are queries.
 */
export function startsMultiFrameExtDown(value: Uint8Array): boolean {
  return value.length >= 4 && value[1] === BreezeCmd.EXT_DOWN && (value[2] & 0x0f) === 0 && value[2] >> 4 > 0
}
