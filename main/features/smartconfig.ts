import { AirOracle } from '../awss-oracle/air-oracle'
import { analyzeCaptureFile } from '../awss-oracle/capture-file'
import { oracleSink } from '../awss-oracle/capture-sink'
import { followFrameStore } from '../awss-oracle/frames-follower'
import type { ProductSecretCandidate } from '../awss-oracle/sender-track'
import { checkAllEncodings } from '../codec/awss/index.js'
import { framesServiceOf } from '../frames/frames-service'
import { CaptureError } from '../radio/capture/capture-source'
import { LabAirSource } from '../radio/capture/lab-air-source'
import { HardwareSmartconfigLink } from '../radio/lan/smartconfig-sender-hardware'
import { LabSmartconfigLink } from '../radio/lan/smartconfig-sender-lab'
import { setSmartconfigLink } from '../radio/lan/smartconfig-sender-links'
import { registerSecret } from '../runtime/log'
import type { Station } from '../station'
import { CommandError } from '../transport/handlers'

const PUSH_INTERVAL_MS = 250

/**
 * smart-config on this station: the sender's route (the lab router's socket, or the Wi-Fi interface), the live air
 * oracle over the lab air, and the awss.* contract (capacity pre-flight, file analysis, live report, pushed updates).
 */
export async function installSmartconfig(station: Station): Promise<() => Promise<void>> {
  const lab = station.lab
  const link = lab ? new LabSmartconfigLink(lab, station.log.child('smartconfig')) : new HardwareSmartconfigLink(station.radios, () => station.products.secretCandidates(), { interfaceName: undefined })
  setSmartconfigLink(station.radios, link)

  const live = new AirOracle({ productSecrets: link.productSecrets() })
  let liveSource: LabAirSource | undefined
  if (lab) {
    liveSource = new LabAirSource(lab.air, lab.scenario.workstation.position)
    await liveSource.start(oracleSink(live))
  }
  // The Frames view's oracle: follows its store, whatever the source (lab air, live capture, file).
  const framesOracle = new AirOracle({ productSecrets: link.productSecrets() })
  const store = framesServiceOf(station)?.store
  const follower = store ? followFrameStore(store, framesOracle) : undefined
  const report = (source: 'station' | 'frames', reveal = false) =>
    source === 'frames'
      ? { ...framesOracle.analysis({ reveal }), source, frames: follower?.frames() ?? 0 }
      : { ...live.analysis({ reveal }), source }

  const pushed = { station: -1, frames: -1 }
  let pushTimer: NodeJS.Timeout | undefined
  const push = () => {
    if (live.version !== pushed.station) {
      pushed.station = live.version
      station.bus.emit('awss.updated', report('station'))
    }
    if (framesOracle.version !== pushed.frames) {
      pushed.frames = framesOracle.version
      station.bus.emit('awss.updated', report('frames'))
    }
    pushTimer = setTimeout(push, PUSH_INTERVAL_MS)
    pushTimer.unref?.()
  }
  push()

  const h = station.handlers
  h['awss.capacity'] = ({ ssid, password, ssidFromApList }) => Object.values(checkAllEncodings({ ssid, password, ssidFromApList }))
  h['awss.analyzeFile'] = async ({ path, productSecrets, reveal }) => {
    const secrets: ProductSecretCandidate[] = (productSecrets ?? []).map((p) => ({ productKey: p.productKey, secret: p.productSecret }))
    for (const s of secrets) registerSecret(s.secret)
    try {
      const { analysis } = await analyzeCaptureFile(path, { productSecrets: [...secrets, ...link.productSecrets()], reveal })
      return analysis
    } catch (error) {
      if (error instanceof CaptureError) throw new CommandError('invalid-input', `${error.message}${error.remedy ? ` ${error.remedy}` : ''}`, [{ path: 'path', message: error.message }])
      throw error
    }
  }
  h['awss.live'] = ({ reveal, source }) => report(source ?? 'station', reveal)
  h['awss.resetLive'] = ({ source }) => {
    ;(source === 'frames' ? framesOracle : live).reset()
    return { ok: true as const }
  }

  return async () => {
    if (pushTimer) clearTimeout(pushTimer)
    follower?.stop()
    await liveSource?.stop()
  }
}
