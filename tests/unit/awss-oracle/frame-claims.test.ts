import { describe, expect, it } from 'vitest'
import { frameDetail } from '../../../main/frames/frame-detail'
import { frameRow } from '../../../main/frames/frame-rows'
import { FrameStore } from '../../../main/frames/frame-store'
import { smartconfigBcastClaim, smartconfigMcastClaim } from '../../../main/awss-oracle/frame-claims'
import { AirOracle } from '../../../main/awss-oracle/air-oracle'
import { followFrameStore } from '../../../main/awss-oracle/frames-follower'
import { PRODUCT_SECRET } from '../codec/awss/helpers'
import { buildRadiotap } from '../../../main/codec/ieee80211/index.js'
import type { CapturedPacket } from '../../../main/radio/capture/capture-source'
import { BCAST_26_LENGTHS, MCAST_3_DATA, bcastDestinations, beacon, loopbackDatagram, mcastDestinations, relayedAir, type TimedFrame } from './air-fixtures'

const RADIOTAP = { linktype: 127, name: 'test' }
const ETHERNET = { linktype: 1, name: 'lo' }

function captured(frame: TimedFrame): CapturedPacket {
  const seconds = Math.floor(frame.timeMs / 1000)
  const nanoseconds = Math.round((frame.timeMs - seconds * 1000) * 1e6)
  if (frame.linktype === 1) return { iface: ETHERNET, buffer: frame.bytes, offset: 0, length: frame.bytes.length, originalLength: frame.bytes.length, seconds, nanoseconds }
  const rt = buildRadiotap({ rateKbps: 54000, freqMHz: 2437, dbmSignal: -40 })
  const bytes = new Uint8Array(rt.length + frame.bytes.length)
  bytes.set(rt)
  bytes.set(frame.bytes, rt.length)
  return { iface: RADIOTAP, buffer: bytes, offset: 0, length: bytes.length, originalLength: bytes.length, seconds, nanoseconds }
}

const store = () => new FrameStore({ claims: [smartconfigBcastClaim, smartconfigMcastClaim] })

describe('Frames view claims: smart-config bcast and mcast', () => {
  it("claims a bcast sender's frames from its first hint frame on, never the beacons, and explains each length", () => {
    const s = store()
    const frames = [beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS), { cycles: 2 })]
    for (const f of frames) s.append(captured(f))
    expect(s.provisioning).toBe(frames.length - 1)
    expect(frameRow(s, 0)!.claims).toEqual([])
    expect(frameRow(s, 1)!.claims).toEqual(['smart-config-bcast'])
    const detail = JSON.stringify(frameDetail(s, 1))
    // The first datagram is the start frame: 1248 + CCMP's 52 = a 1300-byte body.
    expect(detail).toContain('802.11 body 1300 bytes, protected')
    expect(detail).toContain('If the device assumes CCMP (offset 52)')
    expect(detail).toContain('1248 = start frame (group 0, a hint)')
    // Under WEP's offset the same start frame reads as a data frame (§2.1: the mis-detected cipher).
    expect(detail).toContain('1256 = position 8 of its group, value 104')
  })

  it('claims mcast frames and shows the pair index and data bytes their destination carries', () => {
    const s = store()
    for (const f of [beacon(), ...relayedAir(mcastDestinations(MCAST_3_DATA))]) s.append(captured(f))
    expect(frameRow(s, 1)!.claims).toEqual(['smart-config-mcast'])
    expect(JSON.stringify(frameDetail(s, 1))).toContain('pair 0: data[0] = 27, data[1] = 199')
  })

  it('claims wired (loopback) smart-config datagrams, and leaves ordinary broadcast traffic alone', () => {
    const s = store()
    for (const [i, length] of BCAST_26_LENGTHS.entries()) s.append(captured(loopbackDatagram('127.0.0.9', 40000, '127.255.255.255', length, 1000 + i)))
    // DHCP-like broadcast from another host: no hint, never tracked.
    for (let i = 0; i < 10; i++) s.append(captured(loopbackDatagram('127.0.0.8', 68, '255.255.255.255', 300 + i, 2000 + i)))
    expect(s.provisioning).toBe(BCAST_26_LENGTHS.length)
  })
})

describe('oracle following the Frames view store', () => {
  it('decodes from the claimed frames and the first beacon, per batch; a cleared store (new source) resets it', () => {
    const s = store()
    const oracle = new AirOracle({ productSecrets: [{ secret: PRODUCT_SECRET }] })
    const follower = followFrameStore(s, oracle)
    const frames = [beacon(), beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS), { cycles: 2 })]
    for (const f of frames.slice(0, 20)) s.append(captured(f))
    s.notifyAppended()
    expect(oracle.analysis().senders[0]?.status).toBe('locked')
    for (const f of frames.slice(20)) s.append(captured(f))
    s.notifyAppended()
    const sender = oracle.analysis({ reveal: true }).senders[0]
    expect(sender).toMatchObject({ status: 'decoded', password: { revealed: '12345678' }, offset: { cipher: 'ccmp', reason: 'ap-list' } })
    expect(follower.frames()).toBe(frames.length)
    // The second beacon of the same BSSID was not decoded again: the oracle looked at one beacon and the claimed frames.
    expect(oracle.frameCount).toBe(frames.length - 1)
    s.clear()
    s.append(captured(beacon()))
    s.notifyAppended()
    expect(oracle.analysis().senders).toEqual([])
    follower.stop()
  })
})
