import { smartconfigBcastClaim, smartconfigMcastClaim } from '../../awss-oracle/frame-claims'
import type { ProvisioningClaim } from './claim-types'
import { devApSsidClaim } from './dev-ap-ssid-claim'
import { p2pDeviceNameClaim } from './p2p-device-name-claim'
import { zeroConfigIeClaim } from './zero-config-ie-claim'

/**
 * Every "provisioning-related" classifier. A decoder that claims frames adds one line here (at most 32: each gets a
 * bit in the frame store, in this order, so append rather than reorder).
 */
export const provisioningClaims: readonly ProvisioningClaim[] = [zeroConfigIeClaim, p2pDeviceNameClaim, devApSsidClaim, smartconfigBcastClaim, smartconfigMcastClaim]

export const MAX_CLAIMS = 32
