import type { Results } from './results.js'

/**
 * A figure held against a reference: a fixed target, or another figure such as a raw limit.
 * With `min` it is a goal (a target to report, never an assertion); without, a ratio shown for
 * context.
 */
export interface Comparison {
  /** The figure compared. */
  readonly figure: string
  /** A fixed number, or the id of the figure to divide by. */
  readonly against: number | string
  /** Shown after the ratio, such as `HINCRBY req/s`. */
  readonly againstLabel: string
  /** The goal as people read it; absent for a ratio shown for context. */
  readonly goal?: string
  /** The least ratio that meets the goal. */
  readonly min?: number
  /** Multiplies the figure before dividing, such as buckets per series read. */
  readonly factor?: number
}

/** A comparison worked out on one run's figures. */
export interface ComparisonOutcome extends Comparison {
  /** `undefined` when either side was not measured in this run. */
  readonly ratio: number | undefined
  readonly met: boolean | undefined
}

/** Buckets in one daily series read of the read phase. */
const SERIES_BUCKETS = 181

const KAIROS_INGESTS = ['delay', 'count', 'distance'] as const

/** The goals of the brief, plus ratios of kairos figures to the raw limits. */
export function benchComparisons(results: Results): Comparison[] {
  return [
    {
      figure: 'memory.ingest.delay',
      against: 2_000_000,
      againstLabel: 'goal',
      goal: '≥ 2 000 000 events/s',
      min: 1,
    },
    {
      figure: 'memory.ingest.delay',
      against: 'limits.plain-map',
      againstLabel: 'plain Map ingest',
    },
    {
      figure: 'redis.ingest.delay',
      against: 1_000_000,
      againstLabel: 'goal',
      goal: '≥ 1 000 000 events/s',
      min: 1,
    },
    {
      figure: 'redis.ingest.delay',
      against: 'limits.redis.hincrby',
      againstLabel: 'HINCRBY req/s',
      goal: '≥ 1.0× HINCRBY req/s',
      min: 1,
    },
    {
      figure: 'redis.ingest.delay.server-bound',
      against: 1_000_000,
      againstLabel: 'goal',
    },
    {
      figure: 'redis.ingest.delay',
      against: 'redis.ingest.delay.server-bound',
      againstLabel: 'server CPU bound',
    },
    {
      figure: 'redis.read.series',
      against: 3_000,
      againstLabel: 'goal',
      goal: '≥ 3 000 series/s',
      min: 1,
    },
    {
      figure: 'redis.read.series.server-bound',
      against: 3_000,
      againstLabel: 'goal',
    },
    {
      figure: 'redis.read.series',
      against: 'redis.read.series.server-bound',
      againstLabel: 'server CPU bound',
    },
    {
      figure: 'redis-cluster.ingest.delay',
      against: 'redis.ingest.delay',
      againstLabel: 'single Redis',
      goal: '≥ 0.8× single Redis',
      min: 0.8,
    },
    {
      figure: 'mongo.ingest.delay',
      against: 'limits.mongo.bulkWrite',
      againstLabel: 'raw bulkWrite',
      goal: '≥ 1.0× raw bulkWrite',
      min: 1,
    },
    ...scaleGoals(results),
    ...limitRatios(),
  ]
}

/** Events per second at the largest size at least 0.75× those at 100 000, per store. */
function scaleGoals(results: Results): Comparison[] {
  const rates = results.figures.filter((f) => f.phase === 'scale' && f.unit === 'events/s')
  const stores = [...new Set(rates.map((figure) => figure.subject))]

  return stores.flatMap((store) => {
    const sizes = rates
      .filter((figure) => figure.subject === store)
      .map((figure) => Number(figure.detail?.events))
    const largest = Math.max(...sizes)
    if (!sizes.includes(100_000) || largest <= 100_000) return []

    return [
      {
        figure: `${store}.scale.${largest}`,
        against: `${store}.scale.100000`,
        againstLabel: 'rate at 100 000',
        goal: '≥ 0.75× events/s at 100 000',
        min: 0.75,
      },
    ]
  })
}

function limitRatios(): Comparison[] {
  const redisLike = ['redis', 'redis-cluster'] as const
  return [
    ...redisLike.flatMap((store) =>
      KAIROS_INGESTS.filter((key) => !(store === 'redis' && key === 'delay')).map((key) => ({
        figure: `${store}.ingest.${key}`,
        against: 'limits.redis.hincrby',
        againstLabel: 'HINCRBY req/s',
      })),
    ),
    ...redisLike.map((store) => ({
      figure: `${store}.read.series`,
      against: 'limits.redis.hgetall',
      againstLabel: 'HGETALL req/s (181 buckets a series)',
      factor: SERIES_BUCKETS,
    })),
    ...redisLike.map((store) => ({
      figure: `${store}.read.series`,
      against: 'limits.redis.hgetall-day',
      againstLabel: "HGETALL req/s of a day's size (181 a series)",
      factor: SERIES_BUCKETS,
    })),
    ...KAIROS_INGESTS.filter((key) => key !== 'delay').map((key) => ({
      figure: `mongo.ingest.${key}`,
      against: 'limits.mongo.bulkWrite',
      againstLabel: 'raw bulkWrite',
    })),
  ]
}

/**
 * Works out every comparison whose figure was measured.
 *
 * @returns the outcomes; a missing reference gives an undefined ratio
 */
export function evaluateComparisons(
  results: Results,
  comparisons: readonly Comparison[],
): ComparisonOutcome[] {
  return comparisons.flatMap((comparison) => {
    const figure = results.find(comparison.figure)
    if (figure === undefined) return []

    const reference =
      typeof comparison.against === 'number'
        ? comparison.against
        : results.find(comparison.against)?.value
    const ratio =
      reference === undefined || reference === 0
        ? undefined
        : (figure.value * (comparison.factor ?? 1)) / reference
    const met =
      ratio === undefined || comparison.min === undefined ? undefined : ratio >= comparison.min
    return [{ ...comparison, ratio, met }]
  })
}
