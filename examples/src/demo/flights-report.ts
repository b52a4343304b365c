import type { Timeseries } from '@kairos/core'
import type { DailyDelays } from '../flights/daily-delays.js'
import type { ChartSeries } from '../report/time-series.js'
import type { DelayConfig } from './delay-config.js'

/** The first and last instants of the data set, January to June 2001. */
export const FIRST_DAY = Date.UTC(2001, 0, 1)
export const LAST_DAY = Date.UTC(2001, 5, 30)

/** One airport's totals over the half year. */
export interface OriginSummary {
  readonly origin: string
  readonly flights: number
  readonly mean: number | null
  readonly p95: number | null
}

/** Every origin's flights, mean and p95 delay, busiest first: one collapsed read per name. */
export async function summariseOrigins(delays: Timeseries<DelayConfig>): Promise<OriginSummary[]> {
  const names = await delays.list()
  const summaries = await Promise.all(
    names.map(async (origin) => {
      const result = await delays.series(origin, 'month', {
        start: FIRST_DAY,
        end: LAST_DAY,
        collapse: true,
        transform: { flights: 'count', mean: 'mean', p95: 'p95' },
      })
      const figures = [...result.values()][0] as {
        flights: number
        mean: number | null
        p95: number | null
      }
      return { origin, ...figures }
    }),
  )
  return summaries.sort((a, b) => b.flights - a.flights)
}

/** The daily mean and p95 delay of one origin, as chart lines. */
export async function dailyDelayLines(
  delays: Timeseries<DelayConfig>,
  origin: string,
): Promise<ChartSeries[]> {
  const days = await delays.series(origin, 'day', {
    start: FIRST_DAY,
    end: LAST_DAY,
    transform: { mean: 'mean', p95: 'p95' },
  })
  const mean: { timestamp: number; value: number }[] = []
  const p95: { timestamp: number; value: number }[] = []
  for (const [day, figures] of days) {
    const { mean: m, p95: p } = figures as { mean: number | null; p95: number | null }
    if (m !== null) mean.push({ timestamp: day, value: m })
    if (p !== null) p95.push({ timestamp: day, value: p })
  }
  return [
    { name: `${origin} mean delay`, points: mean },
    { name: `${origin} p95 delay`, points: p95 },
  ]
}

/** Flights per calendar month over every origin, joined in one read per name. */
export async function monthlyFlights(
  delays: Timeseries<DelayConfig>,
  origins: readonly string[],
): Promise<Map<number, number>> {
  const months = await delays.series(origins, 'month', {
    start: FIRST_DAY,
    end: LAST_DAY,
    transform: 'count',
  })
  return months as Map<number, number>
}

/**
 * Compares the store's daily mean and p95 over all origins with figures computed straight
 * from the file. Returns how many days agree exactly and the days that do not.
 */
export async function checkAgainstFile(
  delays: Timeseries<DelayConfig>,
  origins: readonly string[],
  reference: DailyDelays,
): Promise<{ agreeing: number; days: number; disagreeing: number[] }> {
  const days = await delays.series(origins, 'day', {
    start: FIRST_DAY,
    end: LAST_DAY,
    transform: { mean: 'mean', p95: 'p95' },
  })
  const expected = new Map(reference.days().map((day) => [day.day, day]))
  const disagreeing: number[] = []
  for (const [day, figures] of days) {
    const want = expected.get(day)
    const got = figures as { mean: number | null; p95: number | null }
    const same =
      want === undefined
        ? got.mean === null
        : got.mean !== null &&
          Math.abs(got.mean - want.mean) <= 1e-9 * Math.abs(want.mean) + 1e-9 &&
          got.p95 === want.percentile
    if (!same) disagreeing.push(day)
  }
  return { agreeing: days.size - disagreeing.length, days: days.size, disagreeing }
}
