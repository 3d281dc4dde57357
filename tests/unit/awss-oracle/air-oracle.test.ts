import { describe, expect, it } from 'vitest'
import { PRODUCT_SECRET, bytes } from '../codec/awss/helpers'
import {
  AP,
  BCAST_26_LENGTHS,
  MCAST_3_DATA,
  MCAST_3_TOKEN,
  OTHER_PHONE,
  P2P_4_VALUE,
  PHONE,
  bcastDestinations,
  beacon,
  loopbackDatagram,
  mcastDestinations,
  p2pProbe,
  relayedAir,
  runOracle,
} from './air-fixtures'
import { encodeBcast } from '../../../main/codec/awss/index.js'

const secrets = [{ productKey: 'a1Example', secret: PRODUCT_SECRET }]

describe('air oracle: bcast (§2.6 worked example on the air)', () => {
  it('decodes a WPA2 network whose beacon it heard: CCMP offset 52 from the AP list, SSID, password, checksum 0x0B0F', () => {
    const frames = [beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS))]
    const report = runOracle(frames, { productSecrets: secrets }).analysis({ reveal: true })
    expect(report.accessPoints).toEqual([{ bssid: AP, ssid: 'MyWiFi', channel: 6, groupCipher: 'ccmp', pairwiseCipher: 'ccmp' }])
    expect(report.senders).toHaveLength(1)
    const sender = report.senders[0]
    expect(sender).toMatchObject({ sender: PHONE, encoding: 'bcast', bssid: AP, status: 'decoded', productKey: 'a1Example' })
    expect(sender.offset).toMatchObject({ cipher: 'ccmp', bytes: 52, reason: 'ap-list' })
    expect(sender.ssid).toMatchObject({ display: 'MyWiFi', source: 'frames' })
    expect(sender.password).toEqual({ length: 8, revealed: '12345678' })
    expect(sender.checksum).toEqual({ ok: true, received: 0x0b0f, computed: 0x0b0f })
    expect(sender.structure?.ciphertextHex).toBe('efcb7d880809148f')
    expect(sender.received).toEqual({ count: 23, expected: 23 })
    expect(sender.lockedAtMs).toBe(1000)
    expect(sender.decodedAtMs).toBeGreaterThan(sender.lockedAtMs!)
    expect(sender.cycles[0].positions.length).toBeGreaterThan(0)
    expect(report.firstLockedSender).toBe(PHONE)
  })

  it('keeps the password in main unless asked: without reveal only its length leaves the oracle', () => {
    const report = runOracle([beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS))], { productSecrets: secrets }).analysis()
    expect(report.senders[0].password).toEqual({ length: 8 })
    expect(JSON.stringify(report)).not.toContain('12345678')
  })

  it('without the beacon picks WEP by the Duration rule (44), decodes nothing, and says CCMP would have worked', () => {
    const report = runOracle(relayedAir(bcastDestinations(BCAST_26_LENGTHS), { cycles: 3 }), { productSecrets: secrets }).analysis()
    const sender = report.senders[0]
    expect(sender.offset).toMatchObject({ cipher: 'wep', bytes: 44, reason: 'duration-rule' })
    expect(sender.status).not.toBe('decoded')
    expect(sender.password).toBeUndefined()
    expect(sender.decodableWith).toEqual(['ccmp'])
    expect(sender.notes.join(' ')).toMatch(/CCMP offset these frames decode/)
  })

  it('the beacon heard mid-way fixes the offset from then on (the device catches the beacon while frames arrive)', () => {
    const air = relayedAir(bcastDestinations(BCAST_26_LENGTHS), { cycles: 4 })
    const half = air.length / 2
    const frames = [...air.slice(0, half), beacon(AP, 'MyWiFi', 'wpa2', air[half].timeMs), ...air.slice(half)]
    const sender = runOracle(frames, { productSecrets: secrets }).analysis().senders[0]
    expect(sender.status).toBe('decoded')
    expect(sender.offset?.reason).toBe('ap-list')
  })

  it('decodes an open network with the Protected bit clear (offset 36)', () => {
    const sender = runOracle(relayedAir(bcastDestinations(BCAST_26_LENGTHS), { protected: false }), { productSecrets: secrets }).analysis().senders[0]
    expect(sender.offset).toMatchObject({ cipher: 'open', bytes: 36, reason: 'unprotected' })
    expect(sender.status).toBe('decoded')
  })

  it('reports structure and ciphertext when no productSecret is known', () => {
    const sender = runOracle([beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS))]).analysis({ reveal: true }).senders[0]
    expect(sender.status).toBe('decoded')
    expect(sender.password).toBeUndefined()
    expect(sender.structure).toMatchObject({ total: 23, flag: 5, ssidMode: 'ascii', ciphertextHex: 'efcb7d880809148f' })
    expect(sender.notes.join(' ')).toMatch(/no productSecret/)
  })

  it('says password-error when the known secrets do not decrypt it (wrong productSecret)', () => {
    const sender = runOracle([beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS))], { productSecrets: [{ secret: 'another-secret-xyz' }] }).analysis().senders[0]
    expect(sender.status).toBe('password-error')
    expect(sender.notes.join(' ')).toMatch(/none of the known productSecrets/)
  })

  it('decodes through 30% frame loss over several cycles (each position has a ToDS and a FromDS chance)', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
    const frames = [beacon(), ...relayedAir(bcastDestinations(BCAST_26_LENGTHS), { cycles: 6, drop: () => random() < 0.3 })]
    const sender = runOracle(frames, { productSecrets: secrets }).analysis({ reveal: true }).senders[0]
    expect(sender.status).toBe('decoded')
    expect(sender.password?.revealed).toBe('12345678')
  })

  it('keeps two concurrent senders apart and names the one a single device would lock on first', () => {
    const ours = relayedAir(bcastDestinations(BCAST_26_LENGTHS), { sa: PHONE, cycles: 2, startMs: 1005 })
    const other = encodeBcast({ ssid: 'Neighbour', password: 'secret-99', productSecret: PRODUCT_SECRET, ssidMode: 'ascii' })
    if (!other.ok) throw new Error(other.error.reason)
    // The neighbour's phone is on its own AP: on the same BSSID the device would take the SSID from its AP list.
    const neighbourAp = '66:55:44:33:22:11'
    const theirs = relayedAir(bcastDestinations(other.value.lengths), { sa: OTHER_PHONE, bssid: neighbourAp, cycles: 2, startMs: 1000 })
    const frames = [beacon(), beacon(neighbourAp, 'Neighbour'), ...[...ours, ...theirs].sort((a, b) => a.timeMs - b.timeMs)]
    const report = runOracle(frames, { productSecrets: secrets }).analysis({ reveal: true })
    const bySender = Object.fromEntries(report.senders.map((s) => [s.sender, s]))
    expect(bySender[PHONE].ssid?.display).toBe('MyWiFi')
    expect(bySender[PHONE].password?.revealed).toBe('12345678')
    expect(bySender[OTHER_PHONE].ssid?.display).toBe('Neighbour')
    expect(bySender[OTHER_PHONE].password?.revealed).toBe('secret-99')
    expect(report.firstLockedSender).toBe(OTHER_PHONE)
  })
})

