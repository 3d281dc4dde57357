import type { CauseDefinition } from '../cause-definition'

// smart-config (bcast, mcast, p2p): causes only this family can end in. Shared Wi-Fi/LAN causes are in shared.ts.
// Add entries here; ids are stable once released (stored with sessions, counted in the Timing view).
export const smartConfigCauses = [] as const satisfies readonly CauseDefinition[]
