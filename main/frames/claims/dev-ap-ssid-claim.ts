import type { ProvisioningClaim } from './claim-types'

// PROTOCOLS-awss.md §6: a device in dev-AP mode opens "adh_<productKey>_<last 3 MAC bytes as 6 upper-case hex>".
// Its beacons and probe responses, and a phone probing for it, are what a dev-ap session looks like on the air.
const DEV_AP_SSID = /^adh_[A-Za-z0-9]{1,32}_[0-9A-F]{6}$/

export const devApSsidClaim: ProvisioningClaim = {
  id: 'dev-ap-ssid',
  method: 'dev-ap-config',
  label: 'Dev-AP hotspot SSID (adh_…)',
  create: () => ({
    claims(frame) {
      const ssid = frame.wifi?.ssid
      return ssid !== undefined && ssid.startsWith('adh_') && DEV_AP_SSID.test(ssid)
    },
    annotate(frame, decoded) {
      if (decoded.kind !== 'ieee80211' || decoded.ssid === undefined) return []
      const match = /^adh_(.+)_([0-9A-F]{6})$/.exec(decoded.ssid)
      const ie = decoded.ies?.find((e) => e.id === 0)
      if (!match) return []
      return [
        {
          label: 'Dev-AP hotspot of an unprovisioned device (§6)',
          value: `product key ${match[1]}, MAC ends ${match[2].match(/../g)!.join(':')}`,
          ...(ie ? { offset: ie.offset, length: 2 + ie.length } : {}),
        },
      ]
    },
  }),
}