describe('air oracle: mcast (§3) and p2p (§4) worked examples', () => {
  it('decodes mcast from the destination MACs: SSID, password, BSSID tail and the final bind token', () => {
    const frames = [beacon(), ...relayedAir(mcastDestinations(MCAST_3_DATA))]
    const sender = runOracle(frames, { productSecrets: secrets }).analysis({ reveal: true }).senders[0]
    expect(sender).toMatchObject({ encoding: 'mcast', status: 'decoded', bindToken: MCAST_3_TOKEN, bssid: AP })
    expect(sender.offset).toMatchObject({ cipher: 'ccmp', bytes: 52 })
    expect(sender.password?.revealed).toBe('12345678')
    expect(sender.ssid?.display).toBe('MyWiFi')
    expect(sender.structure).toMatchObject({ total: 27, flag: 199, bssidTail: '445566', appTokenHex: 'aabbcc' })
  })

  it('mcast without the beacon: 53 - 44 = 9, every frame is dropped, and CCMP is named as the offset that works', () => {
    const sender = runOracle(relayedAir(mcastDestinations(MCAST_3_DATA)), { productSecrets: secrets }).analysis().senders[0]
    expect(sender.offset?.reason).toBe('duration-rule')
    expect(sender.status).toBe('listening')
    expect(sender.received.count).toBe(0)
    expect(sender.decodableWith).toEqual(['ccmp'])
  })

  it('decodes the p2p Device Name of a probe request', () => {
    const sender = runOracle([p2pProbe(bytes(P2P_4_VALUE))], { productSecrets: secrets }).analysis({ reveal: true }).senders[0]
    expect(sender).toMatchObject({ encoding: 'p2p', status: 'decoded', sender: '02:99:88:77:66:55' })
    expect(sender.ssid?.display).toBe('MyWiFi')
    expect(sender.password?.revealed).toBe('12345678')
    expect(sender.offset).toBeUndefined()
  })
})

describe('air oracle: wired (loopback) captures', () => {
  it('rebuilds lengths from Ethernet frames with blank MACs: subnet broadcast = bcast, 239.x = mcast, sender = ip:port', () => {
    const frames = [
      ...BCAST_26_LENGTHS.map((l, i) => loopbackDatagram('127.0.0.5', 40000, '127.255.255.255', l, 1000 + i)),
      ...mcastDestinations(MCAST_3_DATA).map((d, i) => loopbackDatagram('127.0.0.6', 40001, d.dstIp, 1, 2000 + i)),
    ]
    const report = runOracle(frames, { productSecrets: secrets }).analysis({ reveal: true })
    const bcast = report.senders.find((s) => s.encoding === 'bcast')!
    const mcast = report.senders.find((s) => s.encoding === 'mcast')!
    expect(bcast).toMatchObject({ sender: '127.0.0.5:40000', status: 'decoded', offset: { cipher: 'wired', bytes: 36, reason: 'wired' } })
    expect(bcast.password?.revealed).toBe('12345678')
    expect(mcast).toMatchObject({ sender: '127.0.0.6:40001', status: 'decoded', bindToken: MCAST_3_TOKEN })
    expect(bcast.decodableWith).toEqual([])
  })
})
