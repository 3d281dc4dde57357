import { useTranslation } from 'react-i18next'
import { useCommand, useStream } from '../../client/hooks'
import './QrPanel.css'

/**
 * The QR a camera scans (webcam-config). main renders it once the session reaches that step, so until then the
 * answer is null and every event of this session asks again.
 */
export function QrPanel({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation()
  const qr = useCommand('sessions.qr', { id: sessionId })
  useStream('sessions.updated', (event) => {
    if (event.session.id === sessionId && !qr.data && !qr.loading) qr.reload()
  })
  if (!qr.data) {
    return (
      <div className="qr-panel qr-waiting muted" aria-busy="true">
        {qr.error ? qr.error.message : t('qr.waiting')}
      </div>
    )
  }
  return (
    <figure className="qr-panel">
      <img className="qr-image" src={qr.data.pngDataUrl} alt={t('qr.alt')} width={360} height={360} />
      <figcaption className="qr-caption">
        <div className="muted">{t('qr.instructions')}</div>
        <div className="qr-payload-label" id={`qr-payload-${sessionId}`}>
          {t('qr.payload')}
        </div>
        <code className="qr-payload" aria-labelledby={`qr-payload-${sessionId}`} data-testid="qr-payload">
          {qr.data.maskedPayload}
        </code>
      </figcaption>
    </figure>
  )
}
