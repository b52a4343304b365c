import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type IntervalConfig, parseInterval } from '../src/interval.js'
import { FixedStep } from '../src/step.js'

const HOUR = 3_600_000
const DAY = 86_400_000

/** Every valid epoch millisecond, as `Date` allows. */
const fullRange = fc
  .bigInt({ min: -8_640_000_000_000_000n, max: 8_640_000_000_000_000n })
  .map(Number)
const anyInstant = fc.bigInt({ min: -3_000_000_000_000n, max: 4_000_000_000_000n }).map(Number)
const stepMs = fc.oneof(
  fc.constantFrom(1, 2, 3, 7, 1000, 60_000, 3_600_000, DAY, 7 * DAY, 365 * DAY),
  fc.integer({ min: 1, max: 1_000_000_000 }),
)

/** The mathematical floor to a multiple of `s`, written without division. */
function floorToMultiple(t: number, s: number): number {
  return t - (((t % s) + s) % s)
}

describe('fixed steps', () => {
  it('floor(t) is t minus its non-negative remainder, before 1970 too', () => {
    fc.assert(
      fc.property(fullRange, stepMs, (t, s) => {
        expect(new FixedStep(s).floor(t)).toBe(floorToMultiple(t, s))
      }),
    )
  })

  it('floor(t) <= t < add(floor(t), 1) and add walks whole steps', () => {
    fc.assert(
      fc.property(anyInstant, stepMs, fc.integer({ min: -1000, max: 1000 }), (t, s, n) => {
        const step = new FixedStep(s)
        const start = step.floor(t)
        expect(start).toBeLessThanOrEqual(t)
        expect(step.add(start, 1)).toBeGreaterThan(t)
        expect(step.add(start, n)).toBe(start + n * s)
        expect(step.add(step.add(start, n), -n)).toBe(start)
      }),
    )
  })

  it('negative times floor downwards, not toward zero', () => {
    const minute = new FixedStep(60_000)
    expect(minute.floor(-1)).toBe(-60_000)
    expect(minute.floor(-60_000)).toBe(-60_000)
    expect(minute.floor(-60_001)).toBe(-120_000)
    expect(new FixedStep(DAY).floor(Date.parse('1969-12-31T23:59:59.999Z'))).toBe(-DAY)
  })

  it('parsed fixed intervals use the same arithmetic', () => {
    const interval = parseInterval('minute', { step: '1m' }, 'UTC')
    expect(interval.step.floor(-1)).toBe(-60_000)
    expect(interval.step.floor(119_999)).toBe(60_000)
  })
})

const ZONES = ['UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia']

const SUB_BUCKETED: readonly IntervalConfig[] = [
  { step: '1h', resolution: '1m' },
  { step: '1d', resolution: '1h' },
  { step: '1w', resolution: '1d' },
  { step: 7 * DAY, resolution: 7 * HOUR },
  { step: 'daily', resolution: '1h' },
  { step: 'daily', resolution: '7m' },
  { step: 'weekly', resolution: 'daily' },
  { step: 'weekly', resolution: '1h' },
  { step: 'monthly', resolution: 'daily' },
  { step: 'monthly', resolution: '1w' },
  { step: 'yearly', resolution: 'monthly' },
  { step: 'yearly', resolution: 'daily' },
]

const subBucketCases = ZONES.flatMap((zone) =>
  SUB_BUCKETED.map((config) => ({ zone, config, label: JSON.stringify(config) })),
)

