// The ATT client bearer of a lab connection (Core Vol 3 Part F §3.3): one request outstanding at a time, the
// 30 s transaction rule made configurable, notifications delivered, indications confirmed after delivery.
import { type AttPdu, buildAttPdu, parseAttPdu } from '../../../codec/ble/att'
import { buildL2capFrame, L2capCid, parseL2capFrame } from '../../../codec/ble/l2cap'
import type { Clock } from '../../../runtime/clock'
import { attErrorText, BleError } from '../errors'

const RESPONSE_OF: Partial<Record<AttPdu['op'], AttPdu['op']>> = {
  'exchange-mtu-req': 'exchange-mtu-rsp',
  'find-information-req': 'find-information-rsp',
  'read-by-type-req': 'read-by-type-rsp',
  'read-by-group-type-req': 'read-by-group-type-rsp',
  'read-req': 'read-rsp',
  'write-req': 'write-rsp',
}

const REQUEST_OPCODE: Partial<Record<AttPdu['op'], number>> = {
  'exchange-mtu-req': 0x02,
  'find-information-req': 0x04,
  'read-by-type-req': 0x08,
  'read-req': 0x0a,
  'read-by-group-type-req': 0x10,
  'write-req': 0x12,
}

interface Pending {
  pdu: AttPdu
  timeoutMs: number
  signal?: AbortSignal
  resolve(pdu: AttPdu): void
  reject(error: Error): void
  abandoned?: boolean
  cancelTimer?: () => void
}

export const DEFAULT_ATT_TIMEOUT_MS = 30_000

export class AttClient {
  private queue: Pending[] = []
  private current: Pending | undefined
  private closed: BleError | undefined

  onNotification: (handle: number, value: Uint8Array) => void = () => {}
  onIndication: (handle: number, value: Uint8Array) => void = () => {}

  constructor(
    private readonly sendL2cap: (frame: Uint8Array) => void,
    private readonly clock: Clock,
    /** A transaction timed out: the bearer may not be used again, so the link has to go. */
    private readonly onTransactionTimeout: () => void,
  ) {}

  request(pdu: AttPdu, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<AttPdu> {
    if (this.closed) return Promise.reject(this.closed)
    if (!RESPONSE_OF[pdu.op]) return Promise.reject(new Error(`${pdu.op} is not an ATT request`))
    if (opts.signal?.aborted) return Promise.reject(new BleError('aborted', 'aborted'))
    return new Promise((resolve, reject) => {
      this.queue.push({ pdu, timeoutMs: opts.timeoutMs ?? DEFAULT_ATT_TIMEOUT_MS, signal: opts.signal, resolve, reject })
      this.pump()
    })
  }

  /** Write Command: no response, no queueing behind requests (ATT allows commands at any time). */
  command(pdu: AttPdu): void {
    if (this.closed) throw this.closed
    this.send(pdu)
  }

  close(error: BleError): void {
    if (this.closed) return
    this.closed = error
    const all = [...(this.current ? [this.current] : []), ...this.queue]
    this.current = undefined
    this.queue = []
    for (const p of all) {
      p.cancelTimer?.()
      if (!p.abandoned) p.reject(error)
    }
  }

  private send(pdu: AttPdu): void {
    const att = buildAttPdu(pdu)
    if (!att.ok) throw new Error(`ATT ${pdu.op}: ${att.error.reason}`)
    const l2cap = buildL2capFrame({ cid: L2capCid.att, payload: att.value })
    if (!l2cap.ok) throw new Error(`L2CAP: ${l2cap.error.reason}`)
    this.sendL2cap(l2cap.value)
  }

  private pump(): void {
    if (this.current || this.closed) return
    const next = this.queue.shift()
    if (!next) return
    if (next.signal?.aborted) {
      next.reject(new BleError('aborted', 'aborted'))
      return this.pump()
    }
    this.current = next
    const onAbort = () => {
      next.abandoned = true
      next.reject(new BleError('aborted', 'aborted'))
    }
    next.signal?.addEventListener('abort', onAbort, { once: true })
    const cancel = this.clock.timer(next.timeoutMs, () => {
      next.signal?.removeEventListener('abort', onAbort)
      const error = new BleError('gatt-timeout', `no answer to ${next.pdu.op} within ${next.timeoutMs} ms`)
      this.current = undefined
      if (!next.abandoned) next.reject(error)
      this.close(error)
      this.onTransactionTimeout()
    })
    next.cancelTimer = () => {
      cancel()
      next.signal?.removeEventListener('abort', onAbort)
    }
    this.send(next.pdu)
  }

  /** An L2CAP frame from the link: responses, notifications and indications on the ATT channel. */
  receive(frame: Uint8Array): void {
    const l2cap = parseL2capFrame(frame)
    if (!l2cap.ok || l2cap.value.cid !== L2capCid.att) return
    const parsed = parseAttPdu(l2cap.value.payload)
    if (!parsed.ok) return
    const pdu = parsed.value
    if (pdu.op === 'notification') return this.onNotification(pdu.handle, Uint8Array.from(pdu.value))
    if (pdu.op === 'indication') {
      this.onIndication(pdu.handle, Uint8Array.from(pdu.value))
      if (!this.closed) this.send({ op: 'confirmation' })
      return
    }
    const current = this.current
    if (!current) return
    const expected = RESPONSE_OF[current.pdu.op]
    const isError = pdu.op === 'error-rsp' && pdu.requestOpcode === REQUEST_OPCODE[current.pdu.op]
    if (pdu.op !== expected && !isError) return
    current.cancelTimer?.()
    this.current = undefined
    if (!current.abandoned) {
      if (isError && pdu.op === 'error-rsp') {
        current.reject(new BleError('att-error', `${current.pdu.op} refused: ${attErrorText(pdu.errorCode)}`, pdu.errorCode))
      } else current.resolve(pdu)
    }
    this.pump()
  }
}
