import { InvalidArgumentError } from './errors.js'
import type { Interval } from './interval.js'

/** The most buckets one read may cover; a larger range is almost always a mistake. */
export const MAX_RANGE_BUCKETS = 1_000_000

/** How a caller chose the buckets of a `series` read. */
export interface RangeOptions {
  start?: number | Date
  end?: number | Date
  steps?: number
}

/**
 * The ascending bucket starts a `series` read covers: from `start` to `end`, `steps`
 * from `start` forwards or back to `end`, or the `steps` buckets ending now.
 * `start` and `end` are already-checked epoch milliseconds (or undefined).
 */
export function bucketRange(
  interval: Interval,
  start: number | undefined,
  end: number | undefined,
  steps: number | undefined,
  now: number,
): number[] {
  const { step } = interval
  const count = checkSteps(steps ?? interval.steps ?? 1)

  if (start !== undefined && end !== undefined) {
    if (start > end) throw new InvalidArgumentError('start', start, `is after end (${end})`)
    const tooMany = () =>
      new InvalidArgumentError(
        'range',
        `${start}…${end}`,
        `covers more than ${MAX_RANGE_BUCKETS} buckets`,
      )
    return walk(interval, step.floor(start), (b) => b <= end, Number.POSITIVE_INFINITY, tooMany)
  }
  if (start !== undefined) return walk(interval, step.floor(start), () => true, count)

  const last = step.floor(end ?? now)
  return walk(interval, step.add(last, 1 - count), () => true, count)
}

function walk(
  interval: Interval,
  first: number,
  within: (bucket: number) => boolean,
  limit: number,
  tooMany?: () => Error,
): number[] {
  const buckets: number[] = []
  for (let b = first; within(b) && buckets.length < limit; b = interval.step.add(b, 1)) {
    if (buckets.length >= MAX_RANGE_BUCKETS && tooMany) throw tooMany()
    buckets.push(b)
  }
  return buckets
}

function checkSteps(steps: unknown): number {
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps <= 0) {
    throw new InvalidArgumentError('steps', steps, 'must be a positive whole number of buckets')
  }
  if (steps > MAX_RANGE_BUCKETS) {
    throw new InvalidArgumentError('steps', steps, `must be at most ${MAX_RANGE_BUCKETS}`)
  }
  return steps
}