describe('sub-buckets', () => {
  it.each(subBucketCases)('$label in $zone stay inside their bucket', ({ zone, config }) => {
    const interval = parseInterval('x', config, zone)
    fc.assert(
      fc.property(anyInstant, (t) => {
        const bucket = interval.step.floor(t)
        const end = interval.step.add(bucket, 1)
        const sub = interval.subBucket(bucket, t)

        expect(sub).toBeGreaterThanOrEqual(bucket)
        expect(sub).toBeLessThanOrEqual(t)
        expect(sub).toBeLessThan(end)
        expect(interval.subBucket(bucket, sub)).toBe(sub)
        expect(interval.subBucket(bucket, end - 1)).toBeLessThan(end)
      }),
    )
  })

  it('hourly sub-buckets of a Kathmandu day start on local hours (:15 UTC)', () => {
    const interval = parseInterval('day', { step: 'daily', resolution: '1h' }, 'Asia/Kathmandu')
    const t = Date.parse('2024-05-01T10:40:00+05:45')
    const bucket = interval.step.floor(t)

    expect(bucket).toBe(Date.parse('2024-05-01T00:00:00+05:45'))
    expect(interval.subBucket(bucket, t)).toBe(Date.parse('2024-05-01T10:00:00+05:45'))
  })

  it('the last hour of a 25-hour day is its own sub-bucket inside the day', () => {
    const interval = parseInterval('day', { step: 'daily', resolution: '1h' }, 'America/New_York')
    const bucket = Date.parse('2024-11-03T00:00:00-04:00')
    const lastHour = Date.parse('2024-11-03T23:30:00-05:00')

    expect(interval.step.floor(lastHour)).toBe(bucket)
    expect(interval.subBucket(bucket, lastHour)).toBe(bucket + 24 * HOUR)
  })

  it('an interval whose resolution equals its fixed step has no sub-buckets', () => {
    expect(parseInterval('x', { step: '1h', resolution: '60m' }, 'UTC').resolution).toBeNull()
    expect(parseInterval('x', { step: 'daily', resolution: 'daily' }, 'UTC').resolution).toBeNull()
  })
})

const RETAINED: readonly IntervalConfig[] = [
  { step: '1m' },
  { step: 7 },
  { step: 'daily' },
  { step: 'weekly' },
  { step: 'monthly' },
  { step: 'yearly' },
]

const retentionCases = ['UTC', 'America/Sao_Paulo', 'Australia/Lord_Howe'].flatMap((zone) =>
  RETAINED.map((config) => ({ zone, config, label: JSON.stringify(config) })),
)

describe('retention', () => {
  it.each(retentionCases)('$label in $zone: live iff expiresAt(b) > now', ({ zone, config }) => {
    fc.assert(
      fc.property(
        anyInstant,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: -402, max: 3 }),
        (now, steps, offset) => {
          const interval = parseInterval('x', { ...config, steps }, zone)
          const bucket = interval.step.add(interval.step.floor(now), offset)
          const live = bucket >= interval.liveFrom(now)

          expect(live).toBe((interval.expiresAt(bucket) as number) > now)
          expect(live).toBe(offset > -steps)
        },
      ),
    )
  })

  it.each(retentionCases)('$label in $zone: far buckets agree too', ({ zone, config }) => {
    fc.assert(
      fc.property(anyInstant, anyInstant, fc.integer({ min: 1, max: 60 }), (t, now, steps) => {
        const interval = parseInterval('x', { ...config, steps }, zone)
        const bucket = interval.step.floor(t)
        const live = bucket >= interval.liveFrom(now)
        expect(live).toBe((interval.expiresAt(bucket) as number) > now)
      }),
    )
  })

  it('the bucket holding now is always live; one with no retention never expires', () => {
    const kept = parseInterval('x', { step: '1m' }, 'UTC')
    expect(kept.liveFrom(1e12)).toBe(Number.NEGATIVE_INFINITY)
    expect(kept.expiresAt(0)).toBeNull()

    const lastHour = parseInterval('x', { step: '1m', steps: 60 }, 'UTC')
    const now = Date.parse('2024-01-01T12:00:30Z')
    expect(lastHour.liveFrom(now)).toBe(Date.parse('2024-01-01T11:01:00Z'))
    expect(lastHour.expiresAt(Date.parse('2024-01-01T11:01:00Z'))).toBe(
      Date.parse('2024-01-01T12:01:00Z'),
    )
  })
})
