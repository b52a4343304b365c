import { describe, expect, it } from 'vitest'
import type { ConformanceOptions } from '../conformance-options.js'
import { useBackend } from '../kit/backend-kit.js'
import { expectMatch, ordered } from '../kit/compare.js'
import { HOUR } from '../kit/time.js'

const utc = Date.UTC

/**
 * One local day around a DST change: its first instant, the next day's first instant,
 * instants inside it (the first and last included) and its length in hours.
 */
interface ZoneDay {
  readonly zone: string
  readonly label: string
  readonly start: number
  readonly next: number
  readonly inside: readonly number[]
  readonly hours: number
}

const days: ZoneDay[] = [
  {
    zone: 'UTC',
    label: 'an ordinary UTC day',
    start: utc(2026, 0, 1),
    next: utc(2026, 0, 2),
    inside: [utc(2026, 0, 1), utc(2026, 0, 1, 12), utc(2026, 0, 2) - 1],
    hours: 24,
  },
  {
    zone: 'America/New_York',
    label: 'the 25-hour 2026-11-01 in New York',
    start: utc(2026, 10, 1, 4),
    next: utc(2026, 10, 2, 5),
    // 01:30 happens twice: first in daylight time, then in standard time.
    inside: [
      utc(2026, 10, 1, 4),
      utc(2026, 10, 1, 5, 30),
      utc(2026, 10, 1, 6, 30),
      utc(2026, 10, 2, 5) - 1,
    ],
    hours: 25,
  },
  {
    zone: 'America/New_York',
    label: 'the 23-hour 2026-03-08 in New York',
    start: utc(2026, 2, 8, 5),
    next: utc(2026, 2, 9, 4),
    inside: [
      utc(2026, 2, 8, 5),
      utc(2026, 2, 8, 6, 59, 59),
      utc(2026, 2, 8, 7),
      utc(2026, 2, 9, 4) - 1,
    ],
    hours: 23,
  },
  {
    zone: 'Europe/London',
    label: 'the 23-hour 2026-03-29 in London',
    start: utc(2026, 2, 29),
    next: utc(2026, 2, 29, 23),
    inside: [
      utc(2026, 2, 29),
      utc(2026, 2, 29, 1) - 1,
      utc(2026, 2, 29, 1),
      utc(2026, 2, 29, 23) - 1,
    ],
    hours: 23,
  },
  {
    zone: 'Europe/London',
    label: 'the 25-hour 2026-10-25 in London',
    start: utc(2026, 9, 24, 23),
    next: utc(2026, 9, 26),
    inside: [
      utc(2026, 9, 24, 23),
      utc(2026, 9, 25, 0, 30),
      utc(2026, 9, 25, 1, 30),
      utc(2026, 9, 26) - 1,
    ],
    hours: 25,
  },
]

/** Calendar days in UTC and in zones with daylight saving time. */
export function calendarZoneTests(setup: ConformanceOptions): void {
  describe('calendar days in time zones', () => {
    const kit = useBackend(setup)

    it.each(days)('$label is one bucket from local midnight to local midnight', async (day) => {
      const { ts } = kit.open({
        type: 'count',
        timezone: day.zone,
        intervals: { day: { step: 'daily' } },
      })
      for (const t of day.inside) await ts.insert('d', 1, { timestamp: t })
      await ts.insert('d', 10, { timestamp: day.start - 1 })
      await ts.insert('d', 100, { timestamp: day.next })

      const read = await ts.series('d', 'day', { start: day.start - 1, end: day.next })
      // The day before each of these has 24 hours.
      expect([...read]).toEqual([
        [day.start - 24 * HOUR, 10],
        [day.start, day.inside.length],
        [day.next, 100],
      ])
      const last = await ts.get('d', 'day', { timestamp: day.next - 1 })
      expect([...last]).toEqual([[day.start, day.inside.length]])
    })

    it.each(days)('rate over $label divides by its own length', async (day) => {
      const { ts } = kit.open({
        type: 'count',
        timezone: day.zone,
        intervals: { day: { step: 'daily' } },
      })
      for (const t of day.inside) await ts.insert('d', 1, { timestamp: t })

      const read = await ts.get('d', 'day', { timestamp: day.start, transform: 'rate' })
      expectMatch(read, ordered(new Map([[day.start, day.inside.length / (day.hours * 3600)]])))
      const fn = await ts.get('d', 'day', {
        timestamp: day.start,
        transform: (_: unknown, ms: unknown) => ms,
      })
      expect(fn.get(day.start)).toBe(day.hours * HOUR)
    })

    it('a 23-hour day has hourly sub-buckets at the real instants', async () => {
      const intervals = { day: { step: 'daily', resolution: '1h' } }
      const { ts } = kit.open({ type: 'count', timezone: 'Europe/London', intervals })
      await ts.insert('d', 1, { timestamp: utc(2026, 2, 29, 0, 59) })
      await ts.insert('d', 1, { timestamp: utc(2026, 2, 29, 1, 1) })

      const read = await ts.get('d', 'day', { timestamp: utc(2026, 2, 29, 12) })
      expect([...read]).toEqual([
        [utc(2026, 2, 29, 0), 1],
        [utc(2026, 2, 29, 1), 1],
      ])
    })
  })
}
