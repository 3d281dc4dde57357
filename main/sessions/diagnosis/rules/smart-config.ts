import type { Rule } from '../rule'

// smart-config observation codes (main/methods/smart-config.ts). Add one rule per code (or per code and fact
// condition), each with an example the rules test runs; the cause must exist in causes/.
//
// 'smartconfig-no-decode' facts come from the lab device's own events (ground truth): the offset it applied to our
// frames, password errors, other phones it locked on, multicast the router dropped; plus the band and security of the
// target network as the workstation saw it.
const sc = ['smart-config'] as const

export const smartConfigRules: Rule[] = [
  {
    id: 'smart-config/other-sender',
    code: 'smartconfig-other-sender',
    methods: sc,
    cause: 'smartconfig.interference',
    strength: 'ground-truth',
    example: { method: 'smart-config', facts: { sender: '02:00:1f:00:0a:02', encoding: 'bcast' }, failedStep: 'device-decoded' },
  },
  {
    id: 'smart-config/no-decode/password-error',
    code: 'smartconfig-no-decode',
    methods: sc,
    when: (facts) => Number(facts.passwordErrors) > 0,
    cause: 'smartconfig.wrong-product-secret',
    strength: 'ground-truth',
    example: { method: 'smart-config', facts: { locked: true, passwordErrors: 3, heardOurFrames: true }, failedStep: 'device-decoded' },
  },
  {
    id: 'smart-config/no-decode/multicast-dropped',
    code: 'smartconfig-no-decode',
    methods: sc,
    when: (facts) => facts.multicastDropped === true && facts.encoding === 'mcast',
    cause: 'smartconfig.multicast-dropped',
    strength: 'ground-truth',
    example: { method: 'smart-config', facts: { encoding: 'mcast', locked: false, multicastDropped: true, heardOurFrames: false }, failedStep: 'device-locked' },
  },
  {
    // The device applied the Duration rule's WEP offset to frames of a protected (WPA/WPA2) network: §2.1.
    id: 'smart-config/no-decode/cipher-misdetected',
    code: 'smartconfig-no-decode',
    methods: sc,
    when: (facts) => facts.offsetReason === 'duration-rule' && facts.networkSecurity !== 'wep' && facts.networkSecurity !== 'open',
    cause: 'smartconfig.cipher-misdetected',
    strength: 'ground-truth',
    example: { method: 'smart-config', facts: { locked: true, heardOurFrames: true, cipher: 'wep', offsetReason: 'duration-rule', networkSecurity: 'wpa2' }, failedStep: 'device-decoded' },
  },
  {
    id: 'smart-config/no-decode/5ghz',
    code: 'smartconfig-no-decode',
    methods: sc,
    when: (facts) => facts.band === '5GHz',
    cause: 'smartconfig.5ghz-network',
    strength: 'specific',
    example: { method: 'smart-config', facts: { locked: false, band: '5GHz', heardOurFrames: false }, failedStep: 'device-locked' },
  },
  {
    // No device was chosen and none heard a thing, while the message on the air was decodable: no device of this
    // product was in pairing mode within reach.
    id: 'smart-config/no-decode/nobody-listening',
    code: 'smartconfig-no-decode',
    methods: sc,
    when: (facts) => facts.oracleDecoded === true && facts.deviceChosen === false && facts.heardOurFrames === false && facts.band !== '5GHz',
    cause: 'smartconfig.decoded-not-announced',
    strength: 'specific',
    example: { method: 'smart-config', facts: { locked: false, oracleDecoded: true, deviceChosen: false, heardOurFrames: false, band: '2.4GHz' }, failedStep: 'device-locked' },
  },
  {
    id: 'smart-config/no-decode/interference',
    code: 'smartconfig-no-decode',
    methods: sc,
    when: (facts) => Number(facts.otherSenders) > 0,
    cause: 'smartconfig.interference',
    strength: 'specific',
    example: { method: 'smart-config', facts: { locked: true, otherSenders: 1, heardOurFrames: true }, failedStep: 'device-decoded' },
  },
  {
    id: 'smart-config/no-decode',
    code: 'smartconfig-no-decode',
    methods: sc,
    cause: 'smartconfig.no-decode',
    strength: 'generic',
    example: { method: 'smart-config', facts: { locked: true, heardOurFrames: true, passwordErrors: 0 }, failedStep: 'device-decoded' },
  },
  {
    id: 'smart-config/no-announce/decoded',
    code: 'no-announce',
    methods: sc,
    when: (facts) => facts.decoded === true,
    cause: 'smartconfig.decoded-not-announced',
    strength: 'specific',
    example: { method: 'smart-config', facts: { decoded: true, waitedMs: 60_000 }, failedStep: 'announce-received' },
  },
  {
    id: 'smart-config/does-not-fit',
    code: 'smartconfig-does-not-fit',
    methods: sc,
    cause: 'smartconfig.does-not-fit',
    strength: 'specific',
    example: { method: 'smart-config', facts: { encoding: 'p2p', needed: 40, limit: 32 }, failedStep: 'preflight' },
  },
  {
    id: 'smart-config/product-unknown',
    code: 'smartconfig-product-unknown',
    methods: sc,
    cause: 'smartconfig.product-unknown',
    strength: 'specific',
    example: { method: 'smart-config', facts: { productKey: '', secretKnown: false }, failedStep: 'preflight' },
  },
  {
    id: 'smart-config/send-unavailable',
    code: 'smartconfig-send-unavailable',
    methods: sc,
    cause: 'smartconfig.sender-unavailable',
    strength: 'specific',
    example: { method: 'smart-config', facts: { encoding: 'bcast', reason: 'no interface' }, failedStep: 'sending' },
  },
]
