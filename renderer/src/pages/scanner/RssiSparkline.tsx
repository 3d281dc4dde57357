import { sparklinePoints } from './scanner-rows'

const WIDTH = 96
const HEIGHT = 22

/** The RSSI trend of one device: a small line, stronger signal higher; the label says the latest value. */
export function RssiSparkline({ history, label }: { history: readonly number[]; label: string }) {
  const points = sparklinePoints(history, WIDTH, HEIGHT)
  return (
    <svg className="rssi-sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      <line x1="0" x2={WIDTH} y1={HEIGHT - 1} y2={HEIGHT - 1} className="rssi-sparkline-base" />
      {history.length > 1 ? <polyline points={points} fill="none" /> : points ? <circle cx={WIDTH / 2} cy={points.split(',')[1]} r="2" /> : null}
    </svg>
  )
}
