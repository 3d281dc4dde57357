import { z } from 'zod'
import { command } from './define'
import { Empty, MethodId, Profile } from './common'
import { SessionSummary } from './sessions'

/** Which sessions an aggregate covers. Times are ms since the epoch: `from` inclusive, `to` exclusive. */
export const StatsFilter = z
  .object({
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    methods: z.array(MethodId).max(MethodId.options.length).optional(),
    deviceModel: z.string().max(200).optional(),
    ssid: z.string().max(64).optional(),
    /** Lab or hardware. */
    profile: Profile.optional(),
  })
  .strict()
export type StatsFilter = z.infer<typeof StatsFilter>

export const Quantiles = z.object({
  min: z.number(),
  p10: z.number(),
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  max: z.number(),
  mean: z.number(),
})
export type Quantiles = z.infer<typeof Quantiles>

/** Time-to-confirmed (start to success) of one method: quantiles and counts per shared histogram bin. */
export const MethodDistribution = z.object({
  method: MethodId,
  count: z.number().int(),
  quantiles: Quantiles.nullable(),
  /** counts[i] = sessions with binEdgesMs[i] <= duration < binEdgesMs[i+1] (the last bin includes its upper edge). */
  counts: z.array(z.number().int()),
})
export type MethodDistribution = z.infer<typeof MethodDistribution>

export const Distribution = z.object({ binEdgesMs: z.array(z.number()), methods: z.array(MethodDistribution) })
export type Distribution = z.infer<typeof Distribution>

/** Mean time spent per step (all attempts) over a method's successful sessions: one stacked bar per method. */
export const StepBreakdown = z.object({
  method: MethodId,
  sessions: z.number().int(),
  steps: z.array(
    z.object({
      name: z.string(),
      meanMs: z.number(),
      /** Share of the mean total, 0..1. */
      share: z.number(),
      /** How many of the sessions ran this step. */
      sessionsWithStep: z.number().int(),
    }),
  ),
})
export type StepBreakdown = z.infer<typeof StepBreakdown>

export const OutcomeCounts = z.object({
  total: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  interrupted: z.number().int(),
  running: z.number().int(),
  /** succeeded / (succeeded + failed + interrupted): cancelled and running sessions decide nothing. Null with none. */
  rate: z.number().nullable(),
})
export type OutcomeCounts = z.infer<typeof OutcomeCounts>

export const MethodSuccess = OutcomeCounts.extend({ method: MethodId })
export type MethodSuccess = z.infer<typeof MethodSuccess>

export const SuccessOverTime = z.object({
  /** Bucket width: an hour, a day or a week, chosen from the time range. */
  bucketMs: z.number().int(),
  buckets: z.array(z.object({ start: z.number(), method: MethodId, succeeded: z.number().int(), decided: z.number().int(), rate: z.number().nullable() })),
})
export type SuccessOverTime = z.infer<typeof SuccessOverTime>

export const CauseCount = z.object({ method: MethodId, causeId: z.string(), title: z.string(), count: z.number().int() })
export type CauseCount = z.infer<typeof CauseCount>

export const TimingReport = z.object({
  filter: StatsFilter,
  sessions: z.number().int(),
  distribution: Distribution,
  steps: z.array(StepBreakdown),
  success: z.array(MethodSuccess),
  overTime: SuccessOverTime,
  failures: z.array(CauseCount),
})
export type TimingReport = z.infer<typeof TimingReport>

export const AbSide = OutcomeCounts.extend({
  method: MethodId,
  quantiles: Quantiles.nullable(),
  counts: z.array(z.number().int()),
  topCauses: z.array(z.object({ causeId: z.string(), title: z.string(), count: z.number().int() })),
})
export type AbSide = z.infer<typeof AbSide>

export const AbInput = z.object({ filter: StatsFilter.optional(), deviceModel: z.string().max(200), methodA: MethodId, methodB: MethodId })
export type AbInput = z.infer<typeof AbInput>

export const AbReport = z.object({
  deviceModel: z.string(),
  binEdgesMs: z.array(z.number()),
  a: AbSide,
  b: AbSide,
  /** B's median minus A's, ms (null unless both succeeded at least once). */
  p50DeltaMs: z.number().nullable(),
  /** Two-proportion z-test on the success rates (null unless both have decided sessions). */
  rateTest: z.object({ z: z.number(), pValue: z.number() }).nullable(),
})
export type AbReport = z.infer<typeof AbReport>

export const StatsFacets = z.object({
  methods: z.array(MethodId),
  deviceModels: z.array(z.string()),
  ssids: z.array(z.string()),
  profiles: z.array(Profile),
  firstStartedAt: z.number().nullable(),
  lastStartedAt: z.number().nullable(),
})
export type StatsFacets = z.infer<typeof StatsFacets>

export const FailureQuery = z.object({
  filter: StatsFilter.optional(),
  method: MethodId.optional(),
  causeId: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(500).optional(),
})
export type FailureQuery = z.infer<typeof FailureQuery>

// Aggregations run in main over the session store; the renderer only draws what comes back.
export const stats = {
  timing: command(StatsFilter, TimingReport),
  compare: command(AbInput, AbReport),
  facets: command(Empty, StatsFacets),
  failures: command(FailureQuery, z.array(SessionSummary)),
}
